"""A worker killed mid-render: the broker hands the job to the next worker, which ends it with
exactly one done document and one file.

Real ``celery -A config worker`` processes against the test database: the test commits its
data (transactional database) so that the workers, other processes, can see it.
"""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from config.celery import app
from documents.models import Document, DocumentKind, DocumentStatus
from documents.services import request_document
from regions.models import Region

from .conftest import _forget_connections, redis_url

BASE_DIR = Path(__file__).resolve().parent.parent
# A Redis database of its own: the killed worker leaves an unacknowledged message behind.
BROKER_URL = redis_url(13)
VISIBILITY_TIMEOUT = 3


@pytest.fixture
def broker():
    client = redis.Redis.from_url(BROKER_URL)
    client.flushdb()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend")}
    app.conf.update(broker_url=BROKER_URL, result_backend=BROKER_URL)
    _forget_connections(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_connections(app)
        client.flushdb()


@pytest.fixture
def start_worker(tmp_path):
    """Start ``celery -A config worker`` processes (prefork, one child) on the test database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": BROKER_URL,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "MEDIA_ROOT": str(tmp_path),
    }
    started = []

    def start(name):
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115  closed with the process
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{name}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill the pool child with it
        )
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"{what}: not within {timeout} s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_render_leaves_the_job_to_the_next(
    broker, start_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    region = Region.objects.get(code="amstelland-zuid")
    staff = User.objects.get(username="demo-bewerker")

    first = start_worker("eerste")
    document = request_document(staff, DocumentKind.REGIOBEELD, region)

    def status():
        return Document.objects.values_list("status", flat=True).get(pk=document.pk)

    wait_for(lambda: status() == DocumentStatus.RENDERING, 60, "the first worker rendering")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert status() == DocumentStatus.RENDERING, "the render ended before the kill"

    start_worker("tweede")
    wait_for(lambda: status() == DocumentStatus.DONE, 90, "the second worker finishing")

    documents = Document.objects.filter(region=region, kind=DocumentKind.REGIOBEELD)
    assert documents.count() == 1
    done = documents.get()
    assert done.attempts == 2
    assert done.page_count > 0
    assert done.file.storage.exists(done.file.name)
    assert [path.name for path in (tmp_path / "documents").rglob("*.pdf")] == [
        Path(done.file.name).name
    ]
