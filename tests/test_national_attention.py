""" "Vraagt aandacht": each reason a region can need attention for, the thresholds as settings, the
list on the first screen and the filter of the table, the exports and the API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from national.services import Reason, region_table
from regions.models import Phase, RoadmapYear

from . import factories as f
from .test_national_access import export_rows

pytestmark = pytest.mark.django_db

CORE = ("gp", "district_nursing", "pharmacy")
ALLIANCE = (*CORE, "social_domain")


def healthy_region(**fields):
    """A region that needs no attention: every core discipline mandated to contract, its one
    neighbourhood complete (all of its inhabitants), on the roadmap, no escalated bottlenecks."""
    region = f.RegionFactory(**{"phase": Phase.ORGANISATION, **fields})
    for code in CORE:
        f.MandateFactory(region=region, discipline=f.discipline(code))
    neighbourhood = f.NeighbourhoodFactory(region=region, population=15_000)
    for code in ALLIANCE:
        f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))
    return region, neighbourhood


@pytest.fixture(autouse=True)
def roadmap():
    """This year the roadmap expects the organisatiefase (whatever year the tests run in)."""
    RoadmapYear.objects.all().delete()
    RoadmapYear.objects.create(year=timezone.localdate().year, expected_phase=Phase.ORGANISATION)


def reasons_of(region):
    row = next(row for row in region_table(timezone.localdate()).rows if row.code == region.code)
    return [(reason.code, reason.text) for reason in row.attention]


def test_a_region_without_problems_needs_no_attention():
    region, _neighbourhood = healthy_region()
    assert reasons_of(region) == []


def test_no_contracting_mandate_for_a_core_discipline(settings):
    region, _neighbourhood = healthy_region()
    region.mandates.filter(discipline__code="pharmacy").update(scope=["regional_plan"])
    region.mandates.filter(discipline__code="district_nursing").update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert reasons_of(region) == [
        (Reason.CORE_MANDATE, "geen mandaat voor contractering: wijkverpleging, apotheek")
    ]


def test_coverage_below_the_threshold(settings):
    region, _neighbourhood = healthy_region(population=40_000)  # 15,000 of 40,000: 37.5%
    settings.NATIONAL_COVERAGE_THRESHOLD = 0.5
    assert reasons_of(region) == [(Reason.COVERAGE, "dekking 38% (drempel 50%)")]
    settings.NATIONAL_COVERAGE_THRESHOLD = 0.3
    assert reasons_of(region) == []


def test_unknown_coverage_needs_attention_too():
    region = f.RegionFactory(phase=Phase.ORGANISATION)
    for code in CORE:
        f.MandateFactory(region=region, discipline=f.discipline(code))
    assert reasons_of(region) == [(Reason.COVERAGE, "dekking onbekend: geen inwoners of wijken")]


def test_open_escalated_bottlenecks_above_the_threshold(settings):
    region, neighbourhood = healthy_region()
    now = timezone.now()
    for _ in range(3):
        f.BottleneckFactory(neighbourhood=neighbourhood, escalated_at=now)
    f.BottleneckFactory(neighbourhood=neighbourhood)  # not escalated: does not count
    settings.NATIONAL_ESCALATED_BOTTLENECKS_THRESHOLD = 3
    assert reasons_of(region) == []  # above, not at, the threshold
    settings.NATIONAL_ESCALATED_BOTTLENECKS_THRESHOLD = 2
    assert reasons_of(region) == [
        (Reason.BOTTLENECKS, "3 open opgeschaalde knelpunten (drempel 2)")
    ]


def test_behind_the_roadmap():
    region, _neighbourhood = healthy_region()
    region.phase = Phase.AGREEMENTS
    region.save()
    assert reasons_of(region) == [
        (Reason.ROADMAP, "achter op de routekaart: afsprakenfase, verwacht organisatiefase")
    ]


def test_a_region_can_need_attention_for_every_reason_at_once(settings):
    settings.NATIONAL_ESCALATED_BOTTLENECKS_THRESHOLD = 0
    region = f.RegionFactory(phase=Phase.NETWORK)
    neighbourhood = f.NeighbourhoodFactory(region=region)
    f.BottleneckFactory(neighbourhood=neighbourhood, escalated_at=timezone.now())
    assert [code for code, _text in reasons_of(region)] == [
        Reason.CORE_MANDATE,
        Reason.COVERAGE,
        Reason.BOTTLENECKS,
        Reason.ROADMAP,
    ]


def test_the_first_screen_lists_them_with_their_reasons_most_reasons_first(client):
    healthy_region(name="Regio Fictief Gezond")
    healthy_region(name="Regio Fictief Achter", phase=Phase.NETWORK)
    worst = f.RegionFactory(name="Regio Fictief Alles", phase=Phase.NETWORK)
    client.force_login(f.UserFactory(national=True))

    response = client.get(reverse("national:dashboard"))

    attention = response.context["attention"]
    assert [name for _link, name, _reasons in attention["regions"]] == [
        "Regio Fictief Alles",
        "Regio Fictief Achter",
    ]
    assert (attention["count"], attention["of"]) == (2, 3)
    page = response.text
    section = page[page.index('id="aandacht"') : page.index("Landelijke totalen")]
    assert "achter op de routekaart: netwerkfase, verwacht organisatiefase" in section
    assert "Regio Fictief Gezond" not in section
    assert reverse("national:region", args=[worst.code]) in section
    assert "Achter op de routekaart: 2" in section


@pytest.mark.parametrize(
    ("attention", "names"),
    [
        ("", ["Regio Fictief Achter", "Regio Fictief Gezond", "Regio Fictief Zonder"]),
        ("any", ["Regio Fictief Achter", "Regio Fictief Zonder"]),
        ("roadmap", ["Regio Fictief Achter"]),
        ("core_mandate", ["Regio Fictief Zonder"]),
        ("bottlenecks", []),
    ],
)
def test_the_table_and_its_exports_filter_on_a_reason(client, attention, names):
    healthy_region(name="Regio Fictief Gezond")
    healthy_region(name="Regio Fictief Achter", phase=Phase.AGREEMENTS)
    without, _neighbourhood = healthy_region(name="Regio Fictief Zonder")
    without.mandates.filter(discipline__code="gp").delete()
    client.force_login(f.UserFactory(national=True))

    page = client.get(reverse("national:dashboard"), {"attention": attention})
    csv_rows = export_rows(client.get(reverse("national:export_csv"), {"attention": attention}))

    assert [row.name for row in page.context["rows"]] == names
    assert [row[1] for row in csv_rows[1:]] == names


def test_regional_staff_see_only_their_own_regions_in_the_attention_list(client):
    own, _neighbourhood = healthy_region(name="Regio Fictief Eigen", phase=Phase.NETWORK)
    healthy_region(name="Regio Fictief Ander", phase=Phase.NETWORK)
    staff = f.MembershipFactory(region=own).user
    client.force_login(staff)

    attention = client.get(reverse("national:dashboard")).context["attention"]

    assert [name for _link, name, _reasons in attention["regions"]] == ["Regio Fictief Eigen"]
