"""Tokens for machine clients: ``POST /api/v1/auth/token/`` signs in, ``DELETE`` revokes.

Tokens are django-rest-knox tokens: only a digest is stored, each expires after
``REST_KNOX["TOKEN_TTL"]`` (``API_TOKEN_TTL_HOURS``, 10 hours by default; expired ones are
deleted hourly, :mod:`api.tokens`), and an admin can revoke them in the Django admin. Signing in
goes through ``authenticate(request=...)``, so django-axes counts failed attempts and locks an
account out exactly as for the web login.
"""

from axes.helpers import get_cool_off
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from security.otp import check_code, locked_out

from . import fields as strict
from .compression import carries_secret
from .exceptions import PROBLEM_CONTENT_TYPE
from .serializers import ProblemSerializer, StrictSerializer
from .tokens import TokenAuthentication


class CredentialsSerializer(StrictSerializer):
    username = strict.CharField(max_length=150, help_text=_("Uw gebruikersnaam."))
    password = strict.CharField(
        max_length=4096, trim_whitespace=False, help_text=_("Uw wachtwoord.")
    )
    code = strict.CharField(
        max_length=20,
        required=False,
        help_text=_(
            "De code uit uw authenticator-app (of een herstelcode); verplicht als u "
            "tweestapsverificatie hebt ingesteld."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=_("Stuur mee als 'Authorization: Token <token>'. Wordt maar één keer getoond.")
    )
    expires = serializers.DateTimeField(help_text=_("Tot wanneer het token geldig is."))


class LockedOut(exceptions.Throttled):
    default_detail = _(
        "Er is te vaak een verkeerd wachtwoord ingevoerd; dit account is tijdelijk geblokkeerd."
    )
    default_code = "locked_out"


class TokenView(APIView):
    authentication_classes = [TokenAuthentication]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        operation_id="auth_token_create",
        summary=_("Token aanvragen"),
        description=_(
            "Geeft een token dat beperkt geldig is (standaard 10 uur; zie expires). Na te veel "
            "mislukte pogingen is het account tijdelijk geblokkeerd (429)."
        ),
        request=CredentialsSerializer,
        responses={
            201: TokenSerializer,
            (401, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ProblemSerializer,
                description=_(
                    "Gebruikersnaam of wachtwoord is onjuist, of het account is niet actief "
                    "(code invalid_credentials); de code van de tweestapsverificatie ontbreekt "
                    "(otp_required) of klopt niet (invalid_otp)."
                ),
            ),
        },
        auth=[],
        examples=[
            OpenApiExample(
                "Aanmelden",
                value={"username": "verzekeraar-beoordelaar", "password": "…"},
                request_only=True,
            )
        ],
        tags=["auth"],
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        code = credentials.validated_data.pop("code", "")
        user = authenticate(request=request._request, **credentials.validated_data)
        if getattr(request._request, "axes_locked_out", False):
            # Answer the lockout here, as problem+json; AxesMiddleware would otherwise swap
            # in the web login's HTML page.
            request._request.axes_locked_out = False
            cool_off = get_cool_off(request._request)
            raise LockedOut(wait=cool_off.total_seconds() if cool_off else None)
        if user is None:
            raise exceptions.AuthenticationFailed(
                _("Gebruikersnaam of wachtwoord is onjuist."), code="invalid_credentials"
            )
        if user_has_device(user):
            if not code:
                raise exceptions.AuthenticationFailed(
                    _("Vul ook de code uit uw authenticator-app in (veld code)."),
                    code="otp_required",
                )
            if check_code(request._request, user, code) is None:
                if locked_out(request._request, user):
                    request._request.axes_locked_out = False
                    cool_off = get_cool_off(request._request)
                    raise LockedOut(wait=cool_off.total_seconds() if cool_off else None)
                raise exceptions.AuthenticationFailed(
                    _("Deze code klopt niet."), code="invalid_otp"
                )
        with transaction.atomic():
            token, key = AuthToken.objects.create(user=user)
        return carries_secret(
            Response(
                TokenSerializer({"token": key, "expires": token.expiry}).data,
                status=status.HTTP_201_CREATED,
            )
        )

    @extend_schema(
        operation_id="auth_token_destroy",
        summary=_("Token intrekken"),
        description=_("Trekt het meegestuurde token in; daarna geeft het 401."),
        request=None,
        responses={204: None},
        tags=["auth"],
    )
    def delete(self, request):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
