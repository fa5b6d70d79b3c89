"""Every figure of the national dashboard against values computed by hand on a small data set."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus, Segment
from mandates.models import MandateScope
from national.services import national_overview, region_table
from neighbourhoods.models import Bottleneck, BottleneckTheme
from regions.models import Phase, RegionTask, RoadmapYear, TaskStatus

from . import factories as f
from .test_national_access import export_rows

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta


def neighbourhood(
    region, population, *, core=("gp", "district_nursing", "pharmacy", "social_domain"), inactive=()
):
    nb = f.NeighbourhoodFactory(region=region, population=population)
    for code in core:
        f.AllianceContactFactory(neighbourhood=nb, discipline=f.discipline(code))
    for code in inactive:
        f.AllianceContactFactory(neighbourhood=nb, discipline=f.discipline(code), active=False)
    return nb


def agreement(region, status, *parties, budget=()):
    """An agreement with ``parties`` (the first leads) and ``budget``, brought to ``status``
    through the services (covering GP care, for which the region has a mandate)."""
    made = f.AgreementFactory(region=region)
    lead, *others = parties or [None]
    if lead:
        f.PartyFactory(agreement=made, organisation=lead, is_lead=True)
    for year, segment, amount in budget:
        f.BudgetLineFactory(agreement=made, year=year, segment=segment, amount=Decimal(amount))
    f.move_to(made, status)
    # the others join once it is decided: bought individually, each would decide for itself
    for insurer in others:
        f.PartyFactory(agreement=made, organisation=insurer, is_lead=False)
    return made


@pytest.fixture
def country():
    """Three regions. The comments give the figure each row adds; the tests check the sums."""
    today = timezone.localdate()
    year = today.year
    # this year the roadmap expects the organisatiefase: aa and cc are behind, bb is not
    RoadmapYear.objects.all().delete()
    RoadmapYear.objects.create(year=year - 1, expected_phase=Phase.AGREEMENTS)
    RoadmapYear.objects.create(year=year, expected_phase=Phase.ORGANISATION)
    insurer_a = f.OrganisationFactory(insurer=True, name="Zorgverzekeraar Fictief A")
    insurer_b = f.OrganisationFactory(insurer=True, name="Zorgverzekeraar Fictief B")
    first = f.RegionFactory(
        code="aa", name="Regio Fictief Aa", care_office_region="Zorgkantoorregio Een",
        phase=Phase.AGREEMENTS, lead_insurer=insurer_a,
    )  # fmt: skip
    second = f.RegionFactory(
        code="bb", name="Regio Fictief Bb", care_office_region="Zorgkantoorregio Twee",
        phase=Phase.DEEPENING, lead_insurer=insurer_b,
    )  # fmt: skip
    f.RegionFactory(
        code="cc", name="Regio Fictief Cc", care_office_region="Zorgkantoorregio Een",
        phase=Phase.NETWORK,
    )  # fmt: skip

    # first: main tasks 1 and 2 in place, 3 in progress -> 2 of 5
    RegionTask.objects.create(region=first, task=1, status=TaskStatus.IN_PLACE)
    RegionTask.objects.create(region=first, task=2, status=TaskStatus.IN_PLACE)
    RegionTask.objects.create(region=first, task=3, status=TaskStatus.IN_PROGRESS)
    # second: all five in place
    for task in range(1, 6):
        RegionTask.objects.create(region=second, task=task, status=TaskStatus.IN_PLACE)

    valid = {"valid_from": today - DAYS(30), "valid_until": today + DAYS(400)}
    plan_only = [MandateScope.REGIONAL_PLAN]
    # first: gp for contracting (twice: counts once); district nursing for the regioplan only;
    # pharmacy revoked yesterday; physiotherapy expired; dietetics for the regioplan.
    # -> core disciplines with a contracting mandate 1 of 3, disciplines mandated 3 of 12
    f.MandateFactory(region=first, discipline=f.discipline("gp"), **valid)
    f.MandateFactory(region=first, discipline=f.discipline("gp"), **valid)
    f.MandateFactory(
        region=first, discipline=f.discipline("district_nursing"), scope=plan_only, **valid
    )
    f.MandateFactory(
        region=first, discipline=f.discipline("pharmacy"), valid_from=today - DAYS(100),
        valid_until=None, revoked_on=today - DAYS(1), revocation_reason="Opgezegd.",
    )  # fmt: skip
    f.MandateFactory(
        region=first, discipline=f.discipline("physiotherapy"),
        valid_from=today - DAYS(800), valid_until=today - DAYS(1),
    )  # fmt: skip
    f.MandateFactory(region=first, discipline=f.discipline("dietetics"), scope=plan_only, **valid)
    # second: every primary-care discipline, for contracting -> 3 of 3, 12 of 12
    for discipline in f.Discipline.objects.filter(is_primary_care=True):
        f.MandateFactory(region=second, discipline=discipline, **valid)
    # a mandate that starts tomorrow counts nowhere
    f.MandateFactory(
        region=second, discipline=f.discipline("gp"), valid_from=today + DAYS(1), valid_until=None
    )

    # first: 10,000 complete + 20,000 incomplete (social domain inactive) + 12,000 complete
    # -> 3 neighbourhoods, 2 complete, 22,000 of 42,000 covered (52.4%)
    n1 = neighbourhood(first, 10_000)
    n2 = neighbourhood(
        first, 20_000, core=("gp", "district_nursing", "pharmacy"), inactive=("social_domain",)
    )
    n3 = neighbourhood(first, 12_000)
    # second: 8,000 complete -> 1 neighbourhood, 1 complete, 100%
    neighbourhood(second, 8_000)

    # first: open + escalated, in progress + escalated count; open not escalated and resolved
    # escalated do not -> 2
    now = timezone.now()
    f.BottleneckFactory(neighbourhood=n1, escalated_at=now, theme=BottleneckTheme.HOUSING)
    f.BottleneckFactory(
        neighbourhood=n2, escalated_at=now, status=Bottleneck.Status.IN_PROGRESS,
        theme=BottleneckTheme.HOUSING,
    )  # fmt: skip
    f.BottleneckFactory(neighbourhood=n1, theme=BottleneckTheme.DATA)
    f.BottleneckFactory(
        neighbourhood=n3, escalated_at=now, status=Bottleneck.Status.RESOLVED,
        resolution="Opgelost.", resolved_at=now,
    )  # fmt: skip

    # first: budget of approved and active agreements this year counts -> 175,000.40
    agreement(
        first, AgreementStatus.ACTIVE, insurer_a, insurer_b,
        budget=[(year, Segment.S2, "100000.00"), (year, Segment.S3, "50000.40"),
                (year - 1, Segment.S2, "999.00")],
    )  # fmt: skip
    agreement(first, AgreementStatus.APPROVED, insurer_a, budget=[(year, Segment.S2, "25000")])
    agreement(first, AgreementStatus.DRAFT, insurer_a, budget=[(year, Segment.S2, "70000")])
    agreement(first, AgreementStatus.ENDED, insurer_a, budget=[(year, Segment.S2, "10")])
    # second: in review and rejected -> no contracted budget
    agreement(second, AgreementStatus.IN_REVIEW, insurer_b, budget=[(year, Segment.S2, "500")])
    agreement(second, AgreementStatus.REJECTED, insurer_b)
    return today


def rows_by_code(today):
    return {row.code: row for row in region_table(today).rows}


def test_each_figure_of_each_region(country):
    rows = rows_by_code(country)
    first, second, third = rows["aa"], rows["bb"], rows["cc"]

    assert (first.care_office_region, first.phase_label, first.lead_insurer) == (
        "Zorgkantoorregio Een",
        "afsprakenfase",
        "Zorgverzekeraar Fictief A",
    )
    assert (first.tasks_in_place, first.core_mandated, first.disciplines_mandated) == (2, 1, 3)
    assert first.missing_core == ["wijkverpleging", "apotheek"]
    assert first.disciplines_contracting == 1  # gp; the others for the regioplan only
    assert (first.expected_phase, first.behind_roadmap) == ("organisation", True)
    assert (first.neighbourhoods, first.complete_neighbourhoods) == (3, 2)
    assert (first.population, first.covered_population) == (42_000, 22_000)
    assert first.coverage == Decimal(22_000) / Decimal(42_000)
    assert first.open_escalated_bottlenecks == 2
    assert first.agreements == {
        "draft": 1, "in_review": 0, "awaiting_signatures": 0, "changes_requested": 0,
        "approved": 1, "active": 1,
        "ended": 1, "rejected": 0,
    }  # fmt: skip
    assert first.contracted_budget == Decimal("175000.40")

    assert (second.tasks_in_place, second.core_mandated, second.disciplines_mandated) == (5, 3, 12)
    assert (second.missing_core, second.disciplines_contracting) == ([], 12)
    assert second.behind_roadmap is False
    assert (second.neighbourhoods, second.complete_neighbourhoods, second.coverage) == (1, 1, 1)
    assert second.open_escalated_bottlenecks == 0
    assert (second.agreements["in_review"], second.agreements["rejected"]) == (1, 1)
    assert sum(second.agreements.values()) == 2
    assert second.contracted_budget == 0

    assert (third.lead_insurer, third.tasks_in_place, third.disciplines_mandated) == (None, 0, 0)
    assert (third.neighbourhoods, third.population, third.coverage) == (0, 0, None)
    assert third.behind_roadmap is True
    assert sum(third.agreements.values()) == 0


def test_national_totals_and_aims(country, settings):
    settings.REGIONS_EXPECTED = 4
    totals = national_overview(country).totals

    assert (totals.regions, totals.regions_expected, totals.regions_missing) == (3, 4, 1)
    assert totals.regions_behind_roadmap == 2
    assert totals.regions_by_phase == {
        "network": 1, "agreements": 1, "organisation": 0, "deepening": 1,
    }  # fmt: skip
    assert totals.regions_all_tasks_in_place == 1
    assert totals.regions_core_mandated == 1
    assert totals.regions_all_mandated == 1
    assert totals.share_all_mandated == Decimal(1) / Decimal(4)  # of the regions expected
    assert totals.share_core_mandated == Decimal(1) / Decimal(4)
    assert (totals.neighbourhoods, totals.complete_neighbourhoods) == (4, 3)
    assert totals.share_complete_neighbourhoods == Decimal("0.75")
    assert (totals.population, totals.covered_population) == (50_000, 30_000)
    assert (totals.registered_population, totals.unassigned_population) == (50_000, 0)
    assert totals.coverage == Decimal("0.6")
    assert totals.open_escalated_bottlenecks == 2
    assert totals.agreements_by_status == {
        "draft": 1, "in_review": 1, "awaiting_signatures": 0, "changes_requested": 0,
        "approved": 1, "active": 1,
        "ended": 1, "rejected": 1,
    }  # fmt: skip
    assert totals.contracted_budget == Decimal("175000.40")


def test_mandates_per_discipline_and_agreements_per_insurer(country):
    overview = national_overview(country)
    by_code = {line.discipline.code: line for line in overview.disciplines}

    assert len(by_code) == 12
    assert (by_code["gp"].regions_mandated, by_code["gp"].regions_contracting) == (2, 2)
    district_nursing = by_code["district_nursing"]
    assert (district_nursing.regions_mandated, district_nursing.regions_contracting) == (2, 1)
    assert (by_code["pharmacy"].regions_mandated, by_code["pharmacy"].regions_contracting) == (1, 1)
    assert (by_code["dietetics"].regions_mandated, by_code["dietetics"].regions_contracting) == (
        2,
        1,
    )
    assert by_code["physiotherapy"].regions_mandated == 1

    insurers = {insurer.insurer: insurer.by_status for insurer in overview.insurers}
    assert [insurer.insurer for insurer in overview.insurers] == [
        "Zorgverzekeraar Fictief A",  # four agreements
        "Zorgverzekeraar Fictief B",  # three
    ]
    assert {s: n for s, n in insurers["Zorgverzekeraar Fictief A"].items() if n} == {
        "draft": 1, "approved": 1, "active": 1, "ended": 1,
    }  # fmt: skip
    assert {s: n for s, n in insurers["Zorgverzekeraar Fictief B"].items() if n} == {
        "in_review": 1, "active": 1, "rejected": 1,
    }  # fmt: skip


def test_page_shows_the_figures_in_dutch_formats(client, country):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:dashboard"))

    assert response.status_code == 200
    page = response.text
    assert "52,4%" in page  # coverage of the first region
    assert "€\u00a0175.000" in page  # its contracted budget, grouped with points
    assert "60,0%" in page  # national coverage (2030 aim)
    assert "3 van 4 wijken compleet" in page
    assert "1,8%" in page  # regions with every discipline represented, of 57 (2030 aim)
    assert "1 van 57 regio&#x27;s; 54 nog niet in het platform" in page
    assert "Hoofdtaken ingericht (van 5)" in page
    assert "Kerndisciplines met mandaat voor contractering (van 3)" in page
    assert "Disciplines gemandateerd (van 12)" in page
    for title in (
        "Regio&#x27;s per fase tegen de routekaart",
        "Dekking",
        "Zorgkantoorregio&#x27;s naar dekking",
        "Mandaten per discipline",
        "Afspraken per zorgverzekeraar en status",
    ):
        assert f">{title}</title>" in page


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["aa", "bb", "cc"]),
        ("sort=-coverage", ["bb", "aa", "cc"]),  # no population: last either way
        ("sort=coverage", ["aa", "bb", "cc"]),
        ("sort=phase", ["cc", "aa", "bb"]),  # in the order of the phases, not alphabetical
        ("sort=-contracted_budget", ["aa", "bb", "cc"]),
        ("sort=-tasks_in_place", ["bb", "aa", "cc"]),
        ("sort=lead_insurer", ["aa", "bb", "cc"]),  # no lead insurer: last
        ("sort=-lead_insurer", ["bb", "aa", "cc"]),
        ("phase=deepening", ["bb"]),
        ("care_office_region=Zorgkantoorregio+Een&sort=-region", ["cc", "aa"]),
    ],
)
def test_export_follows_filters_and_sort(client, country, query, codes):
    client.force_login(f.UserFactory(national=True))
    rows = export_rows(client.get(reverse("national:export_csv") + "?" + query))
    assert [row[0] for row in rows[1:]] == codes


def test_filter_by_lead_insurer(client, country):
    insurer = f.Organisation.objects.get(name="Zorgverzekeraar Fictief B")
    client.force_login(f.UserFactory(national=True))
    url = reverse("national:export_csv") + f"?lead_insurer={insurer.pk}"
    assert [row[0] for row in export_rows(client.get(url))[1:]] == ["bb"]


def test_csv_has_dutch_headers_and_plain_numbers(client, country):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:export_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="landelijk-overzicht-')
    header, first = export_rows(response)[:2]
    values = dict(zip(header, first, strict=True))
    assert values == {
        "Regiocode": "aa",
        "Regio": "Regio Fictief Aa",
        "Zorgkantoorregio": "Zorgkantoorregio Een",
        "Preferente zorgverzekeraar": "Zorgverzekeraar Fictief A",
        "Fase": "afsprakenfase",
        "Achter op de routekaart": "ja",
        "Hoofdtaken ingericht (van 5)": "2",
        "Kerndisciplines met mandaat voor contractering (van 3)": "1",
        "Disciplines vertegenwoordigd voor contractering (van 12)": "1",
        "Disciplines gemandateerd (van 12)": "3",
        "Inwoners": "42000",
        "Inwoners nog niet ingedeeld": "0",
        "Wijken": "3",
        "Wijken met compleet wijkverband": "2",
        "Inwoners in een wijk met compleet wijkverband (%)": "52.4",
        "Open opgeschaalde knelpunten": "2",
        "Afspraken: concept": "1",
        "Afspraken: ter beoordeling": "0",
        "Afspraken: ter ondertekening": "0",
        "Afspraken: wijziging gevraagd": "0",
        "Afspraken: goedgekeurd": "1",
        "Afspraken: actief": "1",
        "Afspraken: beëindigd": "1",
        "Afspraken: afgewezen": "0",
        f"Gecontracteerd budget {country.year} (EUR)": "175000.40",
    }


def test_xlsx_has_the_same_table_with_number_formats(client, country):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:export_xlsx") + "?sort=-coverage")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    assert header[:2] == ["Regiocode", "Regio"]
    assert [row[0].value for row in rows[1:]] == ["bb", "aa", "cc"]
    first = {name: cell for name, cell in zip(header, rows[2], strict=True)}
    coverage = first["Inwoners in een wijk met compleet wijkverband (%)"]
    assert coverage.value == pytest.approx(22_000 / 42_000)
    assert coverage.number_format == "0.0%"
    budget = first[f"Gecontracteerd budget {country.year} (EUR)"]
    assert budget.value == pytest.approx(175_000.40)
    assert first["Disciplines gemandateerd (van 12)"].value == 3
    third = {name: cell.value for name, cell in zip(header, rows[3], strict=True)}
    assert third["Inwoners in een wijk met compleet wijkverband (%)"] is None


@pytest.mark.parametrize(
    "url_name", ["national:dashboard", "national:export_csv", "national:export_xlsx"]
)
@pytest.mark.parametrize("query", ["sort=name", "phase=zomerfase", "lead_insurer=abc"])
def test_bad_filters_are_refused_in_dutch(client, country, url_name, query):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse(url_name) + "?" + query)
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_drill_down_shows_one_regions_aggregates(client, country):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:region", args=["aa"]))

    assert response.status_code == 200
    page = response.text
    assert "Regio Fictief Aa" in page and "Regio Fictief Bb" not in page
    assert "52,4%" in page and "€\u00a0175.000" in page
    # themes and counts of the open bottlenecks: housing 2 open, both escalated; data 1 open
    assert (
        '<th scope="row">huisvesting</th><td class="count">2</td><td class="count">2</td>' in page
    )
    assert (
        '<th scope="row">ICT en gegevensuitwisseling</th><td class="count">1</td>'
        '<td class="count">0</td>' in page
    )
    # per discipline: mandated at all, for contracting
    assert '<th scope="row">huisartsenzorg</th><td>ja</td><td>ja</td>' in page
    assert '<th scope="row">wijkverpleging</th><td>ja</td><td>nee</td>' in page
    assert '<th scope="row">apotheek</th><td>nee</td><td>nee</td>' in page
    # contracted budget per segment: S2 125,000, S3 50,000.40
    assert "€\u00a0125.000" in page and "€\u00a050.000" in page
    assert page.count("<td>ingericht</td>") == 2
