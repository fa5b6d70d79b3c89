"""Agreements API: who reaches which endpoint, what it shows, and what writes do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pghistory.models import MiddlewareEvents
from rest_framework.fields import DateTimeField

from agreements import services
from agreements.models import Agreement, AgreementStatus, BudgetLine, Review

from . import factories as f
from .api_helpers import (
    ROLES,
    assert_problem,
    client_for,
    invalid_names,
    submit_for_review,
    token_client,
)

pytestmark = pytest.mark.django_db


def detail_url(agreement):
    return reverse("api:agreement-detail", args=[agreement.pk])


def draft_body(world, **overrides):
    goal = f.RegionGoalFactory(region=world.region)
    body = {
        "region": world.region.code,
        "reference": "UTW-API-2026",
        "title": "O&I via de API",
        "type": "oi",
        "procurement_model": "aligned_content",
        "period": {"start": "2026-01-01", "end": "2027-12-31"},
        "description": "Organisatie en infrastructuur.",
        "main_tasks": [4, 1],
        "parties": [{"organisation": world.party_insurer.pk, "is_lead": True}],
        "disciplines": ["gp", "pharmacy"],
        "goals": [goal.pk],
        "budget_lines": [
            {"year": 2026, "segment": "S2", "amount": "120000.00"},
            {"year": 2027, "segment": "S2", "amount": "125000.50", "description": "indexatie"},
        ],
        "targets": [
            {"name": "Wijken met compleet wijkverband", "unit": "%", "baseline": "40", "goal": "80"}
        ],
    }
    body.update(overrides)
    return body


def patch(client, agreement, body, etag=None):
    headers = {} if etag is None else {"HTTP_IF_MATCH": etag}
    return client.patch(detail_url(agreement), body, format="json", **headers)


def etag_of(agreement):
    agreement.refresh_from_db()
    return f'"{agreement.edit_token}"'


# --- who reaches what: every endpoint, every role ---------------------------------------------

ALL_ROLES = list(ROLES)


def expect(**statuses):
    return [pytest.param(role, statuses[role], id=role) for role in ALL_ROLES]


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("region_staff", True),
        ("other_region_staff", False),
        ("party_insurer", True),
        ("unrelated_insurer", False),
        ("national", False),
    ],
)
def test_list_shows_only_what_the_role_may_see(world, role, sees):
    f.AgreementFactory(region=world.other_region)  # never shown to the region's users
    response = client_for(world, role).get(reverse("api:agreement-list"))
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert (world.agreement.pk in ids) is sees
    if role in ("region_staff", "party_insurer"):
        assert ids == {world.agreement.pk}
    if role == "national":
        assert ids == set()


def test_list_needs_authentication(world):
    response = client_for(world, "anonymous").get(reverse("api:agreement-list"))
    body = assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
    assert "results" not in body


@pytest.mark.parametrize(
    ("role", "status"),
    expect(
        region_staff=200,
        other_region_staff=404,
        party_insurer=200,
        unrelated_insurer=404,
        national=404,
        anonymous=401,
    ),
)
def test_detail_by_role(world, role, status):
    response = client_for(world, role).get(detail_url(world.agreement))
    assert response.status_code == status
    if status != 200:
        assert_problem(response, status)


@pytest.mark.parametrize(
    ("role", "status"),
    expect(
        region_staff=201,
        other_region_staff=400,  # the region does not exist for them
        party_insurer=403,
        unrelated_insurer=403,
        national=403,
        anonymous=401,
    ),
)
def test_create_by_role(world, role, status):
    response = client_for(world, role).post(
        reverse("api:agreement-list"), draft_body(world), format="json"
    )
    assert response.status_code == status, response.content
    created = Agreement.objects.filter(reference="UTW-API-2026")
    assert created.exists() is (status == 201)
    if status == 400:  # neither the region nor its regioplan goal exist for them
        assert invalid_names(assert_problem(response, 400)) == {"region", "goals"}


@pytest.mark.parametrize(
    ("role", "status"),
    expect(
        region_staff=200,
        other_region_staff=404,
        party_insurer=403,
        unrelated_insurer=404,
        national=404,
        anonymous=401,
    ),
)
def test_patch_by_role(world, role, status):
    etag = etag_of(world.agreement)
    response = patch(client_for(world, role), world.agreement, {"title": "Nieuw"}, etag)
    assert response.status_code == status, response.content
    world.agreement.refresh_from_db()
    assert (world.agreement.title == "Nieuw") is (status == 200)


@pytest.mark.parametrize(
    ("role", "status"),
    expect(
        region_staff=201,
        other_region_staff=404,
        party_insurer=403,
        unrelated_insurer=404,
        national=404,
        anonymous=401,
    ),
)
def test_submit_by_role(world, role, status):
    f.CoveredDisciplineFactory(agreement=world.agreement)
    f.MandateFactory(region=world.region, valid_from=datetime.date(2020, 1, 1), valid_until=None)
    response = client_for(world, role).post(
        reverse("api:agreement-submit", args=[world.agreement.pk])
    )
    assert response.status_code == status, response.content
    world.agreement.refresh_from_db()
    assert (world.agreement.status == AgreementStatus.IN_REVIEW) is (status == 201)


READ_UNDER_AGREEMENT = ["versions", "version", "reviews"]


def nested_url(name, agreement):
    if name == "version":
        return reverse("api:agreement-version-detail", args=[agreement.pk, 1])
    return reverse(f"api:agreement-{name[:-1]}-list", args=[agreement.pk])


@pytest.mark.parametrize("endpoint", READ_UNDER_AGREEMENT)
@pytest.mark.parametrize(
    ("role", "status"),
    expect(
        region_staff=200,
        other_region_staff=404,
        party_insurer=200,
        unrelated_insurer=404,
        national=404,
        anonymous=401,
    ),
)
def test_versions_and_reviews_by_role(world, endpoint, role, status):
    submit_for_review(world)
    response = client_for(world, role).get(nested_url(endpoint, world.agreement))
    assert response.status_code == status
    if status != 200:
        assert_problem(response, status)


@pytest.mark.parametrize(
    ("role", "status"),
    expect(
        region_staff=403,
        other_region_staff=404,
        party_insurer=201,
        unrelated_insurer=404,
        national=404,
        anonymous=401,
    ),
)
def test_review_by_role(world, role, status):
    submit_for_review(world)
    response = client_for(world, role).post(
        reverse("api:agreement-review-list", args=[world.agreement.pk]),
        {"version": 1, "decision": "approve"},
        format="json",
    )
    assert response.status_code == status, response.content
    assert Review.objects.exists() is (status == 201)
    if status != 201:
        assert_problem(response, status)


def test_other_regions_agreement_is_404_everywhere_for_the_regions_staff(world):
    """The other direction: staff never reach another region's agreement or its rows."""
    elsewhere = f.AgreementFactory(region=world.other_region)
    client = client_for(world, "region_staff")
    for url in [
        detail_url(elsewhere),
        reverse("api:agreement-version-list", args=[elsewhere.pk]),
        reverse("api:agreement-version-detail", args=[elsewhere.pk, 1]),
        reverse("api:agreement-review-list", args=[elsewhere.pk]),
    ]:
        assert_problem(client.get(url), 404)
    assert_problem(patch(client, elsewhere, {"title": "x"}, etag_of(elsewhere)), 404)
    assert_problem(client.post(reverse("api:agreement-submit", args=[elsewhere.pk])), 404)


def test_a_viewer_sees_but_may_not_change(world):
    client = token_client(world.viewer)
    assert client.get(detail_url(world.agreement)).status_code == 200
    response = patch(client, world.agreement, {"title": "x"}, etag_of(world.agreement))
    assert_problem(response, 403, "permission_denied")
    response = client.post(reverse("api:agreement-list"), draft_body(world), format="json")
    assert_problem(response, 403, "permission_denied")


def test_staff_of_two_regions_cannot_create_where_they_only_view(world):
    f.MembershipFactory(user=world.editor, region=world.other_region, role="viewer")
    body = draft_body(world, region=world.other_region.code)
    response = token_client(world.editor).post(reverse("api:agreement-list"), body, format="json")
    assert_problem(response, 403)
    assert not Agreement.objects.filter(region=world.other_region).exists()


# --- what the read endpoints show --------------------------------------------------------------


def test_detail_shows_the_current_state_with_mandate_check_and_etag(world):
    agreement = world.agreement
    f.CoveredDisciplineFactory(agreement=agreement)
    f.CoveredDisciplineFactory(agreement=agreement, discipline=f.discipline("pharmacy"))
    mandate = f.MandateFactory(
        region=world.region, valid_from=datetime.date(2020, 1, 1), valid_until=None
    )
    f.BudgetLineFactory(agreement=agreement)
    f.TargetFactory(agreement=agreement, name="Bereik", current_value=None)
    goal = f.RegionGoalFactory(region=world.region, title="Elke wijk gedekt")
    agreement.goals.create(goal=goal, region=world.region)

    response = client_for(world, "party_insurer").get(detail_url(agreement))

    assert response.status_code == 200
    agreement.refresh_from_db()
    assert response["ETag"].startswith(f'"{agreement.edit_token}/')
    body = response.json()
    assert body["region"] == {"code": "utrecht-west", "name": "Regio Fictief Utrecht-West"}
    assert body["version"] is None
    assert body["status"] == "draft"
    assert body["period"] == {
        "start": agreement.period_start.isoformat(),
        "end": agreement.period_end.isoformat(),
    }
    assert body["main_tasks"] == [1, 4]
    assert body["parties"] == [
        {
            "organisation": world.party_insurer.pk,
            "name": world.party_insurer.name,
            "kind": "insurer",
            "is_lead": True,
            "cost_share": None,
        }
    ]
    assert body["disciplines"] == ["gp", "pharmacy"]
    assert body["goals"] == [{"id": goal.pk, "title": "Elke wijk gedekt", "vision_goal": 5}]
    assert body["budget_lines"] == [
        {
            "year": agreement.period_start.year,
            "source": "insurer_nza",
            "segment": "S2",
            "zvw_fund": "",
            "grant_number": "",
            "amount": "250000.00",
            "description": "",
        }
    ]
    assert body["targets"] == [
        {
            "name": "Bereik",
            "unit": "%",
            "baseline": "40.00",
            "goal": "80.00",
            "current_value": None,
        }
    ]
    gp, pharmacy = body["mandate_check"]
    assert gp["discipline"] == "gp" and gp["covered"] and gp["reason"] == ""
    assert gp["mandate"]["id"] == mandate.pk
    assert gp["mandate"]["valid_until"] is None
    assert pharmacy["discipline"] == "pharmacy" and not pharmacy["covered"]
    assert pharmacy["mandate"] is None and pharmacy["reason"]
    assert body["created_at"].endswith(("+01:00", "+02:00"))  # DRF's format, local time
    listed = client_for(world, "party_insurer").get(reverse("api:agreement-list")).json()
    listed = listed["results"][0]
    for name in ("created_at", "updated_at"):
        stored = getattr(Agreement.objects.get(pk=body["id"]), name)
        assert body[name] == listed[name] == DateTimeField().to_representation(stored)


def test_list_and_detail_show_the_same_agreement(world):
    submit_for_review(world)
    client = client_for(world, "party_insurer")
    (listed,) = client.get(reverse("api:agreement-list")).json()["results"]
    detail = client.get(detail_url(world.agreement)).json()
    assert listed["version"] == 1
    detail_only = {name: detail[name] for name in ("mandate_check", "positions")}
    assert {**listed, **detail_only} == detail


def test_versions_are_the_frozen_snapshots(world):
    submit_for_review(world)
    world.agreement.refresh_from_db()
    client = client_for(world, "party_insurer")

    listed = client.get(reverse("api:agreement-version-list", args=[world.agreement.pk])).json()
    version = client.get(
        reverse("api:agreement-version-detail", args=[world.agreement.pk, 1])
    ).json()

    assert listed["count"] == 1 and listed["results"] == [version]
    assert version["number"] == 1
    assert version["snapshot"]["reference"] == world.agreement.reference
    assert version["snapshot"]["disciplines"] == ["gp"]
    missing = client.get(reverse("api:agreement-version-detail", args=[world.agreement.pk, 2]))
    assert_problem(missing, 404)


# --- filters, ordering, pagination --------------------------------------------------------------


@pytest.fixture
def several(world):
    """Agreements of the party insurer in two regions, statuses, types and periods: the draft
    runs this year and the next, the one in review the year after, the other region's one
    from July two years ago to June last year."""
    world.party_insurer.regions.add(world.other_region)
    year = world.agreement.period_start.year
    made = {
        "draft": world.agreement,
        "in_review_later": f.AgreementFactory(
            region=world.region,
            reference="B-0001",
            type="care_programme",
            period_start=datetime.date(year + 2, 1, 1),
            period_end=datetime.date(year + 2, 12, 31),
            submitted=True,
            lead_insurer=world.party_insurer,
        ),
        "other_region_earlier": f.AgreementFactory(
            region=world.other_region,
            reference="A-0001",
            period_start=datetime.date(year - 2, 7, 1),
            period_end=datetime.date(year - 1, 6, 30),
        ),
    }
    f.PartyFactory(agreement=made["other_region_earlier"], organisation=world.party_insurer)
    return made


def listed(world, **params):
    response = client_for(world, "party_insurer").get(reverse("api:agreement-list"), params)
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


def test_filters(world, several):
    ref = {name: a.reference for name, a in several.items()}
    year = world.agreement.period_start.year
    assert listed(world, status="in_review") == [ref["in_review_later"]]
    assert listed(world, type="care_programme") == [ref["in_review_later"]]
    assert sorted(listed(world, region="twente-noord")) == [ref["other_region_earlier"]]
    assert listed(world, region="bestaat-niet") == []
    assert sorted(listed(world, year=year - 1)) == [ref["other_region_earlier"]]
    assert sorted(listed(world, year=year + 1)) == [ref["draft"]]
    assert sorted(listed(world, year=year - 2)) == [ref["other_region_earlier"]]


def test_updated_since_is_for_polling(world, several):
    later = several["in_review_later"]
    next_year = timezone.now().year + 1
    Agreement.objects.filter(pk=later.pk).update(
        updated_at=datetime.datetime(next_year, 1, 1, tzinfo=datetime.UTC)
    )
    assert listed(world, updated_since=f"{next_year - 1}-12-31T23:00:00+00:00") == [later.reference]
    assert listed(world, updated_since=f"{next_year}-01-01T00:00:01Z") == []
    # Offsets PostgreSQL itself would refuse are taken as the moment they name.
    assert listed(world, updated_since=f"{next_year}-01-01T20:00:00+20:08") == [later.reference]


def test_ordering(world, several):
    assert listed(world, ordering="reference") == sorted(a.reference for a in several.values())
    assert listed(world, ordering="-reference") == sorted(
        (a.reference for a in several.values()), reverse=True
    )
    Agreement.objects.filter(pk=several["other_region_earlier"].pk).update(
        updated_at=datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
    )
    assert listed(world, ordering="updated_at")[0] == several["other_region_earlier"].reference


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"status": "klaar"}, "status"),
        ({"type": "x"}, "type"),
        ({"year": "twintig"}, "year"),
        ({"year": "1999"}, "year"),
        ({"updated_since": "gisteren"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00+20:00"}, "updated_since"),  # before year 1 in UTC
        ({"ordering": "title"}, "ordering"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "nul"}, "page_size"),
    ],
)
def test_bad_filter_values_are_400(world, params, name):
    response = client_for(world, "party_insurer").get(reverse("api:agreement-list"), params)
    assert invalid_names(assert_problem(response, 400, "invalid")) == {name}


def test_pagination(world):
    for _number in range(3):
        f.PartyFactory(
            agreement=f.AgreementFactory(region=world.region),
            organisation=world.party_insurer,
            is_lead=False,
        )
    client = client_for(world, "party_insurer")
    first = client.get(reverse("api:agreement-list"), {"page_size": 3}).json()
    assert first["count"] == 4 and len(first["results"]) == 3
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    seen = {row["id"] for row in first["results"] + second["results"]}
    assert len(seen) == 4
    assert_problem(client.get(reverse("api:agreement-list"), {"page": 9}), 404)


@pytest.mark.parametrize("page_size", [10, 100])
def test_list_query_count_does_not_depend_on_page_size(world, page_size, django_assert_num_queries):
    for number in range(100):
        agreement = f.AgreementFactory(region=world.region, reference=f"Q-{number:03d}")
        f.PartyFactory(agreement=agreement, organisation=world.party_insurer)
        f.BudgetLineFactory(agreement=agreement)
        f.TargetFactory(agreement=agreement)
        f.CoveredDisciplineFactory(agreement=agreement)
    client = client_for(world, "party_insurer")
    # 1 token lookup, 1 fingerprint (count and the page's ids), 1 page, 5 nested kinds
    # (parties, disciplines, goals, budget lines, targets)
    with django_assert_num_queries(8):
        response = client.get(reverse("api:agreement-list"), {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


# --- writes -------------------------------------------------------------------------------------


def test_create_a_draft(world):
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-list"), draft_body(world), format="json"
    )
    assert response.status_code == 201, response.content
    agreement = Agreement.objects.get(reference="UTW-API-2026")
    assert response["Location"] == detail_url(agreement)
    assert response["ETag"].startswith(f'"{agreement.edit_token}/')
    body = response.json()
    assert body["id"] == agreement.pk and body["status"] == "draft"
    assert body["main_tasks"] == [1, 4]
    assert body["disciplines"] == ["gp", "pharmacy"]
    assert [line["amount"] for line in body["budget_lines"]] == ["120000.00", "125000.50"]
    assert agreement.region == world.region


def test_a_draft_created_without_a_procurement_model_gets_the_default(world):
    body = draft_body(world, type="transformation")
    del body["procurement_model"]
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-list"), body, format="json"
    )
    assert response.status_code == 201, response.content
    # GP care through a transformation agreement: ZN's follow policy
    assert response.json()["procurement_model"] == "follow"


def test_create_reports_every_broken_rule_and_writes_nothing(world):
    body = draft_body(
        world,
        budget_lines=[
            {"year": 2026, "segment": "S2", "amount": "5"},
            {"year": 2026, "segment": "S2", "amount": "6"},
            {"year": 2031, "segment": "S2", "amount": "7"},
        ],
    )
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-list"), body, format="json"
    )
    problem = assert_problem(response, 422)
    assert invalid_names(problem) == {"budget_lines[1]", "budget_lines[2].year"}
    assert {p["code"] for p in problem["invalid_params"]} == {"duplicate", "outside_period"}
    assert not Agreement.objects.filter(reference="UTW-API-2026").exists()
    assert not BudgetLine.objects.filter(amount=5).exists()


def test_malformed_input_is_400_with_every_field_named(world):
    body = draft_body(
        world,
        colour="blauw",
        type="onbekend",
        period={"start": "2027-01-01", "end": "2026-01-01"},
        parties=[{"organisation": world.party_insurer.pk, "is_lead": True, "naam": "x"}],
        budget_lines=[{"year": 2026, "segment": "S2", "amount": "-1"}],
        disciplines=["gp", "geen-discipline"],
        goals=[f.RegionGoalFactory(region=world.other_region).pk],
    )
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-list"), body, format="json"
    )
    problem = assert_problem(response, 400, "invalid")
    assert invalid_names(problem) == {
        "colour",
        "type",
        "period.end",
        "parties[0].naam",
        "budget_lines[0].amount",
        "disciplines",
        "goals",
    }
    codes = {p["name"]: p["code"] for p in problem["invalid_params"]}
    assert codes["colour"] == codes["parties[0].naam"] == "unknown_field"
    assert not Agreement.objects.filter(reference="UTW-API-2026").exists()


def test_patch_with_the_current_etag_changes_the_draft(world):
    client = client_for(world, "region_staff")
    etag = client.get(detail_url(world.agreement))["ETag"]
    year = world.agreement.period_end.year
    response = patch(
        client,
        world.agreement,
        {"title": "Herzien", "budget_lines": [{"year": year, "segment": "S1", "amount": "9"}]},
        etag,
    )
    assert response.status_code == 200, response.content
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Herzien"
    assert response["ETag"].startswith(f'"{world.agreement.edit_token}/')
    assert response["ETag"] != etag
    assert response.json()["budget_lines"] == [
        {
            "year": year,
            "source": "insurer_nza",
            "segment": "S1",
            "zvw_fund": "",
            "grant_number": "",
            "amount": "9.00",
            "description": "",
        }
    ]


def test_a_new_period_must_keep_the_budget_lines_within_it(world):
    agreement = world.agreement
    f.BudgetLineFactory(agreement=agreement, year=agreement.period_end.year)
    client = client_for(world, "region_staff")
    etag = client.get(detail_url(agreement))["ETag"]
    start = agreement.period_start
    period = {"start": start.isoformat(), "end": start.replace(month=12, day=31).isoformat()}
    response = patch(client, agreement, {"period": period}, etag)
    problem = assert_problem(response, 422, "outside_period")
    assert invalid_names(problem) == {"budget_lines[0].year"}
    agreement.refresh_from_db()
    assert agreement.period_end.year == start.year + 1


def test_patch_with_a_stale_etag_is_412_and_writes_nothing(world):
    client = client_for(world, "region_staff")
    stale = client.get(detail_url(world.agreement))["ETag"]
    assert patch(client, world.agreement, {"title": "Eerste"}, stale).status_code == 200
    response = patch(client, world.agreement, {"title": "Tweede"}, stale)
    assert_problem(response, 412, "precondition_failed")
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Eerste"


@pytest.mark.parametrize("etag", ['W/"x"', "geen-tag", '"2020-01-01T00:00:00+00:00"'])
def test_patch_with_a_weak_or_foreign_etag_is_412(world, etag):
    response = patch(client_for(world, "region_staff"), world.agreement, {"title": "x"}, etag)
    assert_problem(response, 412)


def test_patch_without_if_match_is_428(world):
    response = patch(client_for(world, "region_staff"), world.agreement, {"title": "x"})
    assert_problem(response, 428, "precondition_required")


def test_patch_of_a_submitted_agreement_is_409(world):
    submit_for_review(world)
    response = patch(
        client_for(world, "region_staff"), world.agreement, {"title": "x"}, etag_of(world.agreement)
    )
    assert_problem(response, 409, "not_editable")


def test_patch_cannot_move_an_agreement_to_another_region(world):
    response = patch(
        client_for(world, "region_staff"),
        world.agreement,
        {"region": world.other_region.code},
        etag_of(world.agreement),
    )
    assert invalid_names(assert_problem(response, 400)) == {"region"}


def test_an_api_patch_is_recorded_in_the_history_with_its_author(world):
    response = patch(
        client_for(world, "region_staff"),
        world.agreement,
        {"title": "Herzien"},
        etag_of(world.agreement),
    )
    assert response.status_code == 200
    event = MiddlewareEvents.objects.tracks(world.agreement).get(pgh_label="update")
    assert event.user_id == world.editor.pk
    assert event.pgh_context["method"] == "PATCH"
    assert event.url == detail_url(world.agreement)
    assert event.pgh_diff["title"][1] == "Herzien"


def test_submit_without_mandates_is_422_naming_each_missing_discipline(world):
    f.CoveredDisciplineFactory(agreement=world.agreement)
    f.CoveredDisciplineFactory(agreement=world.agreement, discipline=f.discipline("pharmacy"))
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-submit", args=[world.agreement.pk])
    )
    problem = assert_problem(response, 422, "mandate_missing")
    reasons = [p["reason"] for p in problem["invalid_params"]]
    assert len(reasons) == 2
    assert reasons[0].startswith("huisartsenzorg: geen mandaat")
    assert reasons[1].startswith("apotheek: geen mandaat")
    assert {p["name"] for p in problem["invalid_params"]} == {"disciplines"}
    world.agreement.refresh_from_db()
    assert world.agreement.status == AgreementStatus.DRAFT


def test_submit_freezes_a_version(world):
    f.CoveredDisciplineFactory(agreement=world.agreement)
    f.MandateFactory(region=world.region, valid_from=datetime.date(2020, 1, 1), valid_until=None)
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-submit", args=[world.agreement.pk])
    )
    assert response.status_code == 201
    assert response.json()["number"] == 1
    assert response["Location"] == reverse(
        "api:agreement-version-detail", args=[world.agreement.pk, 1]
    )


# --- reviews ------------------------------------------------------------------------------------


def review(world, role="party_insurer", **body):
    return client_for(world, role).post(
        reverse("api:agreement-review-list", args=[world.agreement.pk]), body, format="json"
    )


def test_the_lead_insurers_approval_approves(world):
    submit_for_review(world)
    response = review(world, version=1, decision="approve")
    assert response.status_code == 201
    body = response.json()
    assert body["version"] == 1 and body["by_lead_insurer"] is True
    assert body["insurer"] == {"id": world.party_insurer.pk, "name": world.party_insurer.name}
    world.agreement.refresh_from_db()
    assert world.agreement.status == AgreementStatus.APPROVED
    listed_reviews = client_for(world, "region_staff").get(
        reverse("api:agreement-review-list", args=[world.agreement.pk])
    )
    assert listed_reviews.json()["results"] == [body]


def test_a_following_insurers_review_is_recorded_without_moving_the_agreement(world):
    follower = f.OrganisationFactory(insurer=True, regions=[world.region])
    f.PartyFactory(agreement=world.agreement, organisation=follower, is_lead=False)
    member = f.UserFactory()
    follower.group.user_set.add(member)
    submit_for_review(world)
    response = token_client(member).post(
        reverse("api:agreement-review-list", args=[world.agreement.pk]),
        {"version": 1, "decision": "reject", "comment": "Wij volgen niet."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["by_lead_insurer"] is False
    world.agreement.refresh_from_db()
    assert world.agreement.status == AgreementStatus.IN_REVIEW


def test_request_changes_sends_the_agreement_back(world):
    submit_for_review(world)
    response = review(world, version=1, decision="request_changes", comment="Onderbouw 2027.")
    assert response.status_code == 201
    world.agreement.refresh_from_db()
    assert world.agreement.status == AgreementStatus.CHANGES_REQUESTED


def test_review_of_an_outdated_version_is_409(world):
    submit_for_review(world)
    review(world, version=1, decision="request_changes", comment="Onderbouw 2027.")
    services.submit(world.editor, world.agreement)
    problem = assert_problem(review(world, version=1, decision="approve"), 409, "stale_version")
    assert invalid_names(problem) == {"version"}
    assert Review.objects.count() == 1


def test_review_of_an_agreement_not_in_review_is_409(world):
    assert_problem(review(world, version=1, decision="approve"), 409, "invalid_transition")


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_review_without_comment_is_422(world, decision):
    submit_for_review(world)
    problem = assert_problem(review(world, version=1, decision=decision), 422, "required")
    assert invalid_names(problem) == {"comment"}
    assert not Review.objects.exists()


def test_review_with_bad_input_is_400(world):
    submit_for_review(world)
    problem = assert_problem(review(world, version=0, decision="misschien", extra=1), 400)
    assert invalid_names(problem) == {"version", "decision", "extra"}
