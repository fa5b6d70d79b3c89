"""Demo logins that need a second factor get an authenticator with a known key, so that
`make run` stays usable: `manage.py demo_code <username>` prints the code of the moment."""

import hashlib

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.services import requires_otp


def demo_key(username: str) -> str:
    """A fixed key per demo login (hex), derived from its name: demo data only."""
    return hashlib.sha256(f"regio-demo-totp:{username}".encode()).hexdigest()[:40]


def enrol(user) -> bool:
    """Give ``user`` the demo authenticator if their role needs one; True if they have it."""
    if not requires_otp(user):
        return False
    TOTPDevice.objects.update_or_create(
        user=user, name="demo", defaults={"key": demo_key(user.username), "confirmed": True}
    )
    return True


def demo_authenticators() -> dict[str, TOTPDevice]:
    """The demo authenticators by username (read once, for code that cannot query later)."""
    devices = TOTPDevice.objects.filter(name="demo", confirmed=True).select_related("user")
    return {device.user.username: device for device in devices}


def code_of(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def current_code(user) -> str:
    return code_of(TOTPDevice.objects.get(user=user, name="demo"))
