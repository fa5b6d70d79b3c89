from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.response import Response

from .exceptions import API_PATH_PREFIX, PROBLEM_CONTENT_TYPE, problem_response


def has_nul(request) -> bool:
    """A NUL character in the path, the query string or a header: PostgreSQL cannot store or
    compare it, so no value that carries one may reach a query."""
    return (
        "\x00" in request.path
        or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", ""))
        or any(
            "\x00" in value
            for name, value in request.META.items()
            if name.startswith("HTTP_") and isinstance(value, str)
        )
    )


class ApiGuardMiddleware:
    """Refuses a NUL character anywhere in the request line or headers (400; problem+json under
    ``/api/``), and answers every 404 under ``/api/`` that DRF did not make, such as an unknown
    or malformed URL, as problem+json, also when ``DEBUG`` would show Django's page.

    Place it after ``LocaleMiddleware`` (its messages are translated) and before anything that
    queries the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_api = request.path.startswith(API_PATH_PREFIX)
        if has_nul(request):
            if in_api:
                return problem_response(
                    request, 400, "nul_character", _("Het verzoek bevat een NUL-teken.")
                )
            raise BadRequest("NUL character in the request")
        response = self.get_response(request)
        if (
            in_api
            and response.status_code == 404
            and not isinstance(response, Response)
            and response.get("Content-Type") != PROBLEM_CONTENT_TYPE
        ):
            return problem_response(request, 404, "not_found", _("Niet gevonden."))
        return response
