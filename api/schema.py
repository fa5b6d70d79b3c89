"""OpenAPI generation (drf-spectacular): every operation documents its problem responses."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from .exceptions import PROBLEM_CONTENT_TYPE
from .serializers import ProblemSerializer

PROBLEM_DESCRIPTIONS = {
    400: _(
        "Ongeldig verzoek: onleesbare JSON, een verkeerd type, een onbekend veld of een "
        "NUL-teken; zie detail en invalid_params."
    ),
    401: _("Niet aangemeld: stuur 'Authorization: Token <token>'."),
    403: _("Aangemeld, maar deze handeling is niet toegestaan."),
    404: _("Bestaat niet, of is niet zichtbaar voor u."),
    409: _("In strijd met de huidige toestand (status, verouderde versie)."),
    412: _("If-Match komt niet overeen met de actuele versie; er is niets gewijzigd."),
    413: _("De inhoud is groter dan de server aanneemt."),
    415: _("Stuur de inhoud als application/json."),
    422: _("Een regel van het domein staat dit niet toe: zie invalid_params."),
    428: _("If-Match ontbreekt."),
    429: _("Te veel verzoeken; probeer het opnieuw na Retry-After seconden."),
    503: _("Tijdelijk niet beschikbaar (database); probeer het opnieuw na Retry-After seconden."),
}
EVERY_OPERATION = (400, 401, 403, 404, 429, 503)
WITH_BODY = (413, 415)
RESPONSE_HEADERS = {
    401: {
        "WWW-Authenticate": {
            "schema": {"type": "string"},
            "description": _("Het verwachte schema: Token."),
        }
    },
    429: {
        "Retry-After": {
            "schema": {"type": "integer"},
            "description": _("Aantal seconden tot een volgend verzoek weer mag."),
        }
    },
    503: {
        "Retry-After": {
            "schema": {"type": "integer"},
            "description": _("Aantal seconden waarna een nieuwe poging zin heeft."),
        }
    },
}


class TokenScheme(KnoxTokenScheme):
    """knox's security scheme for its authentication class as :mod:`api.tokens` adapts it."""

    target_class = "api.tokens.TokenAuthentication"


def problem_responses(*statuses: int) -> dict:
    """``extend_schema(responses=...)`` entries for operation-specific problems (409, 412, ...)."""
    return {
        (status, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ProblemSerializer, description=PROBLEM_DESCRIPTIONS[status]
        )
        for status in statuses
    }


class AutoSchema(SpectacularAutoSchema):
    """Adds the problem responses every operation can give (400, 401, 403, 404, 429, 503, and
    413 and 415 with a body) to what the view declares, and describes the ``?format=`` parameter."""

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = str(
                _("Het formaat van het antwoord, in plaats van de header Accept.")
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        statuses = EVERY_OPERATION + (WITH_BODY if self.method in ("POST", "PUT", "PATCH") else ())
        for status in statuses:
            if str(status) in responses:
                continue
            response = self._get_response_for_code(
                OpenApiResponse(ProblemSerializer, description=PROBLEM_DESCRIPTIONS[status]),
                str(status),
                [PROBLEM_CONTENT_TYPE],
                direction,
            )
            if status in RESPONSE_HEADERS:
                response["headers"] = {
                    name: {**header, "description": str(header["description"])}
                    for name, header in RESPONSE_HEADERS[status].items()
                }
            responses[str(status)] = response
        return dict(sorted(responses.items()))
