"""Every API error is application/problem+json (RFC 9457), whatever raised it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from api.exceptions import server_error

from .api_helpers import assert_problem, client_for, invalid_names, token_client

pytestmark = pytest.mark.django_db


def detail(world):
    return reverse("api:agreement-detail", args=[world.agreement.pk])


def test_400_malformed_json(world):
    response = client_for(world, "region_staff").generic(
        "POST", reverse("api:agreement-list"), "{niet: json", content_type="application/json"
    )
    assert_problem(response, 400, "parse_error")


def test_400_validation_lists_invalid_params(world):
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-list"), {"region": world.region.code}, format="json"
    )
    body = assert_problem(response, 400, "invalid")
    # procurement_model may be left out: the default model (agreements.rules) is then taken
    assert invalid_names(body) == {"reference", "title", "type", "period"}
    assert all(set(param) == {"name", "code", "reason"} for param in body["invalid_params"])
    assert {param["code"] for param in body["invalid_params"]} == {"required"}


def test_400_a_body_that_is_not_an_object(world):
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-list"), [1, 2], format="json"
    )
    assert invalid_names(assert_problem(response, 400)) == {"non_field_errors"}


def test_401(world):
    response = client_for(world, "anonymous").get(detail(world))
    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_403(world):
    response = token_client(world.viewer).post(
        reverse("api:agreement-submit", args=[world.agreement.pk])
    )
    body = assert_problem(response, 403, "permission_denied")
    assert body["detail"] == "U mag dit niet wijzigen."


def test_404_object(world):
    response = client_for(world, "unrelated_insurer").get(detail(world))
    body = assert_problem(response, 404, "not_found")
    assert "Agreement" not in body["detail"]


@pytest.mark.parametrize("debug", [False, True], ids=["", "DEBUG"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/onbekend/",
        "/api/v1/nope/",
        "/api/v1/agreements/-1/versions/",
        "/api/v1/agreements/x/",
        "/api/v1/agreements/abc/versions/",
        "/api/v1/agreements/1/versions/een/",
        "/api/v1/regions/a.b/",
        "/api/v2/agreements/",
        "/api/",
    ],
)
def test_404_unknown_or_malformed_url_under_the_api(world, settings, debug, path):
    settings.DEBUG = debug
    assert_problem(client_for(world, "region_staff").get(path), 404, "not_found")


@pytest.mark.parametrize("debug", [False, True], ids=["", "DEBUG"])
def test_404_for_a_write_to_an_unknown_url(world, settings, debug):
    settings.DEBUG = debug
    response = client_for(world, "anonymous").post("/api/v1/nope/", {}, format="json")
    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("debug", [False, True], ids=["", "DEBUG"])
def test_404_outside_the_api_stays_a_page(client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_browsable_api_shows_a_404_as_a_page(world):
    response = client_for(world, "region_staff").get(
        "/api/v1/agreements/999999/", HTTP_ACCEPT="text/html"
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["put", "delete"])
def test_405(world, method):
    response = getattr(client_for(world, "region_staff"), method)(detail(world))
    assert_problem(response, 405, "method_not_allowed")


def test_406(world):
    response = client_for(world, "region_staff").get(detail(world), HTTP_ACCEPT="application/xml")
    assert_problem(response, 406, "not_acceptable")


def test_409(world):
    response = client_for(world, "party_insurer").post(
        reverse("api:agreement-review-list", args=[world.agreement.pk]),
        {"version": 1, "decision": "approve"},
        format="json",
    )
    body = assert_problem(response, 409, "invalid_transition")
    assert body["invalid_params"][0]["name"] == "status"


def test_412_and_428(world):
    client = client_for(world, "region_staff")
    assert_problem(client.patch(detail(world), {}, format="json"), 428, "precondition_required")
    response = client.patch(detail(world), {}, format="json", HTTP_IF_MATCH='"verouderd"')
    assert_problem(response, 412, "precondition_failed")


def test_415(world):
    response = client_for(world, "region_staff").generic(
        "POST", reverse("api:agreement-list"), "titel=x", content_type="text/plain"
    )
    assert_problem(response, 415, "unsupported_media_type")


def test_422(world):
    response = client_for(world, "region_staff").post(
        reverse("api:agreement-submit", args=[world.agreement.pk])
    )
    body = assert_problem(response, 422)
    assert {param["code"] for param in body["invalid_params"]} == {"no_disciplines"}


def test_429(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"burst": "1/min", "sustained": "1000/hour"},
    }
    client = client_for(world, "region_staff")
    client.get(detail(world))
    response = client.get(detail(world))
    assert_problem(response, 429, "throttled")
    assert response["Retry-After"]


def test_500_under_the_api():
    request = RequestFactory().get("/api/v1/agreements/")
    response = server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert b'"code": "server_error"' in response.content


def test_the_browsable_api_shows_errors_as_a_page(world):
    response = client_for(world, "anonymous").get(detail(world), HTTP_ACCEPT="text/html")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("text/html")
