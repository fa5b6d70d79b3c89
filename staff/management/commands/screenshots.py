"""``manage.py screenshots``: PNGs of the main pages, from the demo data, in a real browser.

Run ``seed_demo`` first (``make screenshots`` does both). Writes into ``docs/screenshots/``:
the login page at 1440 px; as the demo editor of Regio Fictief Amstelland-Zuid, the region
home, a neighbourhood, the mandate matrix and an agreement at 1280 px; as the demo national
governance member, the national dashboard (its first screen at 1440 by 900, and whole) and a
region's drill-down at 1440 px.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.urls import reverse

from agreements.models import Agreement
from demo.demo_data import DEFAULT_PASSWORD
from demo.otp import code_of, demo_authenticators
from neighbourhoods.models import Neighbourhood
from regions.models import RegionMembership
from regions.tenancy import Role
from staff.browser import CHROMIUM, VIEWPORT, SiteThread, launch

EDITOR = "demo-bewerker"
NATIONAL = "demo-landelijk"
WIDE = {"width": 1440, "height": 900}
# what a person sees before scrolling, not the whole page
VIEWPORT_ONLY = {"national-first-screen"}


class Command(BaseCommand):
    help = "Screenshots of the main pages (needs seed_demo's data and /usr/bin/chromium)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=Path(settings.BASE_DIR) / "docs" / "screenshots"
        )
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    def handle(self, *args, output, password, **options):
        if not CHROMIUM.exists():
            raise CommandError(f"Chromium is missing at {CHROMIUM} (apt-get install chromium).")
        membership = (
            RegionMembership.objects.filter(user__username=EDITOR, role=Role.EDITOR)
            .select_related("region")
            .first()
        )
        if membership is None:
            raise CommandError(f"No demo data: run `manage.py seed_demo` first ({EDITOR}).")
        region = membership.region
        code = region.code
        neighbourhood = (
            Neighbourhood.objects.in_region(region)
            .annotate(n=Count("contacts") + Count("bottlenecks"))
            .order_by("-n")
            .first()
        )
        agreement = (
            Agreement.objects.in_region(region)
            .annotate(n=Count("versions"))
            .order_by("-n", "reference")
            .first()
        )
        # per session: who logs in (None: nobody), the viewport, and the pages
        sessions = [
            (None, WIDE, {"login": reverse("login")}),
            (
                EDITOR,
                VIEWPORT,
                {
                    "region-home": reverse("staff:region_home", args=[code]),
                    "neighbourhood-detail": reverse(
                        "staff:neighbourhood_detail", args=[code, neighbourhood.pk]
                    ),
                    "mandate-matrix": reverse("staff:mandate_list", args=[code]),
                    "agreement-detail": reverse(
                        "staff:agreement_detail", args=[code, agreement.pk]
                    ),
                },
            ),
            (
                NATIONAL,
                WIDE,
                {
                    "national-first-screen": reverse("national:dashboard"),
                    "national-dashboard": reverse("national:dashboard"),
                    "national-region": reverse("national:region", args=[code]),
                },
            ),
        ]
        output.mkdir(parents=True, exist_ok=True)
        from playwright.sync_api import sync_playwright

        # Read before Playwright runs: its event loop makes this thread refuse database queries.
        self.authenticators = demo_authenticators()
        with SiteThread() as site, sync_playwright() as playwright:
            browser = launch(playwright)
            for username, viewport, pages in sessions:
                context = browser.new_context(viewport=viewport, locale="nl-NL")
                page = context.new_page()
                if username:
                    self.log_in(page, site.url, username, password)
                for name, path in pages.items():
                    page.goto(site.url + path)
                    target = output / f"{name}.png"
                    page.screenshot(path=str(target), full_page=name not in VIEWPORT_ONLY)
                    self.stdout.write(f"{target}")
                context.close()
            browser.close()

    def log_in(self, page, url, username, password):
        page.goto(url + reverse("login"))
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        if "/login/" in page.url:
            raise CommandError(f"Could not log in as {username}.")
        if reverse("otp_verify") in page.url:
            # seed_demo gives the demo logins that need a second factor known authenticator keys.
            page.get_by_label("Code").fill(code_of(self.authenticators[username]))
            page.get_by_role("button", name="Bevestigen").click()
            page.wait_for_load_state()
            if reverse("otp_verify") in page.url:
                raise CommandError(f"The demo code of {username} was refused.")
