"""GET /api/v1/national/regions/: the national table as JSON, in the API's conventions."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from agreements.models import AgreementStatus
from regions.models import Phase, RoadmapYear

from . import factories as f
from .api_helpers import assert_problem, client_for, invalid_names, token_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/national/regions/"


@pytest.fixture
def figures(world):
    """The region: one complete neighbourhood of two (15,000 of 30,000 inhabitants), a valid
    contracting mandate for gp, an active agreement with 1,234.50 budget this year."""
    for code in ("gp", "district_nursing", "pharmacy", "social_domain"):
        f.AllianceContactFactory(neighbourhood=world.neighbourhood, discipline=f.discipline(code))
    f.MandateFactory(
        region=world.region,
        valid_from=timezone.localdate() - datetime.timedelta(days=1),
        valid_until=None,
    )
    world.agreement.status = AgreementStatus.ACTIVE
    world.agreement.save()
    f.BudgetLineFactory(
        agreement=world.agreement, year=timezone.localdate().year, amount=Decimal("1234.50")
    )
    world.region.lead_insurer = world.party_insurer
    world.region.municipalities = ["Gemeente Fictief Oost", "Gemeente Fictief West"]
    world.region.save()
    RoadmapYear.objects.all().delete()
    RoadmapYear.objects.create(year=timezone.localdate().year, expected_phase=Phase.AGREEMENTS)
    return world


def test_national_governance_gets_every_regions_figures(figures):
    response = client_for(figures, "national").get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_code = {row["code"]: row for row in body["results"]}
    assert list(by_code) == [figures.other_region.code, figures.region.code]
    assert by_code[figures.region.code] == {
        "code": "utrecht-west",
        "name": "Regio Fictief Utrecht-West",
        "care_office_region": "Zorgkantoorregio Fictief",
        "phase": "network",
        "expected_phase": "agreements",
        "behind_roadmap": True,
        "attention_codes": ["core_mandate", "roadmap"],
        "tasks_in_place": 0,
        "core_mandated": 1,
        "disciplines_contracting": 1,
        "disciplines_mandated": 1,
        "neighbourhoods": 2,
        "complete_neighbourhoods": 1,
        "population": 30_000,
        "registered_population": 30_000,
        "unassigned_population": 0,
        "municipalities": ["Gemeente Fictief Oost", "Gemeente Fictief West"],
        "covered_population": 15_000,
        "coverage": 0.5,
        "open_escalated_bottlenecks": 0,
        "agreements": {
            "draft": 0,
            "in_review": 0,
            "awaiting_signatures": 0,
            "changes_requested": 0,
            "approved": 0,
            "active": 1,
            "ended": 0,
            "rejected": 0,
        },
        "contracted_budget": "1234.50",
        "lead_insurer": figures.party_insurer.name,
    }
    assert by_code[figures.other_region.code]["coverage"] is None
    assert by_code[figures.other_region.code]["lead_insurer"] is None


def test_filters_sort_and_pages(figures):
    client = client_for(figures, "national")
    body = client.get(URL, {"sort": "-neighbourhoods", "page_size": 1}).json()
    assert (body["count"], [row["code"] for row in body["results"]]) == (1 + 1, ["utrecht-west"])
    assert body["next"] is not None
    body = client.get(URL, {"lead_insurer": figures.party_insurer.pk}).json()
    assert [row["code"] for row in body["results"]] == ["utrecht-west"]
    body = client.get(URL, {"attention": "core_mandate"}).json()
    assert [row["code"] for row in body["results"]] == ["twente-noord", "utrecht-west"]
    body = client.get(URL, {"attention": "coverage"}).json()
    assert [row["code"] for row in body["results"]] == ["twente-noord"]  # no inhabitants at all


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"sort": "name"}, "sort"),
        ({"phase": "zomer"}, "phase"),
        ({"lead_insurer": "x"}, "lead_insurer"),
        ({"attention": "weather"}, "attention"),
    ],
)
def test_bad_filters_are_a_problem_with_invalid_params(figures, query, name):
    body = assert_problem(client_for(figures, "national").get(URL, query), 400, "invalid")
    assert invalid_names(body) == {name}
    assert body["invalid_params"][0]["reason"].startswith("Selecteer een geldige keuze")


@pytest.mark.parametrize("who", ["admin", "editor", "viewer"])
def test_regional_staff_get_only_their_own_region(figures, who):
    body = token_client(getattr(figures, who)).get(URL).json()
    assert [row["code"] for row in body["results"]] == [figures.region.code]
    assert body["count"] == 1


def test_staff_of_another_region_get_only_theirs(figures):
    body = client_for(figures, "other_region_staff").get(URL).json()
    assert [row["code"] for row in body["results"]] == [figures.other_region.code]


@pytest.mark.parametrize("role", ["party_insurer", "unrelated_insurer"])
def test_insurers_are_refused(figures, role):
    response = client_for(figures, role).get(URL)
    body = assert_problem(response, 403, "permission_denied")
    assert figures.region.name not in response.content.decode()
    assert "results" not in body


def test_coordinators_are_refused(figures):
    assert_problem(token_client(figures.coordinator).get(URL), 403, "permission_denied")


def test_anonymous_is_401(figures):
    response = client_for(figures, "anonymous").get(URL)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_read_only(figures):
    assert_problem(client_for(figures, "national").post(URL, {}), 405)
