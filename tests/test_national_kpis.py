"""The national KPI page (issue 13, item 3): per KPI of the catalogue, the distribution of the
regions' latest values with its median; exact, in a fixed number of queries, for those who may
see the national dashboard, without personal data."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus
from national.services import dashboard_access, kpi_distributions
from progress.models import Kpi, Measurement, TargetKpi
from regions.tenancy import Role

from . import factories as f

pytestmark = pytest.mark.django_db

KPIS = reverse("national:kpis")
COVERAGE = "complete-alliance-coverage"  # in %, higher is better, aim 100
WAITING = "gp-waiting-time"  # in werkdagen, lower is better, no aim


def measure(region, code, *values, status=AgreementStatus.ACTIVE, note=""):
    """A target of a new agreement of ``region`` linked to KPI ``code``, measured once per value
    in ``(period_end, value)``, in that order."""
    agreement = f.AgreementFactory(region=region, status=status)
    target = f.TargetFactory(agreement=agreement)
    TargetKpi.objects.create(target=target, kpi=Kpi.objects.get(code=code))
    for period_end, value in values:
        Measurement.objects.create(
            target=target,
            period_start=period_end,
            period_end=period_end,
            value=Decimal(value),
            source="Eigen telling",
            note=note,
        )
    return target


def day(month):
    return datetime.date(2025, month, 28)


@pytest.fixture
def regions():
    """Four regions; the comments give each region's latest value."""
    first, second, third, fourth = (f.RegionFactory() for _ in range(4))
    # first: 40 in March, then 60 in September (recorded before the other: by date, not by
    # the order of recording) -> 60
    measure(first, COVERAGE, (day(9), "60"), (day(3), "40"))
    # second: 30; a later value in a draft and in a rejected agreement count nowhere -> 30
    measure(second, COVERAGE, (day(6), "30"))
    measure(second, COVERAGE, (day(9), "99"), status=AgreementStatus.DRAFT)
    measure(second, COVERAGE, (day(9), "98"), status=AgreementStatus.REJECTED)
    # third: two targets measured on the same day: the one recorded last counts -> 20
    measure(third, COVERAGE, (day(9), "10"))
    measure(third, COVERAGE, (day(9), "20"))
    # fourth: no coverage; waiting times: first 4.5, second 3 (an ended agreement) -> 3.75
    measure(first, WAITING, (day(6), "4.5"))
    measure(second, WAITING, (day(6), "3"), status=AgreementStatus.ENDED)
    return first, second, third, fourth


def by_code(distributions):
    return {figure.kpi.code: figure for figure in distributions}


def test_the_latest_value_per_region_its_count_and_median(regions):
    national = dashboard_access(f.UserFactory(national=True))

    count, distributions = kpi_distributions(national)

    figures = by_code(distributions)
    assert count == 4
    assert set(figures) == set(Kpi.objects.values_list("code", flat=True))
    assert figures[COVERAGE].values == [Decimal("20"), Decimal("30"), Decimal("60")]
    assert figures[COVERAGE].median == Decimal("30")
    assert figures[WAITING].values == [Decimal("3"), Decimal("4.5")]
    assert figures[WAITING].median == Decimal("3.75")
    assert figures["hybrid-care-use"].values == [] and figures["hybrid-care-use"].median is None


def test_the_page_shows_each_kpi_with_unit_direction_count_and_median(client, regions):
    client.force_login(f.UserFactory(national=True))

    response = client.get(KPIS)

    assert response.status_code == 200
    rows = {row["kpi"].code: row for row in response.context["kpis"]}
    coverage, waiting = rows[COVERAGE], rows[WAITING]
    assert (coverage["measured"], coverage["median"], coverage["aim"]) == ("3 van 4", "30%", "100%")
    assert coverage["direction"] == "hoger is beter"
    assert (waiting["measured"], waiting["median"], waiting["aim"]) == (
        "2 van 4",
        "3,75 werkdagen",
        "–",
    )
    assert waiting["direction"] == "lager is beter"
    assert rows["hybrid-care-use"]["chart"] is None
    # the chart: one dot per region, the median marked, and its data as a table
    svg = coverage["chart"].svg
    assert svg.count("<circle") == 3 and "mediaan 30%" in svg
    table = coverage["chart"].table
    assert "<caption>Inwoners in een wijk met een compleet hecht wijkverband</caption>" in table
    assert [cells for label, cells in coverage["chart"].body if label == "mediaan"] == [["30%"]]
    assert sum(int(cells[0]) for label, cells in coverage["chart"].body[:-1]) == 3
    assert "Nog geen gegevens." in response.text


def test_the_dashboard_links_to_the_kpi_page(client, regions):
    client.force_login(f.UserFactory(national=True))
    page = client.get(reverse("national:dashboard")).text
    assert f'href="{KPIS}"' in page


def test_no_personal_data_on_the_page(client):
    region = f.RegionFactory()
    measure(region, COVERAGE, (day(6), "55"), note="Geheime toelichting van Henriëtte")
    Measurement.objects.update(source="Geheime bron", recorded_by=f.UserFactory(last_name="Geheim"))
    client.force_login(f.UserFactory(national=True))

    text = client.get(KPIS).text

    assert "55%" in text
    assert "Geheim" not in text and "Henriëtte" not in text


# --- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "viewer"])
def test_regional_staff_see_their_own_regions_values_only(client, world, who):
    """As on the dashboard: regional staff see their own regions' figures, no other's."""
    measure(world.region, COVERAGE, (day(6), "55"))
    measure(world.other_region, COVERAGE, (day(6), "77.13"))
    client.force_login(getattr(world, who))

    response = client.get(KPIS)

    assert response.status_code == 200
    coverage = next(row for row in response.context["kpis"] if row["kpi"].code == COVERAGE)
    assert (coverage["measured"], coverage["median"]) == ("1 van 1", "55%")
    assert "77,13" not in response.text
    assert "U ziet de waarden van uw eigen regio" in response.text


def test_national_governance_sees_every_region(client, world):
    measure(world.region, COVERAGE, (day(6), "55"))
    measure(world.other_region, COVERAGE, (day(6), "77.13"))
    client.force_login(world.national)
    coverage = next(row for row in client.get(KPIS).context["kpis"] if row["kpi"].code == COVERAGE)
    assert (coverage["measured"], coverage["median"]) == ("2 van 2", "66,07%")


@pytest.mark.parametrize("who", ["coordinator", "party_insurer_member", "unrelated_insurer_member"])
def test_insurers_and_coordinators_get_403_as_on_the_dashboard(client, world, who):
    measure(world.region, COVERAGE, (day(6), "55.17"))
    client.force_login(getattr(world, who))
    for url in (KPIS, reverse("national:dashboard")):
        response = client.get(url)
        assert response.status_code == 403
        assert "55,17" not in response.content.decode()


def test_anonymous_users_are_sent_to_the_login(client, world):
    response = client.get(KPIS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_read_only(client, world):
    client.force_login(world.national)
    assert client.post(KPIS).status_code == 405


# --- a fixed number of queries ---------------------------------------------------------------

# session, user, the second factor's device, national-governance group; then the regions'
# count, the latest values and the catalogue
NATIONAL_QUERIES = 7
# session, user, national-governance group, the user's regions; the latest values and the
# catalogue
STAFF_QUERIES = 6


@pytest.mark.parametrize("count", [5, 50])
def test_queries_do_not_grow_with_regions(client, django_assert_num_queries, count):
    made = [f.RegionFactory() for _ in range(count)]
    for index, region in enumerate(made):
        measure(region, COVERAGE, (day(3), "10"), (day(6), str(index)))
        measure(region, WAITING, (day(6), "2"))
    national = f.UserFactory(national=True)
    staff = f.MembershipFactory(region=made[0], role=Role.EDITOR).user

    client.force_login(national)
    with django_assert_num_queries(NATIONAL_QUERIES):
        response = client.get(KPIS)
    coverage = next(row for row in response.context["kpis"] if row["kpi"].code == COVERAGE)
    assert coverage["measured"] == f"{count} van {count}"
    assert coverage["chart"].svg.count("<circle") == count

    client.force_login(staff)
    with django_assert_num_queries(STAFF_QUERIES):
        response = client.get(KPIS)
    coverage = next(row for row in response.context["kpis"] if row["kpi"].code == COVERAGE)
    assert coverage["measured"] == "1 van 1"
