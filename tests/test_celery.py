"""A real Celery worker, on the real Redis broker, runs a task of ours and returns its result."""

import time

import celery.contrib.testing.tasks  # noqa: F401  registers celery.ping for start_worker
import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from regions.tasks import ping

# A database of its own, so the test neither takes nor leaves work in the broker of `make run`.
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def _forget_connections(app):
    """Drop broker and result connections made for the URLs configured before."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    vars(app._local).pop("backend", None)


@pytest.fixture
def celery_worker():
    overrides = {
        "broker_url": TEST_REDIS_URL,
        "result_backend": TEST_REDIS_URL,
        # Leave the root logger (and pytest's capture of it) alone.
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    _forget_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=True) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        _forget_connections(app)


def test_worker_answers_ping(celery_worker):
    started = time.monotonic()
    result = ping.delay()

    assert result.get(timeout=10) == "pong"
    assert result.successful()
    assert time.monotonic() - started < 10
    result.forget()
