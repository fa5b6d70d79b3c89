"""Tokens (knox, through django-axes), session login, and throttling per token."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from api.tasks import delete_expired_tokens

from . import factories as f
from .api_helpers import assert_problem, token_client

pytestmark = pytest.mark.django_db

TOKEN_URL = reverse("api:token")
LIST_URL = reverse("api:agreement-list")


def sign_in(client, username, password):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_a_token_is_issued_stored_hashed_and_expires(world):
    response = sign_in(APIClient(), world.party_insurer_member.username, f.TEST_PASSWORD)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "expires"}
    stored = AuthToken.objects.get(user=world.party_insurer_member)
    assert body["token"] not in (stored.digest, stored.token_key)
    assert not AuthToken.objects.filter(digest__contains=body["token"]).exists()
    expected = timezone.now() + datetime.timedelta(hours=10)
    assert abs(stored.expiry - expected) < datetime.timedelta(minutes=1)
    assert datetime.datetime.fromisoformat(body["expires"]) == stored.expiry

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    listed = client.get(LIST_URL).json()["results"]
    assert [row["id"] for row in listed] == [world.agreement.pk]


def test_the_lifetime_is_configurable(world, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(hours=1)}
    sign_in(APIClient(), world.editor.username, f.TEST_PASSWORD)
    expiry = AuthToken.objects.get(user=world.editor).expiry
    assert expiry < timezone.now() + datetime.timedelta(hours=1, minutes=1)


def test_an_expired_token_is_refused(world):
    client = token_client(world.editor)
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert_problem(client.get(LIST_URL), 401, "authentication_failed")
    assert not AuthToken.objects.exists()


def test_expired_tokens_are_deleted_by_the_periodic_task_not_per_request(world, settings):
    expired, current = token_client(world.editor), token_client(world.editor)
    AuthToken.objects.filter(pk=AuthToken.objects.order_by("created").first().pk).update(
        expiry=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert current.get(LIST_URL).status_code == 200
    assert AuthToken.objects.count() == 2  # no clean-up query on every request

    assert delete_expired_tokens() == 1

    assert AuthToken.objects.count() == 1
    assert_problem(expired.get(LIST_URL), 401, "authentication_failed")
    assert current.get(LIST_URL).status_code == 200
    assert settings.CELERY_BEAT_SCHEDULE["api-delete-expired-tokens"]["schedule"] == 3600


def test_delete_revokes_the_presented_token_only(world):
    client, other = token_client(world.editor), token_client(world.editor)
    assert client.delete(TOKEN_URL).status_code == 204
    assert_problem(client.get(LIST_URL), 401, "authentication_failed")
    assert other.get(LIST_URL).status_code == 200
    assert AuthToken.objects.count() == 1


def test_delete_needs_a_token(world):
    client = APIClient()
    client.force_login(world.editor)
    assert_problem(client.delete(TOKEN_URL), 401, "not_authenticated")


def test_a_garbled_token_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token niet-een-token")
    response = client.get(LIST_URL)
    assert_problem(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_password_is_401_and_counted_by_axes(world):
    response = sign_in(APIClient(), world.editor.username, "fout")
    body = assert_problem(response, 401, "invalid_credentials")
    assert body["detail"] == "Gebruikersnaam of wachtwoord is onjuist."
    assert response["WWW-Authenticate"] == "Token"
    assert AccessAttempt.objects.get(username=world.editor.username).failures_since_start == 1
    assert not AuthToken.objects.exists()


def test_repeated_failures_lock_the_account_out(world, settings):
    client = APIClient()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, world.editor.username, "fout").status_code == 401
    locked = sign_in(client, world.editor.username, "fout")
    assert_problem(locked, 429, "locked_out")
    assert locked["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME * 3600))
    still_locked = sign_in(client, world.editor.username, f.TEST_PASSWORD)
    assert_problem(still_locked, 429, "locked_out")
    assert not AuthToken.objects.exists()


def test_sign_in_refuses_unknown_fields(world):
    response = APIClient().post(
        TOKEN_URL,
        {"username": world.editor.username, "password": f.TEST_PASSWORD, "ttl": 999},
        format="json",
    )
    assert {p["name"] for p in assert_problem(response, 400)["invalid_params"]} == {"ttl"}


def test_an_inactive_user_gets_no_token(world):
    world.editor.is_active = False
    world.editor.save()
    response = sign_in(APIClient(), world.editor.username, f.TEST_PASSWORD)
    assert_problem(response, 401, "invalid_credentials")


def test_session_login_serves_the_browsable_api(world):
    client = APIClient()
    client.force_login(world.editor)
    page = client.get(LIST_URL, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert world.agreement.reference in page.text
    assert client.get(LIST_URL).json()["count"] == 1
    detail = reverse("api:agreement-detail", args=[world.agreement.pk])
    detail_page = client.get(detail, HTTP_ACCEPT="text/html")
    assert detail_page.status_code == 200 and "PATCH" in detail_page.text


def test_session_writes_need_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.editor)
    response = client.post(LIST_URL, {}, format="json")
    assert_problem(response, 403, "permission_denied")


@pytest.fixture
def tight_limits(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"burst": "3/min", "sustained": "1000/hour"},
    }


def test_throttling_is_per_token_with_retry_after(world, tight_limits):
    client, second_token = token_client(world.editor), token_client(world.editor)
    for _request in range(3):
        assert client.get(LIST_URL).status_code == 200
    throttled = client.get(LIST_URL)
    assert_problem(throttled, 429, "throttled")
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert second_token.get(LIST_URL).status_code == 200


def test_the_sustained_limit_applies_too(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"burst": "100/min", "sustained": "2/hour"},
    }
    client = token_client(world.editor)
    assert client.get(LIST_URL).status_code == 200
    assert client.get(LIST_URL).status_code == 200
    throttled = client.get(LIST_URL)
    assert_problem(throttled, 429, "throttled")
    assert int(throttled["Retry-After"]) > 60
