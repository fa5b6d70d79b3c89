"""Reads survive an outage of Redis, and PostgreSQL being away is a 503, never a 500.

The platform runs as deployed: gunicorn with two workers (:class:`bench.server.Gunicorn`) on
the test database, whose data is committed (transactional database). Redis is a redis-server
of the test's own (:class:`tests.test_documents_broker.OwnRedis`), stopped and started again
while clients poll. PostgreSQL is reached through a TCP relay of the test's own, which the test
cuts (every connection dropped, new ones refused, as in a restart) and restores.
"""

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse
from knox.models import AuthToken

from bench.server import Gunicorn, free_port, server_env

from .conftest import database_url
from .test_documents_broker import own_redis  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]

LIST = reverse("api:agreement-list")


def get(url, token=None, session=None):
    """(status, headers, body) of a GET; any answer, also 4xx and 5xx."""
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Token {token}")
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Polling:
    """``clients`` threads, each asking for ``url`` ten times a second until stopped."""

    def __init__(self, url, token, clients=4):
        self.url, self.token = url, token
        self.answers = []  # (seconds since start, status)
        self.stopped = threading.Event()
        self.threads = [threading.Thread(target=self.poll) for _ in range(clients)]

    def poll(self):
        while not self.stopped.is_set():
            started = time.monotonic()
            status, _headers, _body = get(self.url, self.token)
            self.answers.append((started - self.started, status))
            time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))

    def __enter__(self):
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join()

    def statuses(self, start=0.0, end=float("inf")) -> Counter:
        return Counter(status for at, status in self.answers if start <= at < end)


def serving(database, redis):
    return server_env(
        database,
        redis.url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        API_THROTTLE_BURST="100000/min",
        API_THROTTLE_SUSTAINED="1000000/hour",
    )


@pytest.fixture
def token(world):
    _token, key = AuthToken.objects.create(user=world.party_insurer_member)
    return key


def test_reads_go_on_while_redis_is_stopped(world, token, own_redis, tmp_path):  # noqa: F811
    """The throttles count in the cache; without it they let requests through (logged)."""
    log = tmp_path / "gunicorn.log"
    server = Gunicorn(serving(database_url(), own_redis), log=log)
    with server, Polling(server.url(LIST), token) as polling:
        time.sleep(1.5)
        own_redis.stop()
        stopped = time.monotonic() - polling.started
        time.sleep(5)  # the outage the issue measured
        own_redis.start()
        restarted = time.monotonic() - polling.started
        time.sleep(1.5)

    assert set(polling.statuses()) == {200}, polling.statuses()
    assert polling.statuses(stopped + 0.5, restarted).total() >= 10
    assert "Rate limits not applied for 5 s: the cache cannot be reached" in log.read_text()


class Relay:
    """A TCP relay to PostgreSQL that can be cut (its connections dropped, new ones refused)
    and restored on the same port."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.sockets = []
        self.listener = None

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() (Linux)
        self.listener.close()
        for end in self.sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
        self.sockets = []


def test_postgresql_away_is_503_with_retry_after_never_a_500(
    world,
    token,
    own_redis,  # noqa: F811
    tmp_path,
    client,
):
    client.force_login(world.editor)
    session = client.cookies["sessionid"].value
    db = connection.settings_dict
    relay = Relay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    relay.start()
    through_relay = urlsplit(database_url())._replace(netloc=_netloc(db, relay.port)).geturl()
    log = tmp_path / "gunicorn.log"
    with Gunicorn(serving(through_relay, own_redis), log=log) as server:
        with Polling(server.url(LIST), token) as polling:
            time.sleep(1.5)
            relay.cut()
            cut = time.monotonic() - polling.started
            time.sleep(0.5)
            api = get(server.url(LIST), token)
            staff = get(server.url(reverse("home")), session=session)
            time.sleep(1)
            relay.start()
            restored = time.monotonic() - polling.started
            time.sleep(2)
        after = get(server.url(LIST), token)
    relay.cut()

    assert set(polling.statuses()) <= {200, 503}, polling.statuses()
    assert polling.statuses(end=cut)[200] > 0 and polling.statuses(start=restored + 1)[503] == 0
    assert polling.statuses(cut + 0.2, restored)[503] > 0
    status, headers, body = api
    assert status == 503 and headers["Retry-After"] == "10"
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["code"] == "unavailable"
    status, headers, body = staff
    assert status == 503 and headers["Retry-After"] == "10"
    assert headers["Content-Type"].startswith("text/html")
    assert "Tijdelijk niet beschikbaar" in body.decode() and "Traceback" not in body.decode()
    assert after[0] == 200


def _netloc(db, port) -> str:
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"{user}@127.0.0.1:{port}"
