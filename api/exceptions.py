"""Every API error as ``application/problem+json`` (RFC 9457), from one handler.

The body has ``type`` (``urn:regio:problem:<code>``), ``code``, ``title`` (per status),
``status``, ``detail`` (what went wrong, for a person) and ``instance`` (the request path);
validation errors add ``invalid_params: [{"name", "code", "reason"}]``, one entry per broken
rule, named like the field in the request (``budget_lines[1].amount``).

Status codes:

- 400: the request itself is malformed (wrong types, unknown or read-only fields, bad filter
  values, a malformed body);
- 422: the request is well-formed but a domain rule refuses it (:class:`DomainError`);
- 409: a domain rule about state refuses it (``DomainError(conflict=True)``: an outdated
  version, a transition the status does not allow);
- 412 / 428: a stale or missing ``If-Match`` (:class:`PreconditionFailed`,
  :class:`PreconditionRequired`);
- 413: a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (:class:`RequestTooLarge`);
- 403: the caller may not do this: a service's :class:`regions.errors.Refused` (with its code,
  such as ``not_a_party``) or DRF's permission check (``permission_denied``);
- 401, 404, 405, 406, 415, 429 as DRF raises them (429 carries ``Retry-After``).

Errors that never reach DRF (an unknown URL under ``/api/``, an unexpected server error) get the
same format from :func:`not_found` and :func:`server_error`, Django's ``handler404`` and
``handler500``, and from :class:`api.middleware.ApiGuardMiddleware` (a NUL character anywhere
in the request line or headers; a 404 page of Django's, which ``DEBUG`` shows instead of
``handler404``).

While PostgreSQL cannot be reached (a restart, a failover), every request that needs it fails
with Django's ``OperationalError`` or ``InterfaceError``, wherever it is raised (a view,
authentication, the session). :func:`server_error` answers those with 503 and ``Retry-After``:
problem+json under ``/api/``, the Dutch page ``503.html`` elsewhere; never a 500.
"""

import sys

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

from regions.errors import DomainError, Refused

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PATH_PREFIX = "/api/"
# Seconds a client should wait while the database is away (a restart takes a few).
DATABASE_RETRY_AFTER = 10

TITLES = {
    400: _("Ongeldig verzoek"),
    401: _("Niet aangemeld"),
    403: _("Geen toegang"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegestaan"),
    406: _("Antwoordformaat niet beschikbaar"),
    409: _("In strijd met de huidige toestand"),
    412: _("Verouderde versie"),
    413: _("Verzoek te groot"),
    415: _("Formaat van de inhoud niet ondersteund"),
    422: _("Niet te verwerken"),
    428: _("If-Match ontbreekt"),
    429: _("Te veel verzoeken"),
    500: _("Fout op de server"),
    503: _("Tijdelijk niet beschikbaar"),
}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "Iemand anders heeft dit intussen gewijzigd. Haal de actuele versie (en ETag) op en "
        "breng uw wijziging opnieuw aan."
    )
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Stuur de ETag van de versie die u wijzigt mee in de header If-Match, zodat geen "
        "wijziging van een ander verloren gaat."
    )
    default_code = "precondition_required"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("De inhoud van het verzoek is te groot.")
    default_code = "too_large"


def problem(status_code: int, code: str, detail, instance: str, invalid_params=None) -> dict:
    body = {
        "type": f"urn:regio:problem:{code}",
        "code": code,
        "title": str(TITLES.get(status_code, _("Fout"))),
        "status": status_code,
        "detail": str(detail),
        "instance": instance,
    }
    if invalid_params is not None:
        body["invalid_params"] = invalid_params
    return body


def invalid_params_of(detail, name: str = "") -> list[dict]:
    """Flatten DRF's nested error detail into ``[{"name", "code", "reason"}]``.

    Names follow the request: ``parties[0].organisation``; errors about a whole object are
    named after it (or ``non_field_errors`` at the top).
    """
    if isinstance(detail, dict):
        params = []
        for key, value in detail.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                child = name or key
            elif isinstance(key, int):  # ListField errors are keyed by position
                child = f"{name}[{key}]"
            else:
                child = f"{name}.{key}" if name else str(key)
            params += invalid_params_of(value, child)
        return params
    if isinstance(detail, list):
        params = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):  # one entry per item of a nested list
                params += invalid_params_of(value, f"{name}[{index}]")
            else:
                params += invalid_params_of(value, name)
        return params
    return [
        {
            "name": name or api_settings.NON_FIELD_ERRORS_KEY,
            "code": getattr(detail, "code", None) or "invalid",
            "reason": str(detail),
        }
    ]


def domain_problem(error: DomainError, instance: str) -> tuple[int, dict]:
    status_code = 409 if error.conflict else 422
    codes = set(error.codes)
    code = codes.pop() if len(codes) == 1 else "invalid"
    params = [
        {
            "name": p.name or api_settings.NON_FIELD_ERRORS_KEY,
            "code": p.code,
            "reason": str(p.message),
        }
        for p in error.problems
    ]
    detail = " ".join(str(p.message) for p in error.problems)
    return status_code, problem(status_code, code, detail, instance, params)


def problem_exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: DRF's own handling (headers, rollback), then problem+json."""
    request = context["request"]
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # DRF's message, translated, without the model's name
    elif isinstance(exc, Refused):
        exc = exceptions.PermissionDenied(
            " ".join(str(p.message) for p in exc.problems), code=exc.codes[0]
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, DjangoValidationError):
        exc = DomainError.from_validation_error(exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    if isinstance(exc, DomainError):
        set_rollback()
        status_code, data = domain_problem(exc, request.path)
        response = Response(data, status=status_code)
    else:
        response = exception_handler(exc, context)
        if response is None:
            return None  # a server error: Django's handler500 answers (see server_error)
        if isinstance(exc, exceptions.ValidationError):
            response.data = problem(
                400,
                "invalid",
                _("Een of meer velden zijn ongeldig."),
                request.path,
                invalid_params_of(exc.detail),
            )
        else:
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else "error"
            detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code)
            response.data = problem(exc.status_code, code, detail, request.path)
    if not isinstance(getattr(request, "accepted_renderer", None), BrowsableAPIRenderer):
        response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(request, status_code: int, code: str, detail, **headers) -> JsonResponse:
    """A problem+json answer outside DRF (middleware, Django's error handlers)."""
    return JsonResponse(
        problem(status_code, code, detail, request.path),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
        headers=headers,
    )


def not_found(request, exception):
    """``handler404``: problem+json under ``/api/``, Django's page elsewhere."""
    if request.path.startswith(API_PATH_PREFIX):
        return problem_response(request, 404, "not_found", _("Niet gevonden."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    """``handler500``: problem+json under ``/api/``, Django's page elsewhere; 503 while the
    database cannot be reached (Django calls it while handling the exception)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    if request.path.startswith(API_PATH_PREFIX):
        return problem_response(
            request, 500, "server_error", _("Er ging iets mis op de server; het is gemeld.")
        )
    return defaults.server_error(request)


def database_unavailable(request):
    retry_after = str(DATABASE_RETRY_AFTER)
    if request.path.startswith(API_PATH_PREFIX):
        return problem_response(
            request,
            503,
            "unavailable",
            _("De gegevens zijn tijdelijk niet bereikbaar. Probeer het zo opnieuw."),
            **{"Retry-After": retry_after},
        )
    page = loader.get_template("503.html").render()
    return HttpResponse(page, status=503, headers={"Retry-After": retry_after})
