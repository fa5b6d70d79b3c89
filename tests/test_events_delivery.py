"""Webhooks delivered by a real Celery worker to real HTTP receivers started by the test: the
party insurer's receiver is killed and started again mid-stream, and still every event arrives,
exactly once after deduplication on ``webhook-id``, with a valid signature; an unrelated
insurer's receiver gets nothing. The data is committed (transactional database) so that the
worker, in a thread of its own, sees it."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.server import free_port
from events.models import Delivery, DeliveryStatus, Event, Subscription

from . import factories as f
from .test_events import standard_webhooks_signature

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]


class Receiver:
    """An HTTP server that records what is posted to it; it can be killed and started again
    on the same port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.received = []  # (headers, body)
        self.server = None

    def start(self):
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def kill(self):
        self.server.shutdown()
        self.server.server_close()

    def ids(self) -> list[str]:
        return [headers["webhook-id"] for headers, _body in self.received]


@pytest.fixture
def receivers(settings):
    settings.WEBHOOKS_ALLOW_INSECURE = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0.2
    mine, theirs = Receiver(), Receiver()
    mine.start()
    theirs.start()
    yield mine, theirs
    for receiver in (mine, theirs):
        receiver.kill()


def wait_until_settled(subscription, timeout=90):
    deadline = time.monotonic() + timeout
    while Delivery.objects.filter(subscription=subscription, status=DeliveryStatus.PENDING):
        assert time.monotonic() < deadline, list(subscription.deliveries.values())
        time.sleep(0.2)


def test_every_event_arrives_exactly_once_after_a_receiver_restart(world, celery_worker, receivers):
    mine, theirs = receivers
    subscription = Subscription.objects.create(insurer=world.party_insurer, url=mine.url)
    Subscription.objects.create(insurer=world.unrelated_insurer, url=theirs.url)

    def submit_some(count):
        for _ in range(count):
            f.AgreementFactory(
                region=world.region, submitted=True, lead_insurer=world.party_insurer
            )

    submit_some(3)
    mine.kill()
    submit_some(3)
    time.sleep(1.5)  # attempts fail meanwhile and are retried
    mine.start()
    submit_some(2)
    wait_until_settled(subscription)

    expected = set(
        Event.objects.filter(agreement__parties__organisation=world.party_insurer).values_list(
            "pk", flat=True
        )
    )
    assert len(expected) == 16
    assert {int(i.removeprefix("evt_")) for i in mine.ids()} == expected
    assert Delivery.objects.filter(subscription=subscription, attempts__gt=1).exists()
    assert set(subscription.deliveries.values_list("status", flat=True)) == {"delivered"}
    for headers, body in mine.received:
        assert headers["webhook-signature"] == standard_webhooks_signature(
            subscription.secret, headers, body
        )
        assert json.loads(body)["id"] == headers["webhook-id"]
    assert theirs.received == []
