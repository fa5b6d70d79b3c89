"""Every list page takes the same number of queries however many rows it shows."""

import pytest
from django.urls import reverse

from regions.tenancy import Role

from . import factories as f

pytestmark = pytest.mark.django_db


def add_neighbourhoods(world, n):
    for _ in range(n):
        hood = f.NeighbourhoodFactory(region=world.region)
        f.AllianceContactFactory(neighbourhood=hood)
        f.BottleneckFactory(neighbourhood=hood)


def add_mandates(world, n):
    for _ in range(n):
        f.MandateFactory(region=world.region, discipline=f.discipline("pharmacy"))


def add_agreements(world, n):
    for _ in range(n):
        f.PartyFactory(agreement=f.AgreementFactory(region=world.region))


def add_goals(world, n):
    for _ in range(n):
        f.RegionActionFactory(goal=f.RegionGoalFactory(region=world.region))


def add_members(world, n):
    for _ in range(n):
        f.MembershipFactory(region=world.region, role=Role.VIEWER)


# url name, rows added, queries: session, user, the admin's verified authenticator (second
# factor), region with role, then the page's own
LISTS = [
    ("neighbourhood_list", add_neighbourhoods, 5),  # neighbourhoods with status and counts
    ("bottleneck_list", add_neighbourhoods, 5),  # bottlenecks with their neighbourhood
    # discipline choices of the filter, mandates, mandates of the matrix, disciplines
    ("mandate_list", add_mandates, 8),
    ("agreement_list", add_agreements, 6),  # counts per status, agreements
    ("plan", add_goals, 6),  # goals, their actions
    ("members", add_members, 5),  # memberships with their users
]


@pytest.mark.parametrize(("name", "add_rows", "queries"), LISTS, ids=[row[0] for row in LISTS])
def test_list_query_count_is_constant(
    client, world, django_assert_num_queries, name, add_rows, queries
):
    url = reverse(f"staff:{name}", args=[world.region.code])
    client.force_login(world.admin)
    add_rows(world, 1)
    with django_assert_num_queries(queries):
        few = client.get(url)
    add_rows(world, 10)
    with django_assert_num_queries(queries):
        many = client.get(url)
    assert few.status_code == many.status_code == 200
    assert len(many.content) > len(few.content)
