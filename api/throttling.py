"""Rate limits per credential: each token (or browser session) has its own budget.

Two scopes, both in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``: ``burst`` (per minute) and
``sustained`` (per hour or day). Anonymous requests are not throttled here: they are refused
with 401 before throttling, and the token endpoint is guarded by django-axes.

The budgets are counted in the cache (Redis) as DRF's ``SimpleRateThrottle`` counts them, a
sliding log of the requests' times per scope, but kept in a sorted set by one Lua script for
all scopes: one round trip per request, where DRF's throttles read and write back the whole
pickled log (up to the sustained budget's thousands of entries) twice per scope. As in DRF, a
scope with room counts the request even when another scope refuses it.

When the cache cannot be reached, throttling fails open: requests are let through
unthrottled, with one warning in the log, and the cache is not tried again for
:data:`CACHE_RETRY_SECONDS` (so an outage costs no time per request). Reads need only
PostgreSQL; an outage of the cache must not turn them into errors.
"""

import hashlib
import logging
import secrets
import time

from django.core.cache import cache
from knox.models import AuthToken
from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

SCOPES = ("burst", "sustained")

# KEYS: one log per scope. ARGV: now, this request's member, then per scope its limit and
# duration. Returns, per scope that refuses, its position, count and oldest entry (as text:
# Lua would truncate a number).
COUNT_SCRIPT = """
local now = tonumber(ARGV[1])
local refused = {}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[1 + 2 * i])
  local duration = tonumber(ARGV[2 + 2 * i])
  redis.call("ZREMRANGEBYSCORE", key, "-inf", now - duration)
  local count = redis.call("ZCARD", key)
  if count < limit then
    redis.call("ZADD", key, now, ARGV[2])
    redis.call("EXPIRE", key, duration)
  else
    local oldest = redis.call("ZRANGE", key, 0, 0, "WITHSCORES")[2]
    table.insert(refused, {i, count, oldest})
  end
end
return refused
"""


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


class CredentialRateThrottle(BaseThrottle):
    """Every scope of :data:`SCOPES` that has a rate, counted in one round trip."""

    def allow_request(self, request, view):
        global _cache_unreachable_until
        self.waits = []
        key = credential_key(request)
        rates = api_settings.DEFAULT_THROTTLE_RATES  # per request, so overrides take effect
        limits = [
            (scope, *SimpleRateThrottle.parse_rate(None, rates[scope]))
            for scope in SCOPES
            if rates.get(scope)
        ]
        if key is None or not limits or time.monotonic() < _cache_unreachable_until:
            return True
        now = time.time()
        try:
            refused = self.count(key, limits, now)
        except (RedisError, OSError) as error:
            _cache_unreachable_until = time.monotonic() + CACHE_RETRY_SECONDS
            logger.warning(
                "Rate limits not applied for %.0f s: the cache cannot be reached (%s)",
                CACHE_RETRY_SECONDS,
                error,
            )
            return True
        for position, count, oldest in refused:
            _scope, limit, duration = limits[position - 1]
            # As SimpleRateThrottle.wait(): the rest of the oldest entry's window, spread over
            # the requests that will then be free.
            available = limit - count + 1
            if available > 0:
                self.waits.append((duration - (now - float(oldest))) / available)
        return not refused

    @staticmethod
    def count(key: str, limits: list, now: float) -> list:
        client = cache._cache.get_client(write=True)  # Django's pool, with its socket timeouts
        script = client.register_script(COUNT_SCRIPT)
        keys = [
            cache.make_and_validate_key(f"api-throttle-log:{scope}:{key}") for scope, *_ in limits
        ]
        arguments = [repr(now), f"{now!r}:{secrets.token_hex(4)}"]
        for _scope, limit, duration in limits:
            arguments += [limit, duration]
        return script(keys=keys, args=arguments, client=client)

    def wait(self):
        return max(self.waits, default=None)
