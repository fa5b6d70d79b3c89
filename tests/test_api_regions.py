"""Regions API: what each role may see of regions."""

import pytest
from django.urls import reverse

from .api_helpers import ROLES, assert_problem, client_for

pytestmark = pytest.mark.django_db

SEES = {
    "region_staff": {"utrecht-west"},
    "other_region_staff": {"twente-noord"},
    "party_insurer": {"utrecht-west"},  # where their insurer works
    "unrelated_insurer": {"twente-noord"},
    "national": set(),
}


@pytest.mark.parametrize("role", list(SEES))
def test_list_by_role(world, role):
    response = client_for(world, role).get(reverse("api:region-list"))
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == SEES[role]


@pytest.mark.parametrize("role", list(ROLES))
def test_detail_by_role(world, role):
    response = client_for(world, role).get(reverse("api:region-detail", args=["utrecht-west"]))
    if role == "anonymous":
        assert_problem(response, 401)
    elif "utrecht-west" in SEES[role]:
        assert response.status_code == 200
    else:
        assert_problem(response, 404)


def test_list_needs_authentication(world):
    assert_problem(client_for(world, "anonymous").get(reverse("api:region-list")), 401)


def test_detail_shows_the_region(world):
    world.region.lead_insurer = world.party_insurer
    world.region.save()
    body = (
        client_for(world, "party_insurer")
        .get(reverse("api:region-detail", args=["utrecht-west"]))
        .json()
    )
    assert body == {
        "code": "utrecht-west",
        "name": "Regio Fictief Utrecht-West",
        "care_office_region": "Zorgkantoorregio Fictief",
        "legal_form": "network",
        "phase": "network",
        "lead_municipality": world.region.lead_municipality,
        "lead_insurer": {"id": world.party_insurer.pk, "name": world.party_insurer.name},
    }


def test_regions_are_read_only(world):
    client = client_for(world, "region_staff")
    response = client.patch(
        reverse("api:region-detail", args=["utrecht-west"]), {"name": "x"}, format="json"
    )
    assert_problem(response, 405, "method_not_allowed")
