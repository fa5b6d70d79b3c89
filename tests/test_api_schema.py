"""The OpenAPI contract: committed, complete, and kept by the running API (Schemathesis)."""

import re
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.conf import settings as django_settings
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, strategies
from hypothesis import settings as hypothesis_settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .api_helpers import submit_for_review

pytestmark = pytest.mark.django_db

COMMITTED = Path(django_settings.BASE_DIR) / "api" / "openapi.yaml"
REGENERATE = "manage.py spectacular --validate --fail-on-warn --lang nl --file api/openapi.yaml"
EXAMPLES_PER_OPERATION = 25
# Every sign-in attempt hashes a password (Argon2, slow on purpose).
EXAMPLES_FOR_SIGN_IN = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def generated_schema(tmp_path) -> str:
    target = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--lang", "nl", "--file", str(target)
    )
    return target.read_text()


def test_committed_schema_matches_the_code(tmp_path):
    assert generated_schema(tmp_path) == COMMITTED.read_text(), (
        f"api/openapi.yaml is out of date; regenerate it with: {REGENERATE}"
    )


def test_every_field_and_parameter_is_described():
    schema = yaml.safe_load(COMMITTED.read_text())
    undescribed = []
    for name, component in schema["components"]["schemas"].items():
        for field, definition in component.get("properties", {}).items():
            if not definition.get("description"):
                undescribed.append(f"{name}.{field}")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if not parameter.get("description"):
                    undescribed.append(f"{method.upper()} {path} {parameter['name']}")
    assert undescribed == []


def test_the_review_call_has_examples():
    schema = yaml.safe_load(COMMITTED.read_text())
    operation = schema["paths"]["/api/v1/agreements/{agreement_pk}/reviews/"]["post"]
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    assert {example["value"]["decision"] for example in examples.values()} == {
        "approve",
        "request_changes",
        "follow_partly",
    }


def test_schema_and_docs_are_served(client):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    # Swagger UI comes from the app's own static files, not from a CDN.
    assert b"cdn." not in docs.content and b"/static/drf_spectacular_sidecar/" in docs.content


# --- Schemathesis: the running API against its schema -------------------------------------------


def known_objects(world) -> dict:
    """Path parameters that name real objects, so cases reach more than 404."""
    return {
        "id": world.agreement.pk,
        "agreement_pk": world.agreement.pk,
        "number": 1,
        "code": world.region.code,
    }


def cases(operation, headers, known):
    names = set(re.findall(r"{(\w+)}", operation.path))
    generated = operation.as_strategy(headers=headers)
    pinned = {name: value for name, value in known.items() if name in names}
    if not pinned:
        return generated
    return strategies.one_of(
        generated, operation.as_strategy(headers=headers, path_parameters=pinned)
    )


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"burst": "100000/min", "sustained": "1000000/hour"},
    }


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, keeping the test's database connection open between
    requests (as Django's test client does): its transaction holds the test data."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.parametrize("role", ["party_insurer_member", "editor"])
def test_schemathesis(world, role, unthrottled, wsgi_app):
    submit_for_review(world)
    _token, key = AuthToken.objects.create(user=getattr(world, role))
    # Schemathesis asks for gzip but does not undo it over WSGI; tests/test_api_conditional.py
    # covers compression.
    headers = {"Authorization": f"Token {key}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    known = known_objects(world)
    exercised = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() == "DELETE" and operation.path == "/api/v1/auth/token/":
            continue  # would revoke the token the run uses; tests/test_api_auth.py covers it
        sign_in = operation.path == "/api/v1/auth/token/"

        @hypothesis_settings(
            max_examples=EXAMPLES_FOR_SIGN_IN if sign_in else EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases(operation, headers, known))
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        check()
        exercised.append(f"{operation.method.upper()} {operation.path}")
    assert "GET /api/v1/agreements/{id}/" in exercised
    assert "POST /api/v1/agreements/{agreement_pk}/reviews/" in exercised
