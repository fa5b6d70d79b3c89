"""After a change in some regions the national overview computes anew only those regions' parts
and sums the national figures from every region's part (national.services.national_overview):
what it shows is exactly what compute_overview computes from scratch."""

import pytest
from django.db.models import F
from django.urls import reverse

from agreements import services
from mandates.services import revoke_mandate
from national.services import SNAPSHOT_FIELDS, compute_overview, national_overview, take_snapshot
from neighbourhoods.models import Neighbourhood
from regions.models import Organisation, Region, RoadmapYear

from . import factories as f
from .test_national_contracting import country, nza  # noqa: F401 (country: the fixture)
from .test_national_queries import regions_with_data

pytestmark = pytest.mark.django_db

# The stamps, then the parts of the changed regions: mandated pairs (two), regions, main tasks,
# neighbourhoods, complete neighbourhoods, open escalated bottlenecks, agreements per status,
# contracted budget, agreements per insurer, the insurers' positions.
CHANGED_QUERIES = 12
# The stamps, the reference data (disciplines, roadmap, insurers, trend) and every region's part.
ANEW_QUERIES = 16


def figures(overview) -> dict:
    table = overview.table
    return {
        "table": (table.day, table.rows, table.disciplines, table.roadmap, table.thresholds),
        "totals": {name: getattr(overview.totals, name) for name in ["date", *SNAPSHOT_FIELDS]},
        "disciplines": overview.disciplines,
        "insurers": overview.insurers,
        "contracting": overview.contracting,
        "trend": [snapshot.pk for snapshot in overview.trend],
    }


def overview_as_anew(day, django_assert_num_queries, queries):
    with django_assert_num_queries(queries):
        overview = national_overview(day)
    assert figures(overview) == figures(compute_overview(day))
    return overview


def rows_by_code(overview) -> dict:
    return {row.code: row for row in overview.table.rows}


def test_the_overview_after_changes_equals_the_overview_computed_anew(
    country,  # noqa: F811
    django_assert_num_queries,
):
    others = regions_with_data(3)
    day = country.today
    first = overview_as_anew(day, django_assert_num_queries, ANEW_QUERIES)
    assert len(first.contracting.insurers) == 4 and first.totals.regions == 5

    # Changes in two regions: an insurer approves version 2 of an agreement and a budget line
    # is added in the one; a mandate revoked, a neighbourhood grows in the other.
    eight = country.second.agreements.get(procurement_model="individual")
    country.decide(eight, country.a, "approve")
    services.activate(f.region_editor(country.second), eight)
    f.BudgetLineFactory(agreement=eight, year=country.year, **nza("S1", "12.34"))
    mandate = others[0].mandates.get()
    revoke_mandate(f.UserFactory(), mandate, on=day, reason="Vertrokken")
    Neighbourhood.objects.filter(region=others[0]).update(population=F("population") + 1000)
    changed = overview_as_anew(day, django_assert_num_queries, CHANGED_QUERIES)
    assert changed.totals != first.totals
    before, after = rows_by_code(first), rows_by_code(changed)
    for code in before.keys() - {country.second.code, others[0].code}:
        assert after[code] is before[code]  # kept: not computed anew
    assert after[others[0].code].missing_core != before[others[0].code].missing_core

    # A region added and one removed.
    added = f.RegionFactory(name="Regio Fictief Nieuw")
    f.NeighbourhoodFactory(region=added)
    overview_as_anew(day, django_assert_num_queries, CHANGED_QUERIES)
    Neighbourhood.objects.filter(region=added).delete()
    added.delete()
    # every region's stamp as before the region was added: the overview of then, kept
    assert added.code not in rows_by_code(overview_as_anew(day, django_assert_num_queries, 1))

    # Reference data: an insurer renamed, the roadmap, a snapshot for the trend.
    Organisation.objects.filter(pk=country.c.pk).update(name="Zorgverzekeraar Fictief Z")
    renamed = overview_as_anew(day, django_assert_num_queries, ANEW_QUERIES)
    assert "Zorgverzekeraar Fictief Z" in {row.insurer for row in renamed.contracting.insurers}
    RoadmapYear.objects.update_or_create(year=day.year, defaults={"expected_phase": "deepening"})
    assert overview_as_anew(
        day, django_assert_num_queries, ANEW_QUERIES
    ).totals.regions_behind_roadmap
    take_snapshot(day)
    assert overview_as_anew(day, django_assert_num_queries, ANEW_QUERIES).trend

    # Nothing changed: the overview kept, one query.
    kept = national_overview(day)
    with django_assert_num_queries(1):
        assert national_overview(day) is kept


def test_the_filters_kept_with_the_reference_data_follow_their_options(client):
    """The filters as the page opens are kept for every overview of the same reference data:
    by their options, which changes in regions can change."""
    made = regions_with_data(2)
    client.force_login(f.UserFactory(national=True))
    url = reverse("national:dashboard")
    assert "Zorgkantoor Fictief Nieuw" not in client.get(url).context["filters"]
    Region.objects.filter(pk=made[0].pk).update(care_office_region="Zorgkantoor Fictief Nieuw")
    assert "Zorgkantoor Fictief Nieuw" in client.get(url).context["filters"]
