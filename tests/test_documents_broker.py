"""The broker (Redis) is briefly away when a document is asked for: the committed row is the
promise. The person gets a Dutch answer instead of a 500 (the API a 202), and once the broker
is back the document is rendered without anyone asking again: the sweep re-sends it.

The broker is a redis-server of the test's own, on a free port and without persistence, so
stopping it loses nothing but this test's messages. The worker is a real Celery worker (in a
thread of this process, as in ``conftest.celery_worker``); the data it renders is committed
(transactional database).
"""

import datetime
import os
import socket
import subprocess
import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from documents.models import Document, DocumentKind, DocumentStatus
from documents.services import RESEND_AFTER, request_document, resend_unsent
from documents.tasks import resend_unsent_documents

from .api_helpers import client_for
from .conftest import _forget_connections

REDIS_SERVER = "/usr/bin/redis-server"
RENDER_TIMEOUT = 90

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class OwnRedis:
    """A redis-server process of the test's own that can be stopped and started again."""

    def __init__(self, tmp_path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = tmp_path / "redis.log"
        self.process = None

    def start(self):
        options = {"port": self.port, "bind": "127.0.0.1", "save": "", "appendonly": "no"}
        arguments = [part for name, value in options.items() for part in (f"--{name}", value)]
        self.process = subprocess.Popen(
            [REDIS_SERVER, *map(str, arguments), "--logfile", str(self.log)]
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(tmp_path):
    if not os.access(REDIS_SERVER, os.X_OK):
        pytest.skip(f"{REDIS_SERVER} is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.stop()


@pytest.fixture
def broker(own_redis, settings, tmp_path, monkeypatch):
    """Celery (this process's producer and the test worker) on the test's own Redis."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    overrides = {
        "broker_url": own_redis.url,
        "result_backend": own_redis.url,
        "task_default_queue": f"tests-{uuid.uuid4().hex}",
        "worker_hijack_root_logger": False,
    }
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    _forget_connections(celery_app)
    yield own_redis
    celery_app.conf.update(saved)
    _forget_connections(celery_app)


def wait_until_settled(*documents, timeout=RENDER_TIMEOUT) -> list[Document]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = list(Document.objects.filter(pk__in=[d.pk for d in documents]).order_by("pk"))
        if all(not d.is_pending for d in current):
            return current
        time.sleep(0.2)
    raise AssertionError(f"not rendered within {timeout} s: {current}")


@pytest.mark.worker
@transactional
def test_a_document_asked_for_while_the_broker_is_away_is_rendered_once_it_is_back(
    world, client, broker
):
    broker.stop()
    client.force_login(world.editor)
    started = time.monotonic()
    page = client.post(
        reverse("documents:request", args=[world.region.code]),
        {"kind": "regiobeeld", "next": reverse("staff:region_home", args=[world.region.code])},
        follow=True,
    )
    answered_in = time.monotonic() - started
    api = client_for(world, "region_staff").post(
        reverse("api:agreement-document-list", args=[world.agreement.pk]), format="json"
    )

    # The person is told it will be made; the API accepted it. Nothing was sent.
    assert page.status_code == 200
    body = page.content.decode()
    assert "Uw regiobeeld staat in de wachtrij en wordt zo snel mogelijk gemaakt" in body
    assert "Wordt zo snel mogelijk gemaakt: de wachtrij was even niet bereikbaar." in body
    assert answered_in < 5
    assert api.status_code == 202, api.content
    assert api.json()["status"] == "queued"
    regiobeeld = Document.objects.get(kind=DocumentKind.REGIOBEELD)
    report = Document.objects.get(kind=DocumentKind.PROGRESS_REPORT)
    for document in (regiobeeld, report):
        assert (document.status, document.enqueued_at) == (DocumentStatus.QUEUED, None)

    broker.start()
    with start_worker(celery_app, pool="solo", perform_ping_check=True):
        # Asking again sends the message that had not gone.
        again = request_document(
            world.editor, DocumentKind.PROGRESS_REPORT, world.region, world.agreement
        )
        assert again.pk == report.pk and again.enqueued_at is not None
        [report] = wait_until_settled(report)
        regiobeeld.refresh_from_db()
        assert (regiobeeld.status, regiobeeld.enqueued_at) == (DocumentStatus.QUEUED, None)

        # Nobody asks for the regiobeeld again: the sweep (beat, every minute) sends it once it
        # is older than a minute.
        Document.objects.filter(pk=regiobeeld.pk).update(
            created_at=timezone.now() - RESEND_AFTER - datetime.timedelta(seconds=1)
        )
        resend_unsent_documents.delay()
        [regiobeeld] = wait_until_settled(regiobeeld)

    for document in (regiobeeld, report):
        assert document.status == DocumentStatus.DONE, document.error
        assert document.enqueued_at is not None
        assert document.attempts == 1


def test_the_sweep_sends_only_queued_documents_without_a_message_older_than_a_minute(world, broker):
    long_ago = timezone.now() - RESEND_AFTER - datetime.timedelta(seconds=1)

    def document(fingerprint, **fields):
        return Document.objects.create(
            region=world.region, kind=DocumentKind.REGIOBEELD, fingerprint=fingerprint, **fields
        )

    unsent = document("a" * 64)
    just_asked = document("b" * 64)
    sent = document("c" * 64, enqueued_at=long_ago)
    rendering = document("d" * 64, status=DocumentStatus.RENDERING)
    Document.objects.exclude(pk=just_asked.pk).update(created_at=long_ago)

    assert resend_unsent() == 1

    unsent.refresh_from_db()
    assert unsent.enqueued_at is not None
    for other in (just_asked, rendering):
        other.refresh_from_db()
        assert other.enqueued_at is None
    sent.refresh_from_db()
    assert sent.enqueued_at == long_ago
    queue = celery_app.conf.task_default_queue
    assert redis.Redis.from_url(broker.url).llen(queue) == 1


def test_beat_sweeps_every_minute():
    [entry] = [
        entry
        for entry in celery_app.conf.beat_schedule.values()
        if entry["task"] == resend_unsent_documents.name
    ]
    assert entry["schedule"] == RESEND_AFTER.total_seconds()
    assert resend_unsent_documents.name in celery_app.tasks
