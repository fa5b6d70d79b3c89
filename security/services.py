"""Sign-in rules: who needs a second factor, and the life of browser sessions."""

import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.tenancy import Role

# Session keys: when the person signed in and was last seen (seconds since the epoch), and
# whether this sign-in needs a second factor (decided once, at sign-in).
SIGNED_IN_AT = "security_signed_in_at"
LAST_SEEN = "security_last_seen"
OTP_NEEDED = "security_otp_needed"
OTP_REQUIRED = "security_otp_required"
RECORDED_KEY = "security_recorded_key"

RECOVERY_DEVICE_NAME = "herstelcodes"
RECOVERY_CODE_COUNT = 10


def requires_otp(user) -> bool:
    """Region admins, national governance and platform admins must sign in with a second
    factor; everyone else may."""
    return (
        user.is_superuser
        or user.is_staff
        or user.is_national_governance
        or user.region_memberships.filter(role=Role.ADMIN).exists()
    )


def start_session(request, user) -> None:
    """Called at every sign-in: stamp the session and record it in the person's list."""
    now = time.time()
    session = request.session
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now
    session[OTP_REQUIRED] = requires_otp(user)
    session[OTP_NEEDED] = session[OTP_REQUIRED] or user_has_device(user)
    if session.session_key is None:
        session.save()
    record_session(request, user)


def record_session(request, user) -> None:
    now = timezone.now()
    meta = getattr(request, "META", {})
    request.session[RECORDED_KEY] = request.session.session_key
    UserSession = user.browser_sessions.model
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "last_seen_at": now},
        create_defaults={
            "user": user,
            "signed_in_at": now,
            "last_seen_at": now,
            "ip_address": meta.get("REMOTE_ADDR") or None,
            "user_agent": meta.get("HTTP_USER_AGENT", "")[:300],
        },
    )


def active_sessions(user):
    """The person's sessions that still exist and have not expired, newest first."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return user.browser_sessions.filter(session_key__in=live)


@transaction.atomic
def end_sessions(user, keep: str | None = None) -> int:
    """End every session of ``user`` (all but ``keep``): "overal uitloggen", and on a new
    password."""
    rows = user.browser_sessions.exclude(session_key=keep or "")
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)


def session_expired(session) -> bool:
    now = time.time()
    return (
        now - session.get(LAST_SEEN, now) > settings.SESSION_IDLE_TIMEOUT
        or now - session.get(SIGNED_IN_AT, now) > settings.SESSION_ABSOLUTE_LIFETIME
    )


def new_totp_device(user) -> TOTPDevice:
    """An unconfirmed authenticator for enrolment (the one not yet confirmed, if any)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten fresh recovery codes, each usable once; earlier codes stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if not code.isdigit():  # all digits would read as an authenticator's code (check_code)
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
