"""Every API operation against every role of the ``world`` fixture: the status each one gets.

The operations are read from the URL resolver (every route under /api/v1/ with the HTTP
methods its view answers). An operation without a row in ``OPERATIONS`` fails
``test_every_api_operation_has_a_row``, so no endpoint is added without saying who may call
it. Each role's request runs in a savepoint that is rolled back, so every role meets the
same data.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, path, reverse
from django.utils import timezone

from agreements.api.views import AgreementViewSet
from events.models import Subscription
from regions.api.views import RegionViewSet

from . import factories as f
from .api_helpers import token_client
from .test_documents_api import done_report

pytestmark = pytest.mark.django_db

# The roles of the ``world`` fixture (tests/conftest.py), and a caller without credentials.
ROLES = (
    "anonymous",
    "admin",
    "editor",
    "viewer",
    "coordinator",
    "other_region_editor",
    "party_insurer_member",
    "unrelated_insurer_member",
    "national",
    "platform_admin",
)


def expect(otherwise: int, **by_role: int) -> dict[str, int]:
    """``otherwise`` for every role not named."""
    assert set(by_role) <= set(ROLES), set(by_role) - set(ROLES)
    return {role: by_role.get(role, otherwise) for role in ROLES}


@dataclass
class Scene:
    """What the operations act on: the world's draft (ready to submit), a submitted agreement
    of the same region with the party insurer as lead, and a finished progress report of it."""

    world: object
    draft: object
    submitted: object
    document: object
    subscription: object  # the party insurer's webhook, with deliveries of ``submitted``


@dataclass(frozen=True)
class Operation:
    request: Callable  # (scene, user) -> (path, keyword arguments for the test client)
    expected: dict[str, int]


def at(name, *args, **kwargs):
    """A request to ``name`` whose arguments come from the scene."""
    return lambda scene, user: (
        reverse(name, args=[arg(scene) for arg in args]),
        kwargs,
    )


def draft_id(scene):
    return scene.draft.pk


def submitted_id(scene):
    return scene.submitted.pk


def document_id(scene):
    return scene.document.pk


def version_number(scene):
    return 1


def region_code(scene):
    return scene.world.region.code


def webhook_id(scene):
    return scene.subscription.pk


def delivery_id(scene):
    return scene.subscription.deliveries.first().pk


def subscribe(scene, user):
    body = {"url": "http://127.0.0.1:9/hook"}
    return reverse("api:webhook-list"), {"data": body, "format": "json"}


def sign_in(scene, user):
    username = user.username if user else "niemand"
    body = {"username": username, "password": f.TEST_PASSWORD}
    return reverse("api:token"), {"data": body, "format": "json"}


def create_draft(scene, user):
    year = timezone.localdate().year
    body = {
        "region": scene.world.region.code,
        "reference": "MATRIX-1",
        "title": "Afspraak uit de rollentabel",
        "type": "oi",
        "procurement_model": "aligned_content",
        "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
    }
    return reverse("api:agreement-list"), {"data": body, "format": "json"}


def change_draft(scene, user):
    etag = f'"{scene.draft.edit_token}"'
    return reverse("api:agreement-detail", args=[scene.draft.pk]), {
        "data": {"title": "Herzien"},
        "format": "json",
        "HTTP_IF_MATCH": etag,
    }


def record_measurement(scene, user):
    target = f.TargetFactory(agreement=scene.submitted)
    body = {
        "target": target.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "value": "50.00",
        "source": "Praktijkregistratie",
    }
    return reverse("api:agreement-measurement-list", args=[scene.submitted.pk]), {
        "data": body,
        "format": "json",
    }


# Who reads an agreement and its rows: its region's staff, the insurers party to it, and
# platform admins; everyone else signed in gets 404 (its existence is not confirmed).
READS_AGREEMENT = expect(
    404,
    anonymous=401,
    admin=200,
    editor=200,
    viewer=200,
    party_insurer_member=200,
    platform_admin=200,
)

# A write by the region's staff that the agreement's state refuses (409): others 403 or 404.
STAFF_WRITES_CONFLICT = expect(
    404,
    anonymous=401,
    admin=409,
    editor=409,
    viewer=403,
    party_insurer_member=403,
    platform_admin=409,
)

# A webhook subscription: the members of its insurer and platform admins; everyone else 404.
READS_WEBHOOK = expect(404, anonymous=401, party_insurer_member=200, platform_admin=200)

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("api:token", "POST"): Operation(sign_in, expect(201, anonymous=401)),
    ("api:token", "DELETE"): Operation(at("api:token"), expect(204, anonymous=401)),
    ("api:schema", "GET"): Operation(at("api:schema"), expect(200)),
    ("api:docs", "GET"): Operation(at("api:docs"), expect(200)),
    ("api:region-list", "GET"): Operation(at("api:region-list"), expect(200, anonymous=401)),
    ("api:region-detail", "GET"): Operation(
        at("api:region-detail", region_code),
        expect(
            404,
            anonymous=401,
            admin=200,
            editor=200,
            viewer=200,
            coordinator=200,
            party_insurer_member=200,
            platform_admin=200,
        ),
    ),
    ("api:national-region-list", "GET"): Operation(
        at("api:national-region-list"),
        expect(
            403,
            anonymous=401,
            admin=200,
            editor=200,
            viewer=200,
            other_region_editor=200,
            national=200,
            platform_admin=200,
        ),
    ),
    ("api:agreement-list", "GET"): Operation(at("api:agreement-list"), expect(200, anonymous=401)),
    ("api:agreement-list", "POST"): Operation(
        create_draft,
        expect(
            403, anonymous=401, admin=201, editor=201, other_region_editor=400, platform_admin=201
        ),
    ),
    ("api:agreement-detail", "GET"): Operation(
        at("api:agreement-detail", draft_id), READS_AGREEMENT
    ),
    ("api:agreement-detail", "PATCH"): Operation(
        change_draft,
        expect(
            404,
            anonymous=401,
            admin=200,
            editor=200,
            viewer=403,
            party_insurer_member=403,
            platform_admin=200,
        ),
    ),
    ("api:agreement-submit", "POST"): Operation(
        at("api:agreement-submit", draft_id),
        expect(
            404,
            anonymous=401,
            admin=201,
            editor=201,
            viewer=403,
            party_insurer_member=403,
            platform_admin=201,
        ),
    ),
    ("api:agreement-version-list", "GET"): Operation(
        at("api:agreement-version-list", submitted_id), READS_AGREEMENT
    ),
    ("api:agreement-version-detail", "GET"): Operation(
        at("api:agreement-version-detail", submitted_id, version_number), READS_AGREEMENT
    ),
    ("api:agreement-history", "GET"): Operation(
        at("api:agreement-history", submitted_id), READS_AGREEMENT
    ),
    ("api:agreement-review-list", "GET"): Operation(
        at("api:agreement-review-list", submitted_id), READS_AGREEMENT
    ),
    ("api:agreement-review-list", "POST"): Operation(
        at(
            "api:agreement-review-list",
            submitted_id,
            data={"version": 1, "decision": "approve"},
            format="json",
        ),
        expect(
            404,
            anonymous=401,
            admin=403,
            editor=403,
            viewer=403,
            party_insurer_member=201,
            platform_admin=403,
        ),
    ),
    ("api:agreement-signature-list", "GET"): Operation(
        at("api:agreement-signature-list", submitted_id), READS_AGREEMENT
    ),
    # The submitted agreement is reviewed by insurers, not signed: staff who may record get 409.
    ("api:agreement-signature-list", "POST"): Operation(
        lambda scene, user: (
            reverse("api:agreement-signature-list", args=[scene.submitted.pk]),
            {
                "data": {
                    "organisation": scene.world.party_insurer.pk,
                    "signatory": "J. Voorbeeld",
                    "signed_on": "2026-01-05",
                },
                "format": "json",
            },
        ),
        STAFF_WRITES_CONFLICT,
    ),
    # Not under the model volgen: staff who may ask get 409 (not_follow_model).
    ("api:agreement-follow-request-list", "POST"): Operation(
        lambda scene, user: (
            reverse("api:agreement-follow-request-list", args=[scene.submitted.pk]),
            {"data": {"organisation": scene.world.party_insurer.pk}, "format": "json"},
        ),
        STAFF_WRITES_CONFLICT,
    ),
    ("api:agreement-document-list", "GET"): Operation(
        at("api:agreement-document-list", submitted_id), READS_AGREEMENT
    ),
    ("api:agreement-document-list", "POST"): Operation(
        at("api:agreement-document-list", submitted_id, data={}, format="json"),
        expect(
            404,
            anonymous=401,
            admin=202,
            editor=202,
            viewer=202,
            party_insurer_member=403,
            platform_admin=202,
        ),
    ),
    ("api:event-list", "GET"): Operation(at("api:event-list"), expect(200, anonymous=401)),
    ("api:webhook-list", "GET"): Operation(at("api:webhook-list"), expect(200, anonymous=401)),
    ("api:webhook-list", "POST"): Operation(
        subscribe,
        # an insurer's members for their own insurer; a platform admin must name one (422)
        expect(
            403,
            anonymous=401,
            party_insurer_member=201,
            unrelated_insurer_member=201,
            platform_admin=422,
        ),
    ),
    ("api:webhook-detail", "GET"): Operation(at("api:webhook-detail", webhook_id), READS_WEBHOOK),
    ("api:webhook-detail", "PATCH"): Operation(
        at("api:webhook-detail", webhook_id, data={"kinds": []}, format="json"), READS_WEBHOOK
    ),
    ("api:webhook-detail", "DELETE"): Operation(
        at("api:webhook-detail", webhook_id),
        expect(404, anonymous=401, party_insurer_member=204, platform_admin=204),
    ),
    ("api:webhook-deliveries", "GET"): Operation(
        at("api:webhook-deliveries", webhook_id), READS_WEBHOOK
    ),
    ("api:webhook-delivery-replay", "POST"): Operation(
        at("api:webhook-delivery-replay", webhook_id, delivery_id),
        expect(404, anonymous=401, party_insurer_member=202, platform_admin=202),
    ),
    ("api:agreement-document-detail", "GET"): Operation(
        at("api:agreement-document-detail", submitted_id, document_id), READS_AGREEMENT
    ),
    ("api:agreement-document-download", "GET"): Operation(
        at("api:agreement-document-download", submitted_id, document_id), READS_AGREEMENT
    ),
    ("api:agreement-measurement-list", "GET"): Operation(
        at("api:agreement-measurement-list", submitted_id), READS_AGREEMENT
    ),
    # The submitted agreement is not running yet: staff who may record get 409 (not_running).
    ("api:agreement-measurement-list", "POST"): Operation(
        record_measurement,
        expect(
            404,
            anonymous=401,
            admin=409,
            editor=409,
            viewer=403,
            party_insurer_member=403,
            platform_admin=409,
        ),
    ),
    ("api:agreement-progress", "GET"): Operation(
        at("api:agreement-progress", submitted_id), READS_AGREEMENT
    ),
}


def view_methods(callback) -> set[str]:
    """The HTTP methods a URL's view answers (HEAD and OPTIONS come with every view)."""
    actions = getattr(callback, "actions", None)  # a viewset's as_view({method: action})
    if actions:
        methods = actions
    else:
        view = getattr(callback, "view_class", None)
        assert view is not None, f"{callback} is not a class-based view: give it one"
        methods = [method for method in view.http_method_names if hasattr(view, method)]
    return {method.upper() for method in methods} - {"HEAD", "OPTIONS"}


def api_operations(patterns=None) -> set[tuple[str, str]]:
    """(URL name with namespace, HTTP method) of every route under /api/v1/ in ``patterns``
    (by default the project's URLs)."""
    found = set()

    def walk(patterns, route, namespace):
        for pattern in patterns:
            here = route + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, here, inner)
            elif here.startswith("api/v1/"):
                name = f"{namespace}{pattern.name}" if pattern.name else here
                found.update((name, method) for method in view_methods(pattern.callback))

    walk(get_resolver().url_patterns if patterns is None else patterns, "", "")
    return found


def test_every_api_operation_has_a_row():
    operations = api_operations()
    assert operations, "no routes found under /api/v1/"
    missing = sorted(operations - set(OPERATIONS))
    assert not missing, f"API operations without a row in OPERATIONS: {missing}"
    gone = sorted(set(OPERATIONS) - operations)
    assert not gone, f"rows in OPERATIONS for operations that no longer exist: {gone}"


def test_a_new_operation_is_found_without_a_row():
    """What the test above catches: a new route, and a new method on a known route."""
    new_route = path(
        "api/v1/agreements/<int:pk>/archive/",
        AgreementViewSet.as_view({"post": "submit"}),
        name="agreement-archive",
    )
    new_method = path(
        "api/v1/regions/",
        RegionViewSet.as_view({"get": "list", "delete": "list"}),
        name="region-list",
    )
    patterns = [new_route, new_method, *get_resolver().url_patterns]
    assert api_operations(patterns) - set(OPERATIONS) == {
        ("agreement-archive", "POST"),
        ("region-list", "DELETE"),
        ("region-list", "GET"),
    }


@pytest.fixture
def scene(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WEBHOOKS_ALLOW_INSECURE = True
    subscription = Subscription.objects.create(
        insurer=world.party_insurer, url="http://127.0.0.1:9/hook"
    )
    f.CoveredDisciplineFactory(agreement=world.agreement)
    f.MandateFactory(region=world.region)
    submitted = f.AgreementFactory(
        region=world.region, submitted=True, lead_insurer=world.party_insurer
    )
    return Scene(
        world=world,
        draft=world.agreement,
        submitted=submitted,
        document=done_report(world, submitted),
        subscription=subscription,
    )


@pytest.mark.parametrize(
    ("name", "method"), sorted(OPERATIONS), ids=[f"{m} {n}" for n, m in sorted(OPERATIONS)]
)
def test_status_per_role(scene, name, method):
    operation = OPERATIONS[(name, method)]
    got = {}
    for role in ROLES:
        user = None if role == "anonymous" else getattr(scene.world, role)
        with transaction.atomic():
            path, kwargs = operation.request(scene, user)
            response = getattr(token_client(user), method.lower())(path, **kwargs)
            got[role] = response.status_code
            transaction.set_rollback(True)
    wrong = {
        role: f"{got[role]}, expected {expected}"
        for role, expected in operation.expected.items()
        if got[role] != expected
    }
    assert not wrong, f"{method} {name}: {wrong}"
