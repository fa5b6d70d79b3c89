"""The overview below the first screen and the drill-down: totals per zorgkantoorregio, the tile
map, the distributions, the change since last month and quarter, the table's groups and
definitions, each region beside the national median with its own trend."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from national.models import NationalSnapshot, RegionSnapshot
from national.services import (
    care_office_regions,
    months_before,
    national_overview,
    region_table,
    take_snapshot,
)
from national.table import columns
from regions.models import Phase, RegionTask, RoadmapYear, TaskStatus

from . import factories as f
from .test_national_queries import regions_with_data

pytestmark = pytest.mark.django_db

ALLIANCE = ("gp", "district_nursing", "pharmacy", "social_domain")
SUMMED = (
    "population",
    "unassigned_population",
    "covered_population",
    "open_escalated_bottlenecks",
    "contracted_budget",
)


@pytest.fixture
def regions():
    """Five regions in two zorgkantoorregio's (and one in a third), figures of every kind."""
    made = regions_with_data(5)
    offices = ["Utrecht", "Utrecht", "Twente", "Twente", "Zeeland"]
    for index, (region, office) in enumerate(zip(made, offices, strict=True)):
        region.care_office_region = office
        region.population = 20_000 + 10_000 * index
        region.phase = Phase.values[index % 4]
        region.save()
        RegionTask.objects.create(region=region, task=2, status=TaskStatus.IN_PLACE)
        neighbourhood = region.neighbourhoods.get()  # 15,000 inhabitants: complete its alliance
        for code in ALLIANCE[1:]:
            f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))
    return made


def test_the_totals_of_a_zorgkantoorregio_are_the_sums_of_its_regions(regions):
    table = region_table(timezone.localdate())
    offices = {office.name: office for office in care_office_regions(table.rows)}

    assert list(offices) == ["Twente", "Utrecht", "Zeeland"]
    for office in offices.values():
        inside = [row for row in table.rows if row.care_office_region == office.name]
        assert office.rows == sorted(inside, key=lambda row: row.name.casefold())
        assert office.regions == len(inside)
        for name in SUMMED:
            assert getattr(office, name) == sum(getattr(row, name) for row in inside), name
        assert office.coverage == Decimal(office.covered_population) / office.population
        assert office.regions_behind_roadmap == sum(row.behind_roadmap for row in inside)
        assert office.regions_core_mandated == sum(not row.missing_core for row in inside)
        assert office.regions_needing_attention == sum(bool(row.attention) for row in inside)
    assert sum(office.population for office in offices.values()) == sum(
        row.population for row in table.rows
    )


def test_each_zorgkantoorregio_opens_its_regions_on_the_page(client, regions):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:dashboard"))

    utrecht = next(row for row in response.context["care_offices"] if row["name"] == "Utrecht")
    assert [name for _link, name in utrecht["regions"]] == sorted(
        region.name for region in regions[:2]
    )
    assert utrecht["link"].endswith("?care_office_region=Utrecht#regios")
    assert utrecht["cells"][1] == ("count", "50.000")  # 20,000 + 30,000 inhabitants
    filtered = client.get(utrecht["link"].split("#")[0])
    assert [row.name for row in filtered.context["rows"]] == sorted(
        region.name for region in regions[:2]
    )


@pytest.mark.parametrize("figure", ["coverage", "phase", "mandates", "roadmap"])
def test_the_tile_map_is_drawn_on_the_server_with_its_data_table(client, regions, figure):
    client.force_login(f.UserFactory(national=True))
    page = client.get(reverse("national:dashboard"), {"map": figure}).text

    start = page.index('id="chart-map-title"')
    svg = page[page.rindex("<svg", 0, start) : page.index("</svg>", start)]
    assert svg.count("<rect") >= 31  # a tile for every zorgkantoorregio, and the legend
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    table = page[page.index("</svg>", start) : page.index("</table>", start)]
    assert '<th scope="row">Utrecht</th><td class="count">2</td>' in table
    assert '<th scope="row">Groningen</th><td class="count">0</td>' in table
    assert 'aria-current="page"' in page[page.index('id="kaart"') : start]


def test_an_unknown_map_figure_falls_back_to_coverage(client, regions):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:dashboard"), {"map": "<script>"})
    assert response.status_code == 200
    assert response.context["map"].title == "Zorgkantoorregio's naar dekking"


def test_distributions_mark_the_median(client, regions):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:dashboard"))

    by_title = {chart.title: chart for chart in response.context["distributions"]}
    assert list(by_title) == [
        "Dekking",
        "Disciplines vertegenwoordigd voor contractering",
        "Hoofdtaken ingericht",
        "Open opgeschaalde knelpunten",
    ]
    tasks = by_title["Hoofdtaken ingericht"]
    assert tasks.body == [("2", ["5"]), ("mediaan", ["2,0"])]  # tasks 1 and 2 in every region
    assert tasks.svg.count("<circle") == 5
    assert "mediaan 2,0" in tasks.svg
    coverage = by_title["Dekking"]
    # one complete neighbourhood of 15,000 in regions of 20,000 to 60,000 inhabitants
    assert coverage.body[-1] == ("mediaan", ["37,5%"])


def test_change_since_last_month_and_quarter_from_the_snapshots(client, regions):
    today = timezone.localdate()
    take_snapshot(months_before(today, 3))
    take_snapshot(months_before(today, 1) - datetime.timedelta(days=2))
    NationalSnapshot.objects.filter(date=months_before(today, 3)).update(
        covered_population=0, regions_behind_roadmap=5
    )
    overview = national_overview(today)

    month, quarter = overview.change("coverage", 1), overview.change("coverage", 3)
    assert month.since == months_before(today, 1) - datetime.timedelta(days=2)
    assert month.delta == 0
    assert quarter.since == months_before(today, 3)
    assert quarter.delta == overview.totals.coverage
    behind = overview.totals.regions_behind_roadmap
    assert overview.change("regions_behind_roadmap", 3).delta == behind - 5
    assert overview.change("coverage", 12).since is None

    client.force_login(f.UserFactory(national=True))
    aims = client.get(reverse("national:dashboard")).context["aims"]
    points = f"+{overview.totals.coverage * 100:.1f}".replace(".", ",")
    assert aims[1].changes == [
        ("Sinds vorige maand", "±0 procentpunt"),
        ("Sinds vorig kwartaal", f"{points} procentpunt"),
    ]


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime.date(2026, 5, 31), 1) == datetime.date(2026, 4, 30)
    assert months_before(datetime.date(2026, 1, 15), 3) == datetime.date(2025, 10, 15)


def test_the_table_groups_its_columns_and_defines_every_figure(client, regions):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:dashboard"))
    page = response.text

    groups = [(group.label, span) for group, span in response.context["groups"]]
    assert [label for label, _span in groups] == [
        "Regio",
        "Fase en hoofdtaken",
        "Mandaten",
        "Wijkverbanden",
        "Afspraken",
        "Budget",
    ]
    assert sum(span for _label, span in groups) == len(response.context["columns"]) - 1
    for column in response.context["columns"][1:]:
        assert column.definition
        assert f'href="#definitie-{column.key}"' in page
        assert f'id="definitie-{column.key}"' in page
    assert 'class="table-scroll" tabindex="0" role="region"' in page


def test_the_drill_down_shows_the_national_median_and_the_regions_own_trend(client, regions):
    today = timezone.localdate()
    take_snapshot(today - datetime.timedelta(days=7))
    take_snapshot(today)
    region = regions[0]
    client.force_login(f.UserFactory(national=True))

    response = client.get(reverse("national:region", args=[region.code]))

    figures = {column.key: (value, median) for column, value, median in response.context["figures"]}
    assert figures["population"] == ("20.000", "40.000")  # 20,000 … 60,000
    assert figures["coverage"] == ("75,0%", "37,5%")
    assert figures["tasks_in_place"] == ("2", "2")
    trend = response.context["trend"]
    with translation.override("nl"):
        days = [date_format(day, "j F Y") for day in (today - datetime.timedelta(days=7), today)]
    assert [date for date, _cells in trend.body] == days
    assert len(trend.body) == 2 and "<polyline" in trend.svg
    assert RegionSnapshot.objects.filter(region=region).count() == 2


@pytest.mark.parametrize("count", [5, 50])
def test_the_drill_down_queries_do_not_grow_with_regions(client, django_assert_num_queries, count):
    made = regions_with_data(count)
    client.force_login(f.UserFactory(national=True))
    # session, user, the second factor's device, groups, the region; every region's table
    # (twelve), main tasks, bottleneck themes, budget per segment and the region's snapshots
    with django_assert_num_queries(20):
        response = client.get(reverse("national:region", args=[made[0].code]))
    assert response.status_code == 200


def test_a_snapshot_stores_every_regions_figures():
    RoadmapYear.objects.all().delete()
    RoadmapYear.objects.create(year=timezone.localdate().year, expected_phase=Phase.DEEPENING)
    region = f.RegionFactory(phase=Phase.AGREEMENTS, population=40_000)
    neighbourhood = f.NeighbourhoodFactory(region=region, population=10_000)
    for code in ALLIANCE:
        f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))
    f.MandateFactory(region=region)

    take_snapshot()
    take_snapshot()  # the second of the day replaces the first

    stored = RegionSnapshot.objects.get()
    assert (stored.region_id, stored.date, stored.phase) == (
        region.pk,
        timezone.localdate(),
        "agreements",
    )
    assert (stored.behind_roadmap, stored.core_mandated, stored.disciplines_contracting) == (
        True,
        1,
        1,
    )
    assert (stored.population, stored.covered_population) == (40_000, 10_000)
    assert stored.coverage == Decimal("0.25")
    assert NationalSnapshot.objects.get().regions_behind_roadmap == 1
    assert columns(region_table(timezone.localdate()))[0].key == "region"
