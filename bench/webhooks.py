"""Webhook delivery latency: 1,000 events of the busiest insurer's agreements, recorded at a
steady rate, delivered by a Celery worker with two processes to a receiver in this process; the
latency of an event is from its commit to its arrival at the receiver.

The worker runs as deployed: the production settings (persistent database connections, as the
Dockerfile's image has them), and already running when the first event commits (it answers a
ping first), so that its start-up is not counted as the first events' latency.
"""

import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench import Samples, benchmark
from bench.server import BASE_DIR, free_port

EVENTS = 1000
RATE = 50  # events per second
WORKER_PROCESSES = 2


class Receiver:
    def __init__(self):
        self.port = free_port()
        self.arrived = {}  # webhook-id -> perf_counter
        arrived = self.arrived

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                arrived.setdefault(self.headers["webhook-id"], time.perf_counter())
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def wait_until_ready(app, node: str, worker, log, timeout: float = 120) -> None:
    """Until the worker ``node`` answers a ping (its processes are up and it consumes)."""
    deadline = time.monotonic() + timeout
    while not app.control.ping(destination=[node], timeout=1.0):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the Celery worker did not start; see {log}")


@benchmark(
    "webhook_delivery_latency",
    f"{EVENTS} events at {RATE}/s, Celery worker with {WORKER_PROCESSES} processes; commit to "
    "arrival",
    unit="ms",
    runs=1,
)
def webhook_delivery_latency(context) -> Samples:
    context.ensure_scale(1)
    settings = context.django()
    from django.db import transaction

    from agreements.models import Agreement
    from bench.api import busiest_insurer_member
    from config.celery import app
    from events import services
    from events.models import Event, Subscription
    from regions.tenancy import insurer_ids

    queue = f"bench-{uuid.uuid4().hex}"
    app.conf.task_default_queue = queue
    settings.WEBHOOKS_ALLOW_INSECURE = True
    user = busiest_insurer_member()
    agreements = list(Agreement.objects.visible_to(user).order_by("id")[:100])
    receiver = Receiver()
    subscription = Subscription.objects.create(
        insurer_id=insurer_ids(user).first()["pk"], url=f"http://127.0.0.1:{receiver.port}/"
    )
    log = Path(tempfile.mkdtemp(prefix="bench-webhooks-")) / "worker.log"
    env = {
        **context.env,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "bench-only-not-a-secret",
        "WEBHOOKS_ALLOW_INSECURE": "true",
        "LOG_LEVEL": "WARNING",
    }
    node = f"{queue}@{socket.gethostname()}"
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork"]
    command += ["--concurrency", str(WORKER_PROCESSES), "-Q", queue, "-n", node]
    command += ["--without-heartbeat", "--without-mingle", "--without-gossip"]
    with open(log, "wb") as output:
        worker = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=output, stderr=output)
    committed = {}
    try:
        wait_until_ready(app, node, worker, log)
        started = time.perf_counter()
        for number in range(EVENTS):
            time.sleep(max(0.0, started + number / RATE - time.perf_counter()))
            moment = []
            with transaction.atomic():
                # First of the commit's callbacks: the moment of the commit, before the event's
                # deliveries are handed to the broker.
                transaction.on_commit(lambda moment=moment: moment.append(time.perf_counter()))
                event = services.record(
                    agreements[number % len(agreements)],
                    "agreement.status_changed",
                    {"from": "in_review", "to": "in_review"},
                )
            committed[event.message_id] = moment[0]
        deadline = time.perf_counter() + 120
        while len(receiver.arrived) < EVENTS and time.perf_counter() < deadline:
            time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        receiver.close()
        Event.objects.filter(deliveries__subscription=subscription).delete()
        subscription.delete()
    missing = set(committed) - set(receiver.arrived)
    if missing:
        raise RuntimeError(f"{len(missing)} events not delivered within 2 minutes; see {log}")
    latencies = [(receiver.arrived[i] - committed[i]) * 1000 for i in committed]
    return Samples(latencies, details={"events": EVENTS, "rate_per_second": RATE})
