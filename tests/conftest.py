"""Cross-tenant fixtures: two regions, a party insurer and an unrelated one, a user per role;
and a real Celery worker."""

import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import celery.contrib.testing.tasks  # noqa: F401  registers celery.ping for start_worker
import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from guardian.shortcuts import assign_perm

from config.celery import app as celery_app
from neighbourhoods.models import COORDINATE_PERMISSION
from regions.tenancy import Role
from security.services import OTP_NEEDED

from . import factories as f
from .otp_helpers import authenticator


@pytest.fixture(autouse=True)
def default_language():
    """A request in English (LocaleMiddleware activates it for the thread) must not leave the
    next test's messages in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items):
    """Mark what a quick run leaves out: the browser tests (tests/e2e/) and every test that
    runs a real Celery worker (the ``celery_worker`` fixture)."""
    for item in items:
        if "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
        if "celery_worker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.worker)


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(monkeypatch):
    """A session made by ``client.force_login`` for someone who needs a second factor (region
    admins, national governance, platform admins) counts as verified with an authenticator:
    those tests are about pages, not signing in. The sign-in tests use the forms."""
    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        if session.get(OTP_NEEDED):
            session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@dataclass
class World:
    region: object
    other_region: object
    neighbourhood: object
    other_neighbourhood_same_region: object
    agreement: object
    party_insurer: object
    unrelated_insurer: object
    admin: object
    editor: object
    viewer: object
    coordinator: object
    other_region_editor: object
    party_insurer_member: object
    unrelated_insurer_member: object
    national: object
    platform_admin: object

    @property
    def outsiders(self):
        """Users who must never reach the region's rows."""
        return {
            "staff of another region": self.other_region_editor,
            "member of an unrelated insurer": self.unrelated_insurer_member,
            "national governance": self.national,
        }


@pytest.fixture
def world(db):
    region = f.RegionFactory(code="utrecht-west", name="Regio Fictief Utrecht-West")
    other_region = f.RegionFactory(code="twente-noord", name="Regio Fictief Twente-Noord")
    party_insurer = f.OrganisationFactory(insurer=True, regions=[region])
    unrelated_insurer = f.OrganisationFactory(insurer=True, regions=[other_region])
    neighbourhood = f.NeighbourhoodFactory(region=region, name="Oog in Al")
    agreement = f.AgreementFactory(region=region)
    f.PartyFactory(agreement=agreement, organisation=party_insurer)

    def member(role, of=region):
        return f.MembershipFactory(region=of, role=role).user

    coordinator = member(Role.COORDINATOR)
    assign_perm(f"neighbourhoods.{COORDINATE_PERMISSION}", coordinator, neighbourhood)
    party_insurer_member = f.UserFactory()
    party_insurer.group.user_set.add(party_insurer_member)
    unrelated_insurer_member = f.UserFactory()
    unrelated_insurer.group.user_set.add(unrelated_insurer_member)
    return World(
        region=region,
        other_region=other_region,
        neighbourhood=neighbourhood,
        other_neighbourhood_same_region=f.NeighbourhoodFactory(region=region, name="Lombok"),
        agreement=agreement,
        party_insurer=party_insurer,
        unrelated_insurer=unrelated_insurer,
        admin=member(Role.ADMIN),
        editor=member(Role.EDITOR),
        viewer=member(Role.VIEWER),
        coordinator=coordinator,
        other_region_editor=member(Role.EDITOR, of=other_region),
        party_insurer_member=party_insurer_member,
        unrelated_insurer_member=unrelated_insurer_member,
        national=f.UserFactory(national=True),
        platform_admin=f.UserFactory(platform_admin=True),
    )


def redis_url(database: int) -> str:
    """A database of its own on the configured Redis server (REDIS_URL: the machine's, or the
    embedded Valkey of `make test`)."""
    return urlsplit(settings.REDIS_URL)._replace(path=f"/{database}").geturl()


def database_url(name: str | None = None) -> str:
    """A URL of the test database (or of database ``name`` on its server), for processes the
    tests start."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (
        f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT']}/"
        f"{name or db['NAME']}"
    )


# A Redis database of its own, so tests neither take nor leave work in the broker of `make run`.
TEST_REDIS_URL = redis_url(15)


def _forget_connections(app):
    """Drop broker and result connections, and the queues, made for the settings before."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    vars(app).pop("amqp", None)  # its producers and queues; rebuilt from the settings on use
    app._backend_cache = None
    vars(app._local).pop("backend", None)
    # Producer pools are kept by kombu per broker URL; one closed by a previous worker would be
    # handed out again to the next test's worker.
    kombu.pools.reset()


@pytest.fixture
def celery_worker():
    """A real worker (Celery's test worker, in a thread) on a real Redis broker.

    Its queue has a name of its own, so that workers of parallel test processes (xdist, or
    another run on the same machine) never take each other's tasks: those would run against
    another test database.
    """
    overrides = {
        "broker_url": TEST_REDIS_URL,
        "result_backend": TEST_REDIS_URL,
        "task_default_queue": f"tests-{uuid.uuid4().hex}",
        # Leave the root logger (and pytest's capture of it) alone.
        "worker_hijack_root_logger": False,
    }
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    _forget_connections(celery_app)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=True) as worker:
            yield worker
    finally:
        celery_app.conf.update(saved)
        _forget_connections(celery_app)
