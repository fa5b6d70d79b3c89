"""Response headers, session lifetime and the second factor, for every request."""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services

# Pages a person who still owes the second factor may open.
OTP_EXEMPT_URL_NAMES = {"otp_verify", "otp_setup", "logout", "set_language", "health"}


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


class PermissionsPolicyMiddleware:
    """Switch off the browser features the platform never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SessionLifetimeMiddleware:
    """Sign a person out after SESSION_IDLE_TIMEOUT seconds without a request, and in any case
    SESSION_ABSOLUTE_LIFETIME seconds after signing in. Token requests (the API) have their
    own lifetime (knox) and never reach this as signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            if services.session_expired(session):
                logout(request)
                if not _is_api(request):
                    messages.info(request, _("U bent uitgelogd omdat u een tijd niet actief was."))
                    return redirect_to_login(request.get_full_path())
            else:
                now = time.time()
                if (
                    now - session.get(services.LAST_SEEN, 0) >= 60
                    or session.get(services.RECORDED_KEY) != session.session_key
                ):
                    session[services.LAST_SEEN] = now
                    services.record_session(request, request.user)
        return self.get_response(request)


class RequireOTPMiddleware:
    """After the password, a person with an authenticator (and anyone whose role needs one)
    must give a code before anything else; until then the API treats the session as not
    signed in. Runs after django-otp's OTPMiddleware, which knows whether the session was
    verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not request.session.get(services.OTP_NEEDED):
            return None
        if user.is_verified() or request.resolver_match.url_name in OTP_EXEMPT_URL_NAMES:
            return None
        if _is_api(request):
            request.user = AnonymousUser()
            return None
        has_device = user.totpdevice_set.filter(confirmed=True).exists()
        target = "otp_verify" if has_device else "otp_setup"
        return redirect(f"{reverse(target)}?next={quote(request.get_full_path(), safe='/')}")
