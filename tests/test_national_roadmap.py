"""The national roadmap as reference data: the expected phase per year, "achter op de routekaart"
as a column, a filter and a count on the first screen, and the roadmap in the admin."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from national.services import region_table
from progress.services import change_phase
from regions.models import Phase, Roadmap, RoadmapYear
from regions.tenancy import Role

from . import factories as f
from .test_national_access import export_rows

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_roadmap_of_the_vision():
    assert dict(RoadmapYear.objects.values_list("year", "expected_phase")) == {
        2024: "network",
        2025: "agreements",
        2026: "organisation",
        2027: "deepening",
        2028: "deepening",
        2029: "deepening",
        2030: "deepening",
    }


def test_a_year_follows_the_latest_year_before_it():
    roadmap = Roadmap({2024: "network", 2026: "organisation"})
    assert roadmap.expected_phase(2023) is None
    assert roadmap.expected_phase(2024) == "network"
    assert roadmap.expected_phase(2025) == "network"
    assert roadmap.expected_phase(2031) == "organisation"
    assert roadmap.is_behind("agreements", 2026) and not roadmap.is_behind("deepening", 2026)
    assert not roadmap.is_behind("network", 2023)  # nothing expected before the roadmap


def behind_on_page(client) -> list[str]:
    response = client.get(reverse("national:dashboard"), {"attention": "roadmap"})
    return [row.name for row in response.context["rows"]]


def test_a_phase_change_takes_a_region_off_the_filter_and_the_count(client):
    year = timezone.localdate().year
    RoadmapYear.objects.filter(year=year).update(expected_phase=Phase.ORGANISATION)
    region = f.RegionFactory(name="Regio Fictief Laat", phase=Phase.AGREEMENTS)
    f.RegionFactory(name="Regio Fictief Op Tijd", phase=Phase.DEEPENING)
    client.force_login(f.UserFactory(national=True))

    assert behind_on_page(client) == ["Regio Fictief Laat"]
    page = client.get(reverse("national:dashboard")).text
    first_screen = page[page.index('id="routekaart"') : page.index('id="aandacht"')]
    assert '<strong class="figure">1</strong>' in first_screen
    assert f"die in {year} de organisatiefase verwacht" in first_screen

    # The region admin records the change, with the O&I agreement as evidence.
    admin = f.MembershipFactory(region=region, role=Role.ADMIN).user
    evidence = f.AgreementFactory(region=region, approved=True, title="O&I-afspraak Laat")
    change_phase(
        admin,
        region,
        phase=Phase.ORGANISATION,
        changed_on=timezone.localdate(),
        reason="Coöperatie opgericht",
        evidence=evidence,
    )

    assert behind_on_page(client) == []
    staff = Client()
    staff.force_login(admin)
    timeline = staff.get(reverse("staff:region_home", args=[region.code])).text
    assert "Coöperatie opgericht" in timeline and "O&amp;I-afspraak Laat" in timeline
    rows = export_rows(client.get(reverse("national:export_csv")))
    header = rows[0]
    column = header.index("Achter op de routekaart")
    assert [row[column] for row in rows[1:]] == ["nee", "nee"]


def test_platform_admins_manage_the_roadmap_in_the_admin(client):
    client.force_login(f.UserFactory(platform_admin=True))
    year = timezone.localdate().year
    row = RoadmapYear.objects.get(year=year)
    url = reverse("admin:regions_roadmapyear_change", args=[row.pk])

    response = client.post(url, {"year": year, "expected_phase": Phase.DEEPENING})

    assert response.status_code == 302
    assert region_table(timezone.localdate()).expected_phase == Phase.DEEPENING
