"""Rate limits per credential: each token (or browser session) has its own budget.

Two scopes, both in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``: ``burst`` (per minute) and
``sustained`` (per hour or day). Anonymous requests are not throttled here: they are refused
with 401 before throttling, and the token endpoint is guarded by django-axes.
"""

import hashlib

from knox.models import AuthToken
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


def credential_key(request) -> str | None:
    """What identifies the caller's credential: the token's key, or a digest of the session."""
    if isinstance(request.auth, AuthToken):
        return f"token:{request.auth.token_key}"
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if request.user.is_authenticated and session_key:
        return "session:" + hashlib.sha256(session_key.encode()).hexdigest()[:32]
    return None


class CredentialRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read per request rather than at import, so overridden settings take effect.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        key = credential_key(request)
        return None if key is None else f"api-throttle:{self.scope}:{key}"


class BurstRateThrottle(CredentialRateThrottle):
    scope = "burst"


class SustainedRateThrottle(CredentialRateThrottle):
    scope = "sustained"
