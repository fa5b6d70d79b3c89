"""In Chromium: a region admin enrols in two-step verification and signs in with a code and
with a recovery code (once, not twice); no page breaks the Content-Security-Policy."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from regions.tenancy import Role

from .. import factories as f
from ..otp_helpers import code_now
from ..test_headers import page_urls
from .conftest import log_in


def sign_in_with_password(page, user):
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(f.TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def give_code(page, code):
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()


def sign_out(page):
    page.locator("header").get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def test_a_region_admin_enrols_and_signs_in_with_a_code_and_a_recovery_code(page):
    region = f.RegionFactory(code="utrecht-west")
    admin = f.MembershipFactory(region=region, role=Role.ADMIN).user

    sign_in_with_password(page, admin)
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/"))
    expect(page.get_by_text("verplicht")).to_be_visible()
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    page.get_by_label("Code").fill(code_now(device))
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.get_by_role("heading", name="Uw herstelcodes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    expect(page).to_have_url(re.compile(r"/regio/utrecht-west/$"))
    sign_out(page)

    sign_in_with_password(page, admin)
    expect(page).to_have_url(re.compile(r"/account/code/"))
    page.goto("/regio/utrecht-west/")  # nothing opens before the code
    expect(page).to_have_url(re.compile(r"/account/code/"))
    give_code(page, "000000" if code_now(device) != "000000" else "111111")
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    device.refresh_from_db()
    give_code(page, code_now(device, steps_ahead=1))  # the enrolment's code is used up
    expect(page).to_have_url(re.compile(r"/regio/utrecht-west/$"))
    sign_out(page)

    sign_in_with_password(page, admin)
    give_code(page, codes[0])
    expect(page).to_have_url(re.compile(r"/regio/utrecht-west/$"))
    sign_out(page)

    sign_in_with_password(page, admin)
    give_code(page, codes[0])
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account/code/"))


@pytest.fixture
def violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return found


def test_no_page_breaks_the_content_security_policy(page, world, violations):
    visited = 0
    for user, urls in page_urls(world):
        page.context.clear_cookies()
        if user is not None:
            log_in(page, user, f.TEST_PASSWORD)
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            visited += 1
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Regio API")
    assert violations == []
    assert visited > 60
