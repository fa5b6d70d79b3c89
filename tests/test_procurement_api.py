"""The API of issue 12: positions per party, decisions and follow decisions with a refusal code
per reason, signatures and follow requests by staff, the procurement fields."""

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import AgreementStatus

from .api_helpers import assert_problem, token_client
from .test_procurement_models import DAY, Scene

pytestmark = pytest.mark.django_db
S = AgreementStatus


@pytest.fixture
def scene(world):
    return Scene(world)


def review_url(agreement):
    return reverse("api:agreement-review-list", args=[agreement.pk])


def post_review(scene, organisation, agreement, decision, **extra):
    body = {"version": agreement.versions.count(), "decision": decision, **extra}
    return token_client(scene.member(organisation)).post(review_url(agreement), body, format="json")


def follow_agreement(scene):
    agreement = scene.agreement("follow", [(scene.lead, True, None), (scene.other, False, None)])
    services.submit(scene.editor, agreement, on=DAY)
    return agreement


def test_an_insurer_sees_its_position_and_the_others_decisions(scene):
    agreement = follow_agreement(scene)
    assert post_review(scene, scene.lead, agreement, "approve").status_code == 201
    response = post_review(
        scene, scene.other, agreement, "follow_partly", comment="Alleen op inhoud."
    )
    assert response.status_code == 201

    detail = token_client(scene.member(scene.other)).get(
        reverse("api:agreement-detail", args=[agreement.pk])
    )
    assert detail.status_code == 200
    positions = {p["organisation"]["id"]: p for p in detail.json()["positions"]}
    assert positions[scene.lead.pk]["role"] == "decides"
    assert positions[scene.lead.pk]["decision"]["decision"] == "approve"
    assert positions[scene.lead.pk]["contracted"] is True
    assert positions[scene.other.pk]["role"] == "follows"
    assert positions[scene.other.pk]["decision"]["comment"] == "Alleen op inhoud."
    assert positions[scene.other.pk]["contracted"] is True
    agreement.refresh_from_db()
    assert agreement.status == S.APPROVED


@pytest.mark.parametrize(
    ("who", "decision", "status", "code"),
    [
        ("other", "approve", 403, "not_a_decider"),  # under volgen only the lead decides
        ("lead", "follow_content", 403, "not_a_follower"),
        ("other", "follow_content", 409, "lead_not_decided"),
    ],
)
def test_a_decision_the_model_does_not_allow_is_refused_with_its_code(
    scene, who, decision, status, code
):
    agreement = follow_agreement(scene)
    response = post_review(scene, getattr(scene, who), agreement, decision)
    assert_problem(response, status, code)
    assert not agreement.reviews.exists()


def test_region_staff_are_no_party_and_an_insurer_outside_it_does_not_see_it(scene):
    agreement = follow_agreement(scene)
    body = {"version": 1, "decision": "approve"}
    staff = token_client(scene.editor).post(review_url(agreement), body, format="json")
    assert_problem(staff, 403, "not_a_party")
    assert_problem(post_review(scene, scene.third, agreement, "approve"), 404)


def test_a_stale_version_and_a_second_decision_are_conflicts(scene):
    agreement = scene.agreement(
        "individual", [(scene.lead, False, None), (scene.other, False, None)]
    )
    services.submit(scene.editor, agreement, on=DAY)
    assert post_review(scene, scene.lead, agreement, "approve").status_code == 201
    assert_problem(post_review(scene, scene.lead, agreement, "approve"), 409, "already_reviewed")
    stale = token_client(scene.member(scene.other)).post(
        review_url(agreement), {"version": 2, "decision": "approve"}, format="json"
    )
    assert_problem(stale, 409, "stale_version")


def test_an_aligned_approval_records_the_own_contract_reference(scene):
    agreement = scene.agreement(
        "aligned_content", [(scene.lead, True, None)], framework="ANW-leidraad"
    )
    services.submit(scene.editor, agreement, on=DAY)
    assert_problem(
        post_review(scene, scene.lead, agreement, "approve"), 422, "contract_reference_required"
    )
    response = post_review(scene, scene.lead, agreement, "approve", contract_reference="ZV-2026-01")
    assert response.status_code == 201
    assert response.json()["contract_reference"] == "ZV-2026-01"


def signed_agreement(scene):
    agreement = scene.agreement(
        "", [(scene.lead, False, None), (scene.entity, False, None)], type="letter_of_intent"
    )
    services.submit(scene.editor, agreement, on=DAY)
    return agreement


def test_staff_record_signatures_and_the_agreement_comes_into_force(scene):
    agreement = signed_agreement(scene)
    url = reverse("api:agreement-signature-list", args=[agreement.pk])
    client = token_client(scene.editor)
    today = timezone.localdate().isoformat()
    for organisation in (scene.lead, scene.entity):
        body = {"organisation": organisation.pk, "signatory": "J. Bestuurder", "signed_on": today}
        response = client.post(url, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["organisation"]["id"] == organisation.pk
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE
    assert_problem(
        client.post(
            url,
            {"organisation": scene.lead.pk, "signatory": "X", "signed_on": today},
            format="json",
        ),
        409,
    )
    assert_problem(post_review(scene, scene.lead, agreement, "approve"), 409, "signed_not_reviewed")
    assert len(client.get(url).json()["results"]) == 2


def test_staff_ask_an_insurer_to_follow_once_the_lead_approved(scene):
    agreement = follow_agreement(scene)
    url = reverse("api:agreement-follow-request-list", args=[agreement.pk])
    client = token_client(scene.editor)
    body = {"organisation": scene.other.pk}
    assert_problem(client.post(url, body, format="json"), 409, "lead_not_decided")
    post_review(scene, scene.lead, agreement, "approve")
    response = client.post(url, body, format="json")
    assert response.status_code == 201
    assert response.json()["organisation"]["id"] == scene.other.pk
    assert_problem(
        client.post(url, {"organisation": scene.lead.pk}, format="json"), 422, "not_a_follower"
    )


@pytest.mark.parametrize("role", ["other_region_editor", "unrelated_insurer_member"])
def test_the_new_endpoints_are_404_for_another_region_and_an_unrelated_insurer(scene, role):
    signed, followed = signed_agreement(scene), follow_agreement(scene)
    client = token_client(getattr(scene.world, role))
    today = timezone.localdate().isoformat()
    signature = {"organisation": scene.lead.pk, "signatory": "X", "signed_on": today}
    for response in (
        client.get(reverse("api:agreement-detail", args=[followed.pk])),
        client.get(reverse("api:agreement-signature-list", args=[signed.pk])),
        client.post(
            reverse("api:agreement-signature-list", args=[signed.pk]), signature, format="json"
        ),
        client.post(
            reverse("api:agreement-follow-request-list", args=[followed.pk]),
            {"organisation": scene.other.pk},
            format="json",
        ),
        client.post(review_url(followed), {"version": 1, "decision": "approve"}, format="json"),
    ):
        assert_problem(response, 404)
    assert not signed.signatures.exists()


def test_staff_create_a_signed_agreement_and_a_shared_cost_one_with_its_fields(scene):
    client = token_client(scene.editor)
    year = timezone.localdate().year
    base = {
        "region": scene.region.code,
        "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
    }
    response = client.post(
        reverse("api:agreement-list"),
        {
            **base,
            "reference": "IO-1",
            "title": "Intentieovereenkomst",
            "type": "letter_of_intent",
            "procurement_model": "",
            "parties": [{"organisation": scene.lead.pk}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["procurement_model"] == ""
    assert response.json()["positions"][0]["role"] == "signs"

    response = client.post(
        reverse("api:agreement-list"),
        {
            **base,
            # from the ZonMw programme's last year (2024-2026) to this year
            "period": {"start": "2026-01-01", "end": f"{max(year, 2026)}-12-31"},
            "reference": "GIP-1",
            "title": "Gelijkgericht op inhoud en prijs",
            "type": "care_programme",
            "procurement_model": "aligned_content_price",
            "framework": "Ketenzorgleidraad",
            "price_arrangement": "lump_sum",
            "acm_reference": "",
            "parties": [
                {"organisation": scene.lead.pk, "is_lead": True, "cost_share": "60.00"},
                {"organisation": scene.other.pk, "cost_share": "40.00"},
            ],
            "budget_lines": [
                {"year": 2026, "source": "zonmw", "grant_number": "ZON-123", "amount": "5000.00"},
                {"year": year, "segment": "S2", "amount": "10000.00"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["framework"], data["price_arrangement"]) == ("Ketenzorgleidraad", "lump_sum")
    assert [p["cost_share"] for p in data["parties"]] == ["60.00", "40.00"]
    assert {(b["source"], b["segment"], b["grant_number"]) for b in data["budget_lines"]} == {
        ("zonmw", "", "ZON-123"),
        ("insurer_nza", "S2", ""),
    }
    assert_problem(
        client.post(
            reverse("api:agreement-list"),
            {
                **base,
                "reference": "GIP-2",
                "title": "Zonder segment",
                "type": "oi",
                "procurement_model": "individual",
                "budget_lines": [{"year": year, "amount": "1.00"}],
            },
            format="json",
        ),
        422,
    )
