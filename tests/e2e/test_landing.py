"""In a real browser at desktop widths: national governance lands on its dashboard, someone with
several roles chooses, and an error page in the site's layout leads back home."""

import re

import pytest
from playwright.sync_api import expect

from regions.tenancy import Role

from .. import factories as f
from .conftest import log_in
from .desktop import WIDTHS, desktop_page


@pytest.fixture
def region(disciplines):
    return f.RegionFactory(code="utrecht-west", name="Regio Fictief Utrecht-West")


@pytest.mark.parametrize("width", WIDTHS)
def test_national_governance_lands_on_the_dashboard(browser, live_server, region, width):
    with desktop_page(browser, live_server, width) as page:
        log_in(page, f.UserFactory(national=True), f.TEST_PASSWORD)
        expect(page).to_have_url(re.compile(r"/landelijk/$"))
        expect(page.get_by_role("heading", name="Landelijk overzicht", level=1)).to_be_visible()
        header_link = page.locator("header").get_by_role("link", name="Landelijk overzicht")
        expect(header_link).to_have_attribute("aria-current", "page")


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_who_are_national_governance_too_choose(browser, live_server, region, width):
    user = f.MembershipFactory(region=region, role=Role.EDITOR, user__national=True).user
    with desktop_page(browser, live_server, width) as page:
        log_in(page, user, f.TEST_PASSWORD)
        expect(page.get_by_role("heading", name="Waar wilt u beginnen?")).to_be_visible()
        main = page.locator("main")
        expect(main.get_by_role("link", name=re.compile("Landelijk overzicht"))).to_be_visible()
        main.get_by_role("link", name=re.compile("Regio Fictief Utrecht-West")).click()
        expect(page).to_have_url(re.compile(r"/regio/utrecht-west/$"))
        page.locator("header").get_by_role("link", name="Landelijk overzicht").click()
        expect(page).to_have_url(re.compile(r"/landelijk/$"))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_viewer_on_an_edit_page_finds_the_way_back(browser, live_server, region, width):
    viewer = f.MembershipFactory(region=region, role=Role.VIEWER).user
    with desktop_page(browser, live_server, width) as page:
        log_in(page, viewer, f.TEST_PASSWORD)
        response = page.goto("/regio/utrecht-west/mandaten/nieuw/")
        assert response.status == 403
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
        page.get_by_role("link", name="Naar de startpagina").click()
        expect(page).to_have_url(re.compile(r"/regio/utrecht-west/$"))
