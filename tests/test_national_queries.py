"""The national page and its exports run a fixed number of SQL queries, however many regions."""

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus
from national.services import take_snapshot
from neighbourhoods.models import Neighbourhood
from regions.models import RegionTask, TaskStatus
from regions.tenancy import Role

from . import factories as f
from .api_helpers import token_client
from .test_national_access import export_rows

pytestmark = pytest.mark.django_db

# session, user, the second factor's device, national-governance group, then the figures:
# primary-care disciplines, mandated (region, discipline) pairs (any scope, and how many cover
# contracting), care organisations
# representing SO and AVG, the roadmap, regions, main tasks, neighbourhoods, complete
# neighbourhoods, open escalated bottlenecks, agreements per status, contracted budget; the page
# adds the stamps of what the figures read, the insurers, their agreements per status, the
# insurers' positions with their contracted budget and the contracted budget per funding source
# (contracting per insurer) and the snapshots of the trend.
PAGE_QUERIES = 20
# The page again while nothing the figures read has changed: the four, and the stamps.
KEPT_PAGE_QUERIES = 5
# The page after a change in one region: the four, the stamps, and that region's part (its
# figures as above, without the disciplines and the roadmap; its agreements per insurer and its
# insurers' positions with their contracted budget).
CHANGED_PAGE_QUERIES = 16
EXPORT_QUERIES = 15


def regions_with_data(count):
    insurer = f.OrganisationFactory(insurer=True)
    now = timezone.now()
    regions = []
    for _ in range(count):
        region = f.RegionFactory(lead_insurer=insurer)
        RegionTask.objects.create(region=region, task=1, status=TaskStatus.IN_PLACE)
        f.MandateFactory(region=region, valid_from=timezone.localdate(), valid_until=None)
        neighbourhood = f.NeighbourhoodFactory(region=region)
        f.AllianceContactFactory(neighbourhood=neighbourhood)
        f.BottleneckFactory(neighbourhood=neighbourhood, escalated_at=now)
        agreement = f.AgreementFactory(region=region, status=AgreementStatus.ACTIVE)
        f.PartyFactory(agreement=agreement, organisation=insurer)
        f.BudgetLineFactory(agreement=agreement, year=timezone.localdate().year)
        regions.append(region)
    take_snapshot()
    return regions


@pytest.mark.parametrize("regions", [5, 50])
@pytest.mark.parametrize(
    ("url_name", "queries"),
    [
        ("national:dashboard", PAGE_QUERIES),
        ("national:export_csv", EXPORT_QUERIES),
        ("national:export_xlsx", EXPORT_QUERIES),
    ],
)
def test_queries_do_not_grow_with_regions(
    client, django_assert_num_queries, regions, url_name, queries
):
    made = regions_with_data(regions)
    client.force_login(f.UserFactory(national=True))
    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name) + "?sort=-coverage")
    if url_name == "national:dashboard":
        assert len(response.context["rows"]) == regions
        with django_assert_num_queries(KEPT_PAGE_QUERIES):
            again = client.get(reverse(url_name) + "?sort=coverage")
        assert len(again.context["rows"]) == regions
        Neighbourhood.objects.filter(region=made[-1]).update(population=F("population") + 1)
        with django_assert_num_queries(CHANGED_PAGE_QUERIES):
            changed = client.get(reverse(url_name))
        totals, before = changed.context["totals"], again.context["totals"]
        assert totals.registered_population == before.registered_population + 1
    else:
        codes = {row[0] for row in export_rows(response)[1:]}
        assert codes == {region.code for region in made}


@pytest.mark.parametrize("regions", [5, 50])
def test_staff_page_queries_do_not_grow_with_regions(client, django_assert_num_queries, regions):
    made = regions_with_data(regions)
    staff = f.MembershipFactory(region=made[0], role=Role.VIEWER).user
    client.force_login(staff)
    # as many as for national governance: no second factor for a viewer, but their own regions
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("national:dashboard"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


# The token, the national-governance group, then the table's figures as the exports read them
# (throttling counts in Redis).
JSON_QUERIES = 13


@pytest.mark.parametrize("regions", [5, 50])
def test_the_json_endpoint_queries_do_not_grow_with_regions(django_assert_num_queries, regions):
    made = regions_with_data(regions)
    client = token_client(f.UserFactory(national=True))
    with django_assert_num_queries(JSON_QUERIES):
        response = client.get(reverse("api:national-region-list"), {"page_size": 100})
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == {r.code for r in made}
