"""Sign-in security: second factor (web and API, counted by the lockout), idle timeout and
absolute lifetime, one's own sessions and 'overal uitloggen', password rules."""

import json
import logging
import time
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from demo.demo_data import DEFAULT_PASSWORD
from regions.models import RegionMembership
from regions.tenancy import Role
from security import services
from security.logging import JsonFormatter, request_id_var
from security.models import UserSession

from . import factories as f
from .api_helpers import assert_problem
from .otp_helpers import authenticator, code_now

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": f.TEST_PASSWORD})


def region_home(world):
    return reverse("staff:region_home", args=[world.region.code])


def test_a_region_admin_without_authenticator_must_enrol_before_anything_else(world):
    client = Client()
    sign_in(client, world.admin)
    response = client.get(region_home(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_setup"))
    page = client.get(response["Location"])
    assert "verplicht" in page.content.decode()
    assert "<svg" in page.content.decode()


@pytest.mark.parametrize("who", ["national", "platform_admin"])
def test_national_governance_and_platform_admins_must_enrol_too(world, who):
    client = Client()
    sign_in(client, getattr(world, who))
    target = reverse("national:dashboard") if who == "national" else reverse("admin:index")
    assert client.get(target)["Location"].startswith(reverse("otp_setup"))


def test_an_editor_signs_in_with_the_password_alone(world):
    client = Client()
    sign_in(client, world.editor)
    assert client.get(region_home(world)).status_code == 200


def test_an_editor_with_an_authenticator_gives_its_code(world):
    device = authenticator(world.editor)
    client = Client()
    sign_in(client, world.editor)
    assert client.get(region_home(world))["Location"].startswith(reverse("otp_verify"))
    response = client.post(
        reverse("otp_verify"), {"code": code_now(device), "next": region_home(world)}
    )
    assert response["Location"] == region_home(world)
    assert client.get(region_home(world)).status_code == 200


def test_a_mistyped_code_does_not_hold_up_a_recovery_code(world):
    # django-otp makes a device wait after each wrong code; a wrong authenticator code goes to
    # the authenticator only, so the recovery code given right after it still works.
    device = authenticator(world.editor)
    (recovery_code, *_) = services.new_recovery_codes(world.editor)
    client = Client()
    sign_in(client, world.editor)
    wrong = "000000" if code_now(device) != "000000" else "111111"
    assert (
        "Deze code klopt niet"
        in client.post(reverse("otp_verify"), {"code": wrong}).content.decode()
    )
    response = client.post(
        reverse("otp_verify"), {"code": recovery_code.upper(), "next": region_home(world)}
    )
    assert response["Location"] == region_home(world)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_an_unverified_session_is_not_signed_in_for_the_api(world):
    authenticator(world.admin)
    client = Client()
    sign_in(client, world.admin)
    response = client.get(reverse("api:agreement-list"))
    assert response.status_code in (401, 403)


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(world, settings):
    device = authenticator(world.admin)
    client = Client()
    sign_in(client, world.admin)
    wrong = "000000" if code_now(device) != "000000" else "111111"
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("otp_verify"), {"code": wrong})
        assert "Deze code klopt niet" in response.content.decode()
    assert AccessAttempt.objects.get(username=world.admin.username).failures_since_start == 4
    locked = client.post(reverse("otp_verify"), {"code": wrong})
    assert locked.status_code == 429
    # Signing in again with the right password does not wipe the count of wrong codes.
    assert sign_in(Client(), world.admin).status_code == 429


def token(client, user, **extra):
    body = {"username": user.username, "password": f.TEST_PASSWORD, **extra}
    return client.post(reverse("api:token"), body, format="json")


def test_the_api_asks_for_the_code_of_someone_with_an_authenticator(world):
    device = authenticator(world.party_insurer_member)
    client = APIClient()
    body = assert_problem(token(client, world.party_insurer_member), 401, "otp_required")
    assert "code" in body["detail"]
    assert_problem(token(client, world.party_insurer_member, code="12345x"), 401, "invalid_otp")
    assert AccessAttempt.objects.get().failures_since_start == 1
    assert not AuthToken.objects.exists()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp also makes each retry after a wrong code wait longer
    response = token(client, world.party_insurer_member, code=code_now(device))
    assert response.status_code == 201
    assert token(APIClient(), world.editor).status_code == 201  # no authenticator, no code


def test_a_recovery_code_works_once_for_the_api(world):
    authenticator(world.party_insurer_member)
    (code, *_) = services.new_recovery_codes(world.party_insurer_member)
    client = APIClient()
    assert token(client, world.party_insurer_member, code=code).status_code == 201
    assert_problem(token(client, world.party_insurer_member, code=code), 401, "invalid_otp")


def test_an_idle_session_ends_after_the_timeout(world, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client = Client()
    client.force_login(world.editor)
    assert client.get(region_home(world)).status_code == 200
    session = client.session
    session[services.LAST_SEEN] = time.time() - 29 * 60
    session.save()
    assert client.get(region_home(world)).status_code == 200  # and counts as activity
    session = client.session
    assert time.time() - session[services.LAST_SEEN] < 5
    session[services.LAST_SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get(region_home(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(region_home(world)).status_code == 302
    assert not UserSession.objects.filter(user=world.editor).exists()


def test_a_busy_session_ends_after_its_absolute_lifetime(world, settings):
    settings.SESSION_ABSOLUTE_LIFETIME = 12 * 3600
    client = Client()
    client.force_login(world.editor)
    session = client.session
    session[services.SIGNED_IN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    assert client.get(region_home(world))["Location"].startswith(reverse("login"))


def test_one_sees_only_ones_own_sessions_and_can_log_out_everywhere(world):
    laptop, phone, someone_else = Client(), Client(), Client()
    laptop.force_login(world.editor)
    phone.force_login(world.editor)
    someone_else.force_login(world.viewer)
    page = laptop.get(reverse("session_list"))
    assert list(page.context["sessions"].values_list("user", flat=True)) == [world.editor.pk] * 2
    assert "deze sessie" in page.content.decode()

    response = laptop.post(reverse("log_out_everywhere"))
    assert response["Location"] == reverse("login")
    assert phone.get(region_home(world)).status_code == 302
    assert laptop.get(region_home(world)).status_code == 302
    assert someone_else.get(region_home(world)).status_code == 200


def test_a_new_password_ends_the_other_sessions(world):
    laptop, phone = Client(), Client()
    laptop.force_login(world.editor)
    phone.force_login(world.editor)
    new = "een-heel-ander-wachtwoord-77"
    response = laptop.post(
        reverse("password_change"),
        {"old_password": f.TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert laptop.get(region_home(world)).status_code == 200
    assert phone.get(region_home(world)).status_code == 302
    assert UserSession.objects.filter(user=world.editor).count() == 1


@pytest.mark.parametrize(
    ("password", "why"),
    [("kort-2026!", "te kort"), ("password1234", "veelgebruikt"), ("janjansen2026", "naam")],
)
def test_weak_passwords_are_refused(password, why):
    user = f.UserFactory.build(username="janjansen", first_name="Jan", last_name="Jansen")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_the_demo_and_test_passwords_pass_the_rules():
    validate_password(DEFAULT_PASSWORD, f.UserFactory.build(username="regio-beheerder"))
    validate_password(f.TEST_PASSWORD, f.UserFactory.build(username="someone"))


def test_an_admin_of_a_region_needs_a_second_factor_an_editor_does_not(world):
    assert services.requires_otp(world.admin)
    assert services.requires_otp(world.national)
    assert services.requires_otp(world.platform_admin)
    assert not services.requires_otp(world.editor)
    assert not services.requires_otp(world.party_insurer_member)
    f.MembershipFactory(region=world.other_region, role=Role.ADMIN, user=world.editor)
    assert services.requires_otp(world.editor)


@pytest.mark.slow
def test_demo_admins_sign_in_with_the_code_demo_code_prints():
    call_command("seed_demo", stdout=StringIO())
    admin = RegionMembership.objects.filter(role=Role.ADMIN).first().user
    assert TOTPDevice.objects.filter(user__username="demo-landelijk", confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user__username="demo-wijkcoordinator").exists()
    out = StringIO()
    call_command("demo_code", admin.username, stdout=out)
    client = Client()
    client.post(reverse("login"), {"username": admin.username, "password": DEFAULT_PASSWORD})
    response = client.post(reverse("otp_verify"), {"code": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code in (200, 302)
    assert client.session.get(DEVICE_ID_SESSION_KEY)


def test_a_crash_is_logged_as_one_json_line_with_the_request_id_and_shown_without_it(
    settings, caplog
):
    """Production logging (config/settings/prod.py): the person sees the Dutch 500 page with
    no exception name or path; the log has the traceback under the same request id."""
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)
    caplog.set_level(logging.ERROR, logger="django.request")
    response = client.get("/kapot/", HTTP_X_REQUEST_ID="verzoek-42")
    assert response.status_code == 500
    page = response.content.decode()
    assert "RuntimeError" not in page
    assert "error_urls" not in page
    assert response["X-Request-ID"] == "verzoek-42"
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "verzoek-42"
    assert entry["level"] == "ERROR"
    assert entry["path"] == "/kapot/"
    assert "RuntimeError: a test of the 500 page" in entry["exception"]


def test_a_log_line_inside_a_request_carries_its_id():
    record = logging.LogRecord("regio", logging.INFO, __file__, 1, "hallo", None, None)
    token = request_id_var.set("abc")
    try:
        assert json.loads(JsonFormatter().format(record))["request_id"] == "abc"
    finally:
        request_id_var.reset(token)
