"""axe-core (through Playwright) finds no serious or critical problems on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from agreements import services as agreement_services
from regions.tenancy import Role

from .. import factories as f
from .conftest import log_in

SERIOUS = {"serious", "critical"}


@pytest.fixture
def filled_region(disciplines):
    region = f.RegionFactory(code="utrecht-west", name="Regio Fictief Utrecht-West")
    admin = f.MembershipFactory(region=region, role=Role.ADMIN, user__username="beheer").user
    hood = f.NeighbourhoodFactory(region=region, name="Lombok", population=25_000)
    f.AllianceContactFactory(neighbourhood=hood)
    f.BottleneckFactory(neighbourhood=hood)
    mandate = f.MandateFactory(region=region, valid_until=None)
    agreement = f.AgreementFactory(region=region)
    f.PartyFactory(agreement=agreement, organisation__regions=[region])
    f.CoveredDisciplineFactory(agreement=agreement)
    f.BudgetLineFactory(agreement=agreement)
    f.TargetFactory(agreement=agreement)
    agreement_services.submit(admin, agreement)
    f.RegionActionFactory(goal=f.RegionGoalFactory(region=region))
    code = region.code
    pages = {
        "region home": reverse("staff:region_home", args=[code]),
        "neighbourhoods": reverse("staff:neighbourhood_list", args=[code]),
        "neighbourhood": reverse("staff:neighbourhood_detail", args=[code, hood.pk]),
        "contact form": reverse("staff:contact_create", args=[code, hood.pk]),
        "bottlenecks": reverse("staff:bottleneck_list", args=[code]),
        "mandates": reverse("staff:mandate_list", args=[code]),
        "mandate": reverse("staff:mandate_detail", args=[code, mandate.pk]),
        "mandate form": reverse("staff:mandate_create", args=[code]),
        "agreements": reverse("staff:agreement_list", args=[code]),
        "agreement": reverse("staff:agreement_detail", args=[code, agreement.pk]),
        "agreement form": reverse("staff:agreement_create", args=[code]),
        "version": reverse("staff:agreement_version", args=[code, agreement.pk, 1]),
        "regioplan": reverse("staff:plan", args=[code]),
        "members": reverse("staff:members", args=[code]),
        "password change": reverse("password_change"),
    }
    return admin, pages


def serious_violations(page):
    results = Axe().run(page)
    assert results.response["passes"], "axe-core did not run"
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_the_login_page_has_no_serious_accessibility_problems(page):
    page.goto(reverse("login"))
    assert serious_violations(page) == []


def test_the_main_pages_have_no_serious_accessibility_problems(page, filled_region):
    admin, pages = filled_region
    log_in(page, admin, f.TEST_PASSWORD)
    found = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, name
        problems = serious_violations(page)
        if problems:
            found[name] = problems
    assert found == {}
