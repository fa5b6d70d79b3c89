"""Checking a second-factor code, counted by django-axes like a password."""

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice


def check_code(request, user, code: str):
    """The device that accepts ``code`` (an authenticator code, or a recovery code, which is
    used up), or None; a wrong code counts as a failed sign-in for the lockout."""
    code = "".join(code.split()).lower()
    with transaction.atomic():
        devices = [d for d in devices_for_user(user, for_verify=True) if _may_be_for(d, code)]
        device = next((d for d in devices if d.verify_token(code)), None)
    if device is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
    return device


def forget_failures(user) -> None:
    """Both factors given: earlier failures no longer count towards the lockout. (Not at the
    password alone, AXES_RESET_ON_SUCCESS is off: signing in again would otherwise reset the
    count of wrong codes.)"""
    reset(username=user.get_username())


def locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()})


def _may_be_for(device, code: str) -> bool:
    """An authenticator's code is all digits, a recovery code never is (new_recovery_codes).
    Each goes only to its own kind of device: django-otp makes a device wait longer after every
    wrong code, and a mistyped authenticator code must not hold up a recovery code."""
    if not code:
        return False
    return code.isdigit() != isinstance(device, StaticDevice)
