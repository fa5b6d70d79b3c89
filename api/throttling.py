"""Rate limits per credential: each token (or browser session) has its own budget.

Two scopes, both in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``: ``burst`` (per minute) and
``sustained`` (per hour or day). Anonymous requests are not throttled here: they are refused
with 401 before throttling, and the token endpoint is guarded by django-axes.

The budgets are counted in the cache (Redis). When the cache cannot be reached, throttling
fails open: requests are let through unthrottled, with one warning in the log, and the cache
is not tried again for :data:`CACHE_RETRY_SECONDS` (so an outage costs no time per request).
Reads need only PostgreSQL; an outage of the cache must not turn them into errors.
"""

import hashlib
import logging
import time

from knox.models import AuthToken
from redis.exceptions import RedisError
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


logger = logging.getLogger(__name__)

CACHE_RETRY_SECONDS = 5.0
_cache_unreachable_until = 0.0


class CredentialRateThrottle(SimpleRateThrottle):
    def allow_request(self, request, view):
        global _cache_unreachable_until
        if time.monotonic() < _cache_unreachable_until:
            return True
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as error:
            _cache_unreachable_until = time.monotonic() + CACHE_RETRY_SECONDS
            logger.warning(
                "Rate limits not applied for %.0f s: the cache cannot be reached (%s)",
                CACHE_RETRY_SECONDS,
                error,
            )
            return True

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
