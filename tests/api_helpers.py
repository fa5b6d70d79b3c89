"""Helpers for API tests: a client per role (knox token), and problem+json assertions."""

from knox.models import AuthToken
from rest_framework.test import APIClient

from agreements.models import AgreementStatus

from . import factories as f

# The roles every endpoint is tested for, and who plays them in the ``world`` fixture.
ROLES = {
    "region_staff": "editor",
    "other_region_staff": "other_region_editor",
    "party_insurer": "party_insurer_member",
    "unrelated_insurer": "unrelated_insurer_member",
    "national": "national",
    "anonymous": None,
}


def token_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        _token, key = AuthToken.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def client_for(world, role: str) -> APIClient:
    attribute = ROLES[role]
    return token_client(None if attribute is None else getattr(world, attribute))


def assert_problem(response, status: int, code: str | None = None) -> dict:
    """The response is an RFC 9457 problem with ``status`` (and ``code``); returns its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "code", "title", "status", "detail", "instance"} <= set(body), body
    assert body["status"] == status
    assert body["type"] == f"urn:regio:problem:{body['code']}"
    assert body["title"] and body["detail"]
    assert body["instance"] == response.wsgi_request.path
    if code is not None:
        assert body["code"] == code, body
    return body


def invalid_names(body) -> set[str]:
    return {param["name"] for param in body["invalid_params"]}


def submit_for_review(world, agreement=None):
    """Submit the agreement (GP care, with a valid mandate) as the region's editor: version 1."""
    return f.move_to(agreement or world.agreement, AgreementStatus.IN_REVIEW)
