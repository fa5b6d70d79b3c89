"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

They run in ``make test``; only when ``/usr/bin/chromium`` is missing are they skipped, with a
message saying how to install it (CI installs it, so CI never skips).
"""

import importlib
import os

import pytest
from django.apps import apps

from security.services import requires_otp
from staff.browser import CHROMIUM, VIEWPORT, launch

from ..otp_helpers import authenticator, code_now

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is missing at {CHROMIUM}: apt-get install chromium (CI does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def disciplines(transactional_db):
    """The disciplines come from a data migration; a transactional test before this one may
    have flushed them, so put them back (the migration's own function, idempotent)."""
    migration = importlib.import_module("regions.migrations.0002_disciplines")
    migration.create_disciplines(apps, None)


@pytest.fixture
def page(browser, live_server, disciplines):
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, user, password):
    """Sign in through the form; someone whose role needs a second factor gets an
    authenticator and types its code."""
    device = authenticator(user) if requires_otp(user) else None
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if device is not None:
        page.get_by_label("Code").fill(code_now(device))
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_load_state()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last: like every transactional test they flush the database when
    done (the disciplines of the data migration included), and other transactional tests that
    expect the migrated data would otherwise find it gone."""
    browser_tests = [item for item in items if "tests/e2e/" in item.nodeid]
    others = [item for item in items if "tests/e2e/" not in item.nodeid]
    items[:] = others + browser_tests
