"""Events for insurers' systems: what is recorded, the feed, webhook subscriptions, signed
deliveries with retries and pausing, and tenant isolation of all of it."""

import base64
import datetime
import hashlib
import hmac
import json
import time

import pytest
from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import ReviewDecision
from events import services
from events.models import Delivery, DeliveryStatus, Event, Subscription

from . import factories as f
from .api_helpers import assert_problem, client_for
from .test_documents_api import done_report
from .test_progress import running_agreement, three_quarters

pytestmark = pytest.mark.django_db

FEED = reverse("api:event-list")
WEBHOOKS = reverse("api:webhook-list")


def kinds_of(agreement):
    return list(Event.objects.filter(agreement=agreement).values_list("kind", flat=True))


def submitted(world, **kwargs):
    return f.AgreementFactory(
        region=world.region, submitted=True, lead_insurer=world.party_insurer, **kwargs
    )


def test_the_agreements_services_record_their_events(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = submitted(world)
    assert kinds_of(agreement) == ["agreement.status_changed", "agreement.submitted"]
    submitted_event = Event.objects.get(agreement=agreement, kind="agreement.submitted")
    assert submitted_event.data == {
        "agreement": {
            "id": agreement.pk,
            "reference": agreement.reference,
            "title": agreement.title,
            "status": "in_review",
            "version": 1,
            "region": {"code": "utrecht-west", "name": "Regio Fictief Utrecht-West"},
        },
        "details": {"version": 1},
    }

    agreement_services.review(
        world.party_insurer_member, agreement, version=1, decision=ReviewDecision.APPROVE
    )
    review, status = Event.objects.filter(agreement=agreement).order_by("-id")[:2][::-1]
    assert review.kind == "agreement.review_recorded"
    assert review.data["details"] == {
        "version": 1,
        "decision": "approve",
        "insurer": {"id": world.party_insurer.pk, "name": world.party_insurer.name},
        "by_lead_insurer": True,
    }
    assert "reviewer" not in json.dumps(review.data)  # no person
    assert status.data["details"] == {"from": "in_review", "to": "approved"}

    document = done_report(world, agreement)
    document.save()  # saved again: still one event
    ready = Event.objects.filter(agreement=agreement, kind="agreement.progress_report_ready")
    assert [event.data["details"] for event in ready] == [{"document": document.pk}]


def test_a_recorded_measurement_is_an_event_showing_no_more_than_the_api(world):
    agreement = running_agreement(world)
    target = three_quarters(world, agreement)

    recorded = Event.objects.filter(agreement=agreement, kind="agreement.measurement_recorded")
    assert [event.data["details"]["measurement"]["value"] for event in recorded] == [
        "42.00",
        "47.50",
        "55.00",
    ]
    shown = client_for(world, "party_insurer").get(
        reverse("api:agreement-measurement-list", args=[agreement.pk])
    )
    latest = shown.json()["results"][-1]
    details = recorded.last().data["details"]["measurement"]
    assert details == {
        "id": latest["id"],
        "target": target.pk,
        "period_start": "2025-07-01",
        "period_end": "2025-09-30",
        "quarter": 3,
        "value": "55.00",
    }
    assert details.items() <= latest.items()  # the API's fields, in the API's format
    assert "Telling" not in json.dumps(recorded.last().data)  # not the note


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValueError, match=r"events\.kinds\.KINDS"):
        services.record(world.agreement, "agreement.measured", {})


# --- the feed --------------------------------------------------------------------------------


def test_the_feed_gives_the_events_in_order_from_a_cursor(world):
    first, second = submitted(world), submitted(world)
    client = client_for(world, "party_insurer")

    page = client.get(FEED, {"limit": 3}).json()

    ids = list(Event.objects.order_by("id").values_list("id", flat=True))
    assert [event["cursor"] for event in page["results"]] == ids[:3]
    assert page["next_cursor"] == ids[2]
    event = page["results"][0]
    assert event["id"] == f"evt_{ids[0]}" and event["type"] == "agreement.status_changed"
    assert event["data"]["agreement"]["id"] == first.pk
    rest = client.get(FEED, {"after": page["next_cursor"]}).json()
    assert [e["cursor"] for e in rest["results"]] == ids[3:]
    assert rest["results"][-1]["data"]["agreement"]["id"] == second.pk
    empty = client.get(FEED, {"after": rest["next_cursor"]}).json()
    assert empty == {"results": [], "next_cursor": ids[-1]}


@pytest.mark.parametrize("role", ["unrelated_insurer", "other_region_staff", "national"])
def test_the_feed_shows_nothing_of_agreements_the_caller_does_not_see(world, role):
    submitted(world)
    assert client_for(world, role).get(FEED).json()["results"] == []


def test_measurement_events_reach_the_party_insurer_only(world, insecure):
    mine = Subscription.objects.create(
        insurer=world.party_insurer,
        url="http://127.0.0.1:9/a",
        kinds=["agreement.measurement_recorded"],
    )
    other = Subscription.objects.create(insurer=world.unrelated_insurer, url="http://127.0.0.1:9/b")
    agreement = running_agreement(world)
    three_quarters(world, agreement)

    measured = Event.objects.filter(agreement=agreement, kind="agreement.measurement_recorded")
    assert sorted(mine.deliveries.values_list("event_id", flat=True)) == sorted(
        measured.values_list("pk", flat=True)
    )
    assert measured.count() == 3 and not other.deliveries.exists()

    def feed_kinds(role):
        results = client_for(world, role).get(FEED, {"limit": 100}).json()["results"]
        return [
            event["type"] for event in results if event["data"]["agreement"]["id"] == agreement.pk
        ]

    assert feed_kinds("party_insurer").count("agreement.measurement_recorded") == 3
    assert feed_kinds("unrelated_insurer") == []


@pytest.mark.parametrize("after", ["-1", "x", str(2**63)])
def test_a_bad_cursor_is_400(world, after):
    response = client_for(world, "party_insurer").get(FEED, {"after": after})
    assert_problem(response, 400)


# --- subscriptions --------------------------------------------------------------------------


@pytest.fixture
def insecure(settings):
    settings.WEBHOOKS_ALLOW_INSECURE = True


def subscribe(world, role="party_insurer", url="http://127.0.0.1:9/hook", **body):
    return client_for(world, role).post(
        WEBHOOKS, {"url": url, **body}, format="json", HTTP_ACCEPT_ENCODING="gzip"
    )


def test_an_insurer_member_subscribes_and_gets_the_secret_once(world, insecure):
    response = subscribe(world, kinds=["agreement.submitted"])

    assert response.status_code == 201, response.content
    body = response.json()
    subscription = Subscription.objects.get()
    assert subscription.insurer == world.party_insurer
    assert body["secret"] == subscription.secret and body["secret"].startswith("whsec_")
    assert response.carries_secret and "Content-Encoding" not in response
    shown = client_for(world, "party_insurer").get(WEBHOOKS).json()["results"]
    assert [s["id"] for s in shown] == [subscription.pk] and "secret" not in shown[0]


def test_webhooks_go_to_public_https_addresses_only(world, settings):
    settings.WEBHOOKS_ALLOW_INSECURE = False
    for url in ("http://example.org/hook", "https://127.0.0.1/hook", "https://localhost/hook"):
        response = subscribe(world, url=url)
        assert_problem(response, 400)
        assert response.json()["invalid_params"][0]["name"] == "url"
    assert not Subscription.objects.exists()


def test_who_may_not_subscribe(world, insecure):
    for role in ("region_staff", "national"):
        assert_problem(subscribe(world, role=role), 403)


@pytest.fixture
def delivery(world, insecure):
    subscription = Subscription.objects.create(
        insurer=world.party_insurer, url="http://127.0.0.1:9/hook"
    )
    submitted(world)
    return Delivery.objects.filter(subscription=subscription).first()


@pytest.mark.parametrize("role", ["unrelated_insurer", "other_region_staff", "region_staff"])
def test_someone_elses_subscription_and_deliveries_are_404(world, delivery, role):
    client = client_for(world, role)
    detail = reverse("api:webhook-detail", args=[delivery.subscription_id])
    assert client.get(WEBHOOKS).json()["results"] == []
    assert_problem(client.get(detail), 404)
    assert_problem(client.patch(detail, {"kinds": []}, format="json"), 404)
    assert_problem(client.delete(detail), 404)
    assert_problem(
        client.get(reverse("api:webhook-deliveries", args=[delivery.subscription_id])), 404
    )
    replay = reverse("api:webhook-delivery-replay", args=[delivery.subscription_id, delivery.pk])
    assert_problem(client.post(replay), 404)
    assert Subscription.objects.filter(pk=delivery.subscription_id).exists()


def test_only_the_insurers_party_to_the_agreement_get_deliveries(world, insecure):
    mine = Subscription.objects.create(insurer=world.party_insurer, url="http://127.0.0.1:9/a")
    other = Subscription.objects.create(insurer=world.unrelated_insurer, url="http://127.0.0.1:9/b")
    only_reviews = Subscription.objects.create(
        insurer=world.party_insurer,
        url="http://127.0.0.1:9/c",
        kinds=["agreement.review_recorded"],
    )
    agreement = submitted(world)

    assert mine.deliveries.count() == Event.objects.filter(agreement=agreement).count() == 2
    assert not other.deliveries.exists() and not only_reviews.deliveries.exists()


# --- delivering ------------------------------------------------------------------------------


def standard_webhooks_signature(secret, headers, body) -> str:
    """The receiver's side of the check, as the Standard Webhooks specification gives it."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def test_the_signature_is_the_standard_webhooks_one(delivery):
    event, secret = delivery.event, delivery.subscription.secret
    body = services.body_of(event)
    headers = {"webhook-id": event.message_id, "webhook-timestamp": "1767225600"}
    assert services.signature(secret, event.message_id, 1767225600, body) == (
        standard_webhooks_signature(secret, headers, body)
    )
    assert json.loads(body)["data"] == event.data


def test_a_delivery_failing_past_its_time_pauses_the_subscription(delivery, settings, world):
    settings.WEBHOOK_RETRY_HOURS = 0  # nothing is tried again: the first failure gives up
    services.deliver(delivery.pk)  # nothing listens on port 9

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert delivery.last_error
    subscription = delivery.subscription
    subscription.refresh_from_db()
    assert subscription.paused_at is not None
    assert delivery.event.message_id in subscription.paused_reason

    client = client_for(world, "party_insurer")
    log = client.get(reverse("api:webhook-deliveries", args=[subscription.pk])).json()
    failed = next(row for row in log["results"] if row["id"] == delivery.pk)
    assert failed["status"] == "failed" and failed["attempts"] == 1 and failed["last_error"]
    replay = reverse("api:webhook-delivery-replay", args=[subscription.pk, delivery.pk])
    assert_problem(client.post(replay), 409, "paused")

    detail = reverse("api:webhook-detail", args=[subscription.pk])
    resumed = client.patch(detail, {"paused": False}, format="json")
    assert resumed.status_code == 200 and resumed.json()["paused"] is False
    assert client.post(replay).status_code == 202
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_failed_attempts_back_off_doubling_at_most_an_hour_apart_for_24_hours(delivery):
    gaps = []
    while delivery.status == DeliveryStatus.PENDING:
        services.deliver(delivery.pk)  # nothing listens on port 9
        delivery.refresh_from_db()
        if delivery.next_attempt_at is not None:
            gaps.append((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds())
            # what the countdown would wait for: from here, the attempts of the day so far
            Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
            Event.objects.filter(pk=delivery.event_id).update(
                occurred_at=F("occurred_at") - datetime.timedelta(seconds=gaps[-1])
            )
            delivery.refresh_from_db()

    assert [round(gap) for gap in gaps[:10]] == [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600]
    assert {round(gap) for gap in gaps[10:]} == {3600}
    assert 23 * 3600 <= sum(gaps) <= 24 * 3600  # tried for a day, then given up
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == len(gaps) + 1
    delivery.subscription.refresh_from_db()
    assert delivery.subscription.paused_at is not None


def readme_receiver(secret: str, handled: list):
    """The README's receiver example, run as written."""
    readme = (settings.BASE_DIR / "README.md").read_text()
    start = readme.index("A receiver that checks the signature")
    code = readme[
        readme.index("```python", start) + len("```python") : readme.index("```\n", start + 100)
    ]
    namespace = {"SECRET": secret, "handle": handled.append}
    exec(compile(code, "README.md", "exec"), namespace)
    return namespace["receive"]


def test_the_readme_receiver_accepts_a_real_delivery_once_and_refuses_a_forgery(world, insecure):
    subscription = Subscription.objects.create(insurer=world.party_insurer, url="http://x/")
    submitted(world)
    event = Event.objects.get(kind="agreement.submitted")
    body, stamp = services.body_of(event), int(time.time())
    headers = {
        "webhook-id": event.message_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": services.signature(subscription.secret, event.message_id, stamp, body),
    }
    handled = []
    receive = readme_receiver(subscription.secret, handled)

    assert receive(headers, body) == 204
    assert receive(headers, body) == 204  # delivered again: handled once
    assert [payload["id"] for payload in handled] == [event.message_id]
    assert receive(headers, body.replace(b"submitted", b"approved")) == 401
    old = {**headers, "webhook-timestamp": str(stamp - 600)}
    assert receive(old, body) == 401


def test_a_review_goes_to_the_other_insurers_and_a_follow_request_to_the_one_asked(world, insecure):
    other = f.OrganisationFactory(insurer=True, regions=[world.region])
    world.region.preferred_insurers.add(world.party_insurer)
    agreement = f.AgreementFactory(region=world.region, procurement_model="follow")
    f.PartyFactory(agreement=agreement, organisation=world.party_insurer)
    f.PartyFactory(agreement=agreement, organisation=other, is_lead=False)
    reviewer = Subscription.objects.create(insurer=world.party_insurer, url="http://x/a")
    follower = Subscription.objects.create(insurer=other, url="http://x/b")
    f.move_to(agreement, "in_review")

    agreement_services.review(
        world.party_insurer_member, agreement, version=1, decision=ReviewDecision.APPROVE
    )
    review = Event.objects.get(agreement=agreement, kind="agreement.review_recorded")
    assert list(follower.deliveries.filter(event=review)) != []
    assert not reviewer.deliveries.filter(event=review).exists()  # it made the event

    agreement_services.ask_to_follow(world.editor, agreement, other)
    asked = Event.objects.get(agreement=agreement, kind="agreement.follow_requested")
    assert asked.data["details"]["insurer"] == {"id": other.pk, "name": other.name}
    assert follower.deliveries.filter(event=asked).exists()
