"""Recording events, and delivering them as signed webhooks, at least once.

:func:`record` runs inside the domain's transaction (the signal is sent there): the event and
a pending delivery for each subscription of an insurer party to the agreement commit with the
change, or not at all. After the commit each delivery is handed to Celery
(:func:`events.tasks.deliver`); a delivery whose message was lost (the broker was away) is
found by :func:`resend_due` every minute. A failed attempt is retried with exponential
backoff (``WEBHOOK_RETRY_BASE_SECONDS`` doubling, at most an hour apart) until
``WEBHOOK_RETRY_HOURS`` after the event; then the delivery is given up and its subscription
paused with the reason. Receivers deduplicate on ``webhook-id``.

Signatures follow Standard Webhooks (standardwebhooks.com): ``webhook-id``,
``webhook-timestamp`` (Unix seconds) and ``webhook-signature: v1,<base64 of HMAC-SHA256 over
"<id>.<timestamp>.<body>">``, keyed with the base64-decoded part of the secret after
``whsec_``.
"""

import base64
import datetime
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnreachable

from agreements.models import AgreementParty
from regions.errors import DomainError, Refused
from regions.models import Organisation
from regions.permissions import REFUSALS, Action, subscribable_insurers

from .kinds import KINDS, MADE_BY_INSURER
from .models import SECRET_PREFIX, Delivery, DeliveryStatus, Event, Subscription

logger = logging.getLogger(__name__)

USER_AGENT = "Regio-Webhooks/1"
MAX_BACKOFF_SECONDS = 3600


def agreement_summary(agreement) -> dict:
    """The agreement in an event: fields its API representation shows, nothing personal."""
    version = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    return {
        "id": agreement.pk,
        "reference": agreement.reference,
        "title": agreement.title,
        "status": agreement.status,
        "version": version,
        "region": {"code": agreement.region.code, "name": agreement.region.name},
    }


def record(agreement, kind: str, details: dict, key: str | None = None) -> Event | None:
    """Write the event and its pending deliveries (in the caller's transaction); ``key``
    makes it once-only (``None`` when it exists already)."""
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r}: add it to events.kinds.KINDS")
    if key is not None and Event.objects.filter(key=key).exists():
        return None
    event = Event.objects.create(
        kind=kind,
        region_id=agreement.region_id,
        agreement=agreement,
        key=key,
        data={"agreement": agreement_summary(agreement), "details": details},
    )
    parties = AgreementParty.objects.filter(
        agreement=agreement, organisation__kind=Organisation.Kind.INSURER
    ).values("organisation_id")
    if kind in MADE_BY_INSURER:
        parties = parties.exclude(organisation_id=details["insurer"]["id"])
    deliveries = Delivery.objects.bulk_create(
        Delivery(subscription=subscription, event=event, next_attempt_at=event.occurred_at)
        for subscription in Subscription.objects.filter(insurer__in=parties)
        if subscription.wants(kind)
    )
    if deliveries:
        transaction.on_commit(lambda: send_later(d.pk for d in deliveries))
    return event


def send_later(delivery_ids, countdown: float = 0) -> None:
    """Hand deliveries to Celery; with the broker away they wait for :func:`resend_due`."""
    from .tasks import deliver

    for delivery_id in delivery_ids:
        try:
            deliver.apply_async((delivery_id,), countdown=countdown, retry=False)
        except BrokerUnreachable as error:
            logger.warning("Delivery %s not queued (%s); the sweep sends it", delivery_id, error)
            return


def body_of(event: Event) -> bytes:
    return json.dumps(
        {
            "id": event.message_id,
            "type": event.kind,
            "timestamp": event.occurred_at.isoformat(),
            "data": event.data,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def forbidden_address(url: str) -> str:
    """Why webhooks may not go to ``url`` (empty when they may): HTTPS only, and no address
    inside the platform's own network, unless ``WEBHOOKS_ALLOW_INSECURE`` (development)."""
    parts = urlsplit(url)
    if settings.WEBHOOKS_ALLOW_INSECURE:
        return ""
    if parts.scheme != "https":
        return _("Gebruik een https-adres.")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (OSError, UnicodeError):
        return _("Dit adres is niet te vinden.")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            return _("Dit adres ligt niet op het openbare internet.")
    return ""


def deliver(delivery_id: int) -> None:
    """One attempt at one delivery; a failure schedules the next or gives up. The delivery's
    row stays locked during the POST (at most ``WEBHOOK_TIMEOUT_SECONDS``), so a second message
    for it (a sweep, a replay) skips it instead of sending it twice at once."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "subscription")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None or delivery.subscription.paused_at is not None:
            return  # delivered, given up, paused, or being sent by another worker
        if delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=1):
            return  # a second message for a later attempt (the sweep sent one too)
        status_code, error = _post(delivery.subscription, delivery.event)
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.last_status_code = status_code
        delivery.last_error = error[:500]
        if not error:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        else:
            backoff = min(
                settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1),
                MAX_BACKOFF_SECONDS,
            )
            next_attempt = now + datetime.timedelta(seconds=backoff)
            deadline = delivery.event.occurred_at + datetime.timedelta(
                hours=settings.WEBHOOK_RETRY_HOURS
            )
            if next_attempt > deadline:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
                _pause(delivery.subscription, delivery, now)
            else:
                delivery.next_attempt_at = next_attempt
        delivery.save()
    if delivery.status == DeliveryStatus.PENDING:
        send_later([delivery.pk], countdown=(delivery.next_attempt_at - now).total_seconds())


def _post(subscription: Subscription, event: Event) -> tuple[int | None, str]:
    """POST the event; ``(status code, error)``, the error empty for a 2xx answer."""
    refused = forbidden_address(subscription.url)
    if refused:
        return None, refused
    body = body_of(event)
    timestamp = int(time.time())
    request = urllib.request.Request(
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "webhook-id": event.message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(subscription.secret, event.message_id, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as answer:
        return answer.code, f"HTTP {answer.code}"
    except (OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error)) or type(error).__name__


def _pause(subscription: Subscription, delivery: Delivery, now) -> None:
    subscription.paused_at = now
    subscription.paused_reason = _(
        "Gebeurtenis %(event)s kon in %(hours)s uur en %(attempts)s pogingen niet worden "
        "bezorgd; laatste fout: %(error)s"
    ) % {
        "event": delivery.event.message_id,
        "hours": settings.WEBHOOK_RETRY_HOURS,
        "attempts": delivery.attempts,
        "error": delivery.last_error,
    }
    subscription.save(update_fields=["paused_at", "paused_reason", "updated_at"])
    logger.warning(
        "Webhook subscription %s paused: %s", subscription.pk, subscription.paused_reason
    )


def resend_due(now=None) -> int:
    """Queue the pending deliveries that are due (their message was lost or not sent)."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now - datetime.timedelta(seconds=30),
            subscription__paused_at__isnull=True,
        ).values_list("pk", flat=True)[:1000]
    )
    send_later(due)
    return len(due)


def subscribe(actor, *, url: str, kinds: list, insurer_id: int | None = None) -> Subscription:
    """Subscribe ``url`` to the events of an insurer ``actor`` may subscribe for
    (``Action.SUBSCRIBE``): the one named, or the only one."""
    insurers = subscribable_insurers(actor)
    if insurer_id is not None:
        insurers = insurers.filter(pk=insurer_id)
    choices = list(insurers[:2])
    if not choices:
        raise Refused.single(REFUSALS[Action.SUBSCRIBE], code="permission_denied")
    if len(choices) > 1:
        raise DomainError.single(
            _("Geef aan voor welke zorgverzekeraar."), field="insurer", code="required"
        )
    return Subscription.objects.create(insurer=choices[0], url=url, kinds=kinds, created_by=actor)


def resume(subscription: Subscription) -> Subscription:
    """Unpause; what waited is sent now."""
    with transaction.atomic():
        subscription.paused_at = None
        subscription.paused_reason = ""
        subscription.save(update_fields=["paused_at", "paused_reason", "updated_at"])
        waiting = list(
            subscription.deliveries.filter(status=DeliveryStatus.PENDING).values_list(
                "pk", flat=True
            )
        )
        transaction.on_commit(lambda: send_later(waiting))
    return subscription


def replay(delivery: Delivery) -> Delivery:
    """Send a delivery again, whatever became of it (the receiver lost it, say)."""
    with transaction.atomic():
        if delivery.subscription.paused_at is not None:
            raise DomainError.single(
                _("Het abonnement is gepauzeerd; hervat het eerst."), code="paused", conflict=True
            )
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        transaction.on_commit(lambda: send_later([delivery.pk]))
    return delivery


def feed(user, after: int, limit: int):
    """Events ``user`` may see with an id above ``after``, in order, held back while an
    earlier transaction that may still add a lower id has not ended."""
    committed = RawSQL("pg_snapshot_xmin(pg_current_snapshot())::text::bigint", [])
    own = RawSQL("pg_current_xact_id_if_assigned()::text::bigint", [])
    return (
        Event.objects.visible_to(user)
        .filter(Q(transaction_id__lt=committed) | Q(transaction_id=own), pk__gt=after)
        .order_by("pk")[:limit]
    )
