"""Hostile and sloppy input: every operation of the API refuses it with a 4xx problem and writes
nothing. The operations are taken from the schema the URL router yields, so a new endpoint is
covered without touching this file."""

import functools
import re
from urllib.parse import quote

import pytest
from django.urls import get_resolver
from drf_spectacular.generators import SchemaGenerator
from knox.models import AuthToken
from rest_framework import serializers

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    BudgetLine,
    Review,
)
from api import fields as strict
from api.serializers import StrictSerializer
from documents.models import Document

from . import factories as f
from .api_helpers import assert_problem, client_for, invalid_names, submit_for_review, token_client
from .test_api_agreements import draft_body, etag_of

pytestmark = pytest.mark.django_db

WRITES = ("POST", "PUT", "PATCH")


@functools.cache
def operations() -> list[tuple[str, str, dict]]:
    """(method, path template, OpenAPI operation) of every operation the router serves."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def parameters(where: str) -> list[tuple[str, str, str]]:
    return [
        (method, path, parameter["name"])
        for method, path, operation in operations()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == where
    ]


def write_operations() -> list[tuple[str, str]]:
    return [(method, path) for method, path, _operation in operations() if method in WRITES]


def operation_id(value):
    return value if isinstance(value, str) else None


@pytest.fixture
def known(world):
    """Path parameters naming real objects (a submitted agreement, its version 1)."""
    submit_for_review(world)
    return {
        "id": world.agreement.pk,
        "agreement_pk": world.agreement.pk,
        "number": 1,
        "code": world.region.code,
        "delivery_id": 1,
    }


def fill(path: str, values: dict) -> str:
    return re.sub(r"{(\w+)}", lambda match: quote(str(values[match[1]]), safe=""), path)


def written() -> dict:
    """Row counts of everything an API write can create or change."""
    models = (Agreement, AgreementParty, AgreementVersion, BudgetLine, Review, Document, AuthToken)
    return {model.__name__: model.objects.count() for model in models}


def call(client, method, path, body, **headers):
    return client.generic(
        method, path, body, content_type="application/json", HTTP_IF_MATCH="*", **headers
    )


def writer(world, path):
    """Who sends a body to ``path``: anyone for signing in (a token would be revoked by no
    one), otherwise an editor of the region."""
    return client_for(world, "anonymous" if path.endswith("/auth/token/") else "region_staff")


# --- 14: nesting and size ------------------------------------------------------------------

DEEP = 5000
DEEP_BODIES = {
    "arrays": "[" * DEEP + "]" * DEEP,
    "objects": '{"a":' * DEEP + "1" + "}" * DEEP,
    "in an object": '{"title": ' + "[" * DEEP + "]" * DEEP + "}",
}


def test_every_write_is_listed():
    assert ("POST", "/api/v1/auth/token/") in write_operations()
    assert ("PATCH", "/api/v1/agreements/{id}/") in write_operations()
    assert len(write_operations()) >= 6


@pytest.mark.parametrize(("method", "path"), write_operations(), ids=operation_id)
@pytest.mark.parametrize("shape", DEEP_BODIES)
def test_deeply_nested_json_is_400_before_parsing(world, known, method, path, shape):
    client = writer(world, path)
    before = written()
    response = call(client, method, fill(path, known), DEEP_BODIES[shape])
    body = assert_problem(response, 400, "parse_error")
    assert "20 niveaus" in body["detail"]
    assert written() == before


def test_nesting_within_the_limit_is_parsed(world):
    response = call(
        client_for(world, "region_staff"),
        "POST",
        "/api/v1/agreements/",
        '{"title": ' + "[" * 19 + "]" * 19 + "}",
    )
    body = assert_problem(response, 400, "invalid")
    assert "title" in invalid_names(body)


def test_brackets_inside_strings_do_not_count_as_nesting(world, known):
    response = call(
        client_for(world, "party_insurer"),
        "POST",
        fill("/api/v1/agreements/{agreement_pk}/reviews/", known),
        '{"version": 1, "decision": "approve", "comment": "' + "[{" * 100 + '\\"" }',
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(("method", "path"), write_operations(), ids=operation_id)
def test_a_body_over_the_limit_is_413(world, known, settings, method, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = writer(world, path)
    before = written()
    body = '{"comment": "' + "x" * 2000 + '"}'
    response = call(client, method, fill(path, known), body)
    assert_problem(response, 413, "too_large")
    assert written() == before


# --- 15: NUL characters ----------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "name"), parameters("path"), ids=operation_id)
def test_nul_in_any_path_parameter_is_400(world, known, method, path, name):
    client = client_for(world, "region_staff")
    before = written()
    url = fill(path, {**known, name: f"{known[name]}\x00"})
    response = call(client, method, url, "{}")
    assert_problem(response, 400, "nul_character")
    assert written() == before


@pytest.mark.parametrize(("method", "path", "name"), parameters("query"), ids=operation_id)
def test_nul_in_any_query_parameter_is_400(world, known, method, path, name):
    url = f"{fill(path, known)}?{name}=a%00b"
    assert_problem(call(client_for(world, "region_staff"), method, url, ""), 400, "nul_character")


@pytest.mark.parametrize(
    "url", ["/api/v1/regions/utrecht-west%00/", "/api/v1/bestaat%00niet/", "/api/%00"]
)
def test_nul_in_a_lookup_or_an_unrouted_path_is_400(world, url):
    assert_problem(client_for(world, "party_insurer").get(url), 400, "nul_character")


@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION", "HTTP_COOKIE", "HTTP_IF_MATCH"])
def test_nul_in_a_header_is_400(world, header):
    response = client_for(world, "anonymous").get("/api/v1/regions/", **{header: "Token a\x00b"})
    assert_problem(response, 400, "nul_character")


def test_nul_outside_the_api_is_a_bad_request_too(client):
    assert client.get("/regio/x%00/").status_code == 400


@pytest.mark.parametrize(("method", "path"), write_operations(), ids=operation_id)
def test_nul_in_any_body_string_is_400(world, known, method, path):
    client = writer(world, path)
    before = written()
    response = call(client, method, fill(path, known), '{"items": [{"name": "gp\\u0000"}]}')
    body = assert_problem(response, 400, "parse_error")
    assert "items[0].name" in body["detail"]
    assert written() == before


def test_nul_in_a_code_of_a_new_agreement_is_400(world):
    client = client_for(world, "region_staff")
    before = written()
    body = draft_body(world, disciplines=["gp\x00"], region=f"{world.region.code}\x00")
    response = client.post("/api/v1/agreements/", body, format="json")
    assert_problem(response, 400, "parse_error")
    assert written() == before


# --- 16: JSON types are the contract's -----------------------------------------------------

WRONG_TYPES = [
    ("title", 123, "title"),
    ("reference", True, "reference"),
    ("description", ["a"], "description"),
    ("type", 1, "type"),
    ("main_tasks", ["1"], "main_tasks[0]"),
    ("main_tasks", [True], "main_tasks[0]"),
    ("period", {"start": 20260101, "end": "2027-12-31"}, "period.start"),
    ("budget_lines", [{"year": 2026, "segment": "S2", "amount": 1000.5}], "budget_lines[0].amount"),
    ("budget_lines", [{"year": 2026, "segment": "S2", "amount": 1000}], "budget_lines[0].amount"),
    ("budget_lines", [{"year": 2026, "segment": "S2", "amount": "1e3"}], "budget_lines[0].amount"),
    ("budget_lines", [{"year": "2026", "segment": "S2", "amount": "1"}], "budget_lines[0].year"),
    ("budget_lines", [{"year": 2026.0, "segment": "S2", "amount": "1"}], "budget_lines[0].year"),
    ("targets", [{"name": "x", "unit": "%", "baseline": 40, "goal": "80"}], "targets[0].baseline"),
    ("parties", "PARTY_AS_TEXT", "parties[0].organisation"),
    ("parties", "LEAD_AS_TEXT", "parties[0].is_lead"),
    ("disciplines", {"gp": 1}, "disciplines"),
    ("disciplines", [1], "disciplines"),
    ("goals", ["GOAL_AS_TEXT"], "goals"),
]


def with_placeholders(world, value):
    insurer = world.party_insurer.pk
    if value == "PARTY_AS_TEXT":
        return [{"organisation": str(insurer), "is_lead": True}]
    if value == "LEAD_AS_TEXT":
        return [{"organisation": insurer, "is_lead": "true"}]
    if value == ["GOAL_AS_TEXT"]:
        return [str(f.RegionGoalFactory(region=world.region).pk)]
    return value


@pytest.mark.parametrize(("field", "value", "name"), WRONG_TYPES)
def test_a_wrong_json_type_is_400_on_create(world, field, value, name):
    client = client_for(world, "region_staff")
    body = draft_body(world, **{field: with_placeholders(world, value)})
    before = written()
    response = client.post("/api/v1/agreements/", body, format="json")
    problem = assert_problem(response, 400, "invalid")
    assert name in invalid_names(problem), problem
    assert written() == before


@pytest.mark.parametrize(("field", "value", "name"), WRONG_TYPES)
def test_a_wrong_json_type_is_400_on_patch(world, field, value, name):
    client = client_for(world, "region_staff")
    body = {field: with_placeholders(world, value)}
    before = written()
    response = client.patch(
        f"/api/v1/agreements/{world.agreement.pk}/",
        body,
        format="json",
        HTTP_IF_MATCH=etag_of(world.agreement),
    )
    assert name in invalid_names(assert_problem(response, 400, "invalid"))
    assert written() == before
    world.agreement.refresh_from_db()
    assert world.agreement.title != "123"


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"version": "1", "decision": "approve"}, "version"),
        ({"version": True, "decision": "approve"}, "version"),
        ({"version": 1, "decision": ["approve"]}, "decision"),
        ({"version": 1, "decision": "reject", "comment": 5}, "comment"),
    ],
)
def test_a_wrong_json_type_is_400_on_review(world, known, body, name):
    client = client_for(world, "party_insurer")
    before = written()
    response = client.post(f"/api/v1/agreements/{world.agreement.pk}/reviews/", body, format="json")
    assert invalid_names(assert_problem(response, 400, "invalid")) == {name}
    assert written() == before


def test_a_wrong_json_type_is_400_on_sign_in(world):
    response = client_for(world, "anonymous").post(
        "/api/v1/auth/token/", {"username": 123, "password": f.TEST_PASSWORD}, format="json"
    )
    assert invalid_names(assert_problem(response, 400, "invalid")) == {"username"}
    assert not AuthToken.objects.exists()


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def lenient_fields(serializer, prefix="") -> list[str]:
    """Writable fields of ``serializer`` (and its nested ones) that would coerce a JSON type."""
    found = []
    for name, field in serializer.fields.items():
        path = f"{prefix}{name}"
        if field.read_only:
            continue
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.ListField):
            field, path = field.child, f"{path}[]"
        if isinstance(field, strict.ManyRelatedField):
            field, path = field.child_relation, f"{path}[]"
        if isinstance(field, StrictSerializer):
            found += lenient_fields(field, f"{path}.")
        elif not isinstance(field, strict.JsonTypeMixin):
            found.append(f"{type(serializer).__name__}.{path}: {type(field).__name__}")
    return found


def test_every_strict_serializer_takes_only_the_contracts_json_types():
    get_resolver().url_patterns  # noqa: B018 -- imports every view, so every serializer
    found = {cls.__name__: cls for cls in subclasses(StrictSerializer)}
    assert {
        "CredentialsSerializer",
        "AgreementCreateSerializer",
        "AgreementUpdateSerializer",
        "ReviewCreateSerializer",
        "DocumentRequestSerializer",
    } <= set(found)
    assert [field for cls in found.values() for field in lenient_fields(cls())] == []


def test_the_wrong_type_message_is_dutch(world):
    body = draft_body(world, title=123)
    response = client_for(world, "region_staff").post("/api/v1/agreements/", body, format="json")
    [param] = [p for p in response.json()["invalid_params"] if p["name"] == "title"]
    assert param == {"name": "title", "code": "wrong_type", "reason": "Geef tekst."}


# --- 17: duplicate keys --------------------------------------------------------------------


def test_a_duplicate_key_is_400_and_records_no_review(world, known):
    response = call(
        client_for(world, "party_insurer"),
        "POST",
        f"/api/v1/agreements/{world.agreement.pk}/reviews/",
        '{"version": 1, "decision": "request_changes", "comment": "x", "decision": "approve"}',
    )
    body = assert_problem(response, 400, "parse_error")
    assert "decision" in body["detail"]
    assert not Review.objects.exists()
    world.agreement.refresh_from_db()
    assert world.agreement.status == AgreementStatus.IN_REVIEW


@pytest.mark.parametrize(("method", "path"), write_operations(), ids=operation_id)
def test_a_duplicate_key_in_a_nested_object_is_400_everywhere(world, known, method, path):
    client = writer(world, path)
    before = written()
    body = '{"period": {"start": "2026-01-01", "start": "2026-02-01"}}'
    response = call(client, method, fill(path, known), body)
    assert_problem(response, 400, "parse_error")
    assert written() == before


# --- 19: parse errors in Dutch, without Python's internals ---------------------------------

PYTHON_WORDS = ("codec", "sys.", "Expecting", "Exceeds", "int_max_str_digits", "line 1 column")


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (b'{"title": "\xff"}', "De inhoud is geen geldige UTF-8."),
        (b'{"version": 1' + b"0" * 5000 + b"}", "Een getal in de JSON is langer dan 40 tekens."),
        (b'{"version": 1.' + b"5" * 100 + b"}", "Een getal in de JSON is langer dan 40 tekens."),
        (b'{"version": NaN}', "NaN is geen geldige JSON-waarde."),
        (b'{"version": 1,}', "De inhoud is geen geldige JSON (regel 1, kolom 15)."),
        (b"\xef\xbb\xbf{}", "De inhoud is geen geldige JSON (regel 1, kolom 1)."),
    ],
)
def test_parse_errors_are_dutch_and_name_no_python_internals(world, raw, detail):
    response = call(client_for(world, "region_staff"), "POST", "/api/v1/agreements/", raw)
    body = assert_problem(response, 400, "parse_error")
    assert body["detail"] == detail
    assert not any(word in body["detail"] for word in PYTHON_WORDS)


@pytest.mark.parametrize("value", ["2026-03-01T09:00:00", "2026-03-01", "2026-03-01 09:00"])
def test_updated_since_without_a_time_zone_is_400(world, value):
    response = token_client(world.editor).get("/api/v1/agreements/", {"updated_since": value})
    body = assert_problem(response, 400, "invalid")
    assert body["invalid_params"] == [
        {
            "name": "updated_since",
            "code": "no_timezone",
            "reason": "Geef het tijdstip met tijdzone, zoals 2026-03-01T09:00:00+01:00.",
        }
    ]


@pytest.mark.parametrize("value", ["2026-03-01T09:00:00+01:00", "2026-03-01T08:00:00Z"])
def test_updated_since_with_a_time_zone_is_accepted(world, value):
    response = token_client(world.editor).get("/api/v1/agreements/", {"updated_since": value})
    assert response.status_code == 200
