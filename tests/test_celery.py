"""A real Celery worker, on the real Redis broker, runs a task of ours and returns its result."""

import time

from regions.tasks import ping


def test_worker_answers_ping(celery_worker):
    started = time.monotonic()
    result = ping.delay()

    assert result.get(timeout=10) == "pong"
    assert result.successful()
    assert time.monotonic() - started < 10
    result.forget()
