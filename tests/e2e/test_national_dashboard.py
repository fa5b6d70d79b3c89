"""The national dashboard in a real browser at 1440 by 900: the first screen answers "where does
the country stand, and where must we act?" without scrolling, and both national pages are clean
for axe-core."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus
from national.services import take_snapshot
from regions.models import Phase

from .. import factories as f
from .conftest import log_in
from .desktop import WIDTHS, desktop_page
from .test_accessibility import serious_violations

WIDE = 1440
FOLD = 900


@pytest.fixture
def country(disciplines):
    """The roadmap (a transactional test before this one may have flushed it) and eight
    regions in several zorgkantoorregio's, some needing attention."""
    importlib.import_module("regions.migrations.0007_roadmap_population").create_roadmap(apps, None)
    offices = ["Utrecht", "Twente", "Zeeland", "Amsterdam"]
    regions = []
    for index in range(8):
        region = f.RegionFactory(
            name=f"Regio Fictief {index + 1:02d}",
            care_office_region=offices[index % len(offices)],
            phase=Phase.values[index % 4],
            population=30_000 + 5_000 * index,
        )
        neighbourhood = f.NeighbourhoodFactory(region=region, population=15_000)
        for code in ("gp", "district_nursing", "pharmacy", "social_domain")[: 2 + index % 3]:
            f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))
        for code in ("gp", "district_nursing", "pharmacy")[: 1 + index % 3]:
            f.MandateFactory(region=region, discipline=f.discipline(code))
        if index % 2:
            f.BottleneckFactory(neighbourhood=neighbourhood, escalated_at=timezone.now())
        regions.append(region)
    take_snapshot()
    return regions, f.UserFactory(national=True)


def box_of(page, locator):
    locator.wait_for()
    return locator.bounding_box()


def test_the_first_screen_shows_the_aims_the_roadmap_and_the_attention_list(
    browser, live_server, country
):
    _regions, national = country
    with desktop_page(browser, live_server, WIDE) as page:
        log_in(page, national, f.TEST_PASSWORD)
        page.goto(reverse("national:dashboard"))

        assert page.evaluate("window.scrollY") == 0
        aims = page.locator(".aim")
        assert aims.count() == 2
        found = {
            "first aim": aims.nth(0),
            "second aim": aims.nth(1),
            "phases against the roadmap": page.locator("#chart-roadmap-title").locator(".."),
            "attention heading": page.get_by_role("heading", name="Vraagt aandacht"),
            "attention list": page.locator(".attention-list"),
        }
        below = {
            name: box["y"] + box["height"]
            for name, locator in found.items()
            if (box := box_of(page, locator))["y"] + box["height"] > FOLD
        }
        assert below == {}
        assert "Elke regio een samenwerkingsverband" in aims.nth(0).inner_text()
        assert "Sinds vorig kwartaal" in aims.nth(1).inner_text()
        first_region = page.locator(".attention-list > li").first
        assert box_of(page, first_region)["y"] < FOLD


def test_the_national_pages_have_no_serious_accessibility_problems(browser, live_server, country):
    regions, national = country
    found = {}
    with desktop_page(browser, live_server, WIDE) as page:
        log_in(page, national, f.TEST_PASSWORD)
        for url in (
            reverse("national:dashboard"),
            reverse("national:dashboard") + "?map=phase&attention=roadmap",
            reverse("national:region", args=[regions[0].code]),
        ):
            assert page.goto(url).status == 200, url
            problems = serious_violations(page)
            if problems:
                found[url] = problems
    assert found == {}


# The big figures (``.figure``) that stick out of the card around them, with by how much.
FIGURES_OUTSIDE_THEIR_CARD = """() => [...document.querySelectorAll('main .card .figure')]
  .map((figure) => {
    const box = figure.getBoundingClientRect();
    const card = figure.closest('.card').getBoundingClientRect();
    return [figure.textContent.trim(), Math.round(box.right - card.right)];
  })
  .filter(([, over]) => over > 0)"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_budget_in_millions_stays_inside_its_card(browser, live_server, country, width):
    regions, national = country
    agreement = f.AgreementFactory(region=regions[0])
    f.BudgetLineFactory(agreement=agreement, amount=Decimal("12345000"))
    f.move_to(agreement, AgreementStatus.APPROVED)
    with desktop_page(browser, live_server, width) as page:
        log_in(page, national, f.TEST_PASSWORD)
        for url in (
            reverse("national:dashboard"),
            reverse("national:region", args=[regions[0].code]),
        ):
            assert page.goto(url).status == 200, url
            assert page.get_by_text("€ 12.345.000").count() >= 1, url
            assert page.evaluate(FIGURES_OUTSIDE_THEIR_CARD) == [], url
