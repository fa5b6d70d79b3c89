"""/health/ (used by compose) and `manage.py check_services` (used by make)."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
def test_health_answers_ok_when_postgres_and_redis_answer(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    body = response.json()
    assert body.pop("database_server") == f"PostgreSQL {connection.pg_version // 10000}"
    # The machine's Redis, or the embedded Valkey of `make test`.
    assert re.fullmatch(r"(Redis|Valkey) \d+", body.pop("redis_server"))
    assert body == {"status": "ok", "database": "ok", "redis": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_names_redis_unavailable(client, settings):
    settings.REDIS_URL = CLOSED_PORT_REDIS

    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "redis": "unavailable",
        "database_server": f"PostgreSQL {connection.pg_version // 10000}",
        "redis_server": None,
    }


@pytest.mark.django_db
def test_health_is_get_only(client):
    assert client.post(reverse("health")).status_code == 405


@pytest.mark.django_db
def test_health_needs_no_login(client):
    response = client.get(reverse("health"), follow=False)

    assert response.status_code == 200
    assert "Location" not in response


def test_check_services_names_redis_when_it_does_not_answer(settings):
    settings.REDIS_URL = CLOSED_PORT_REDIS

    with pytest.raises(CommandError) as raised:
        call_command("check_services")

    message = str(raised.value)
    assert "Redis" in message
    assert "127.0.0.1:1" in message
    assert "docker compose up -d db redis" in message


def test_check_services_names_postgres_when_it_does_not_answer(monkeypatch):
    # A copy in place of the 'default' entry: the test database connection keeps the dict it
    # was made with, and the command opens its own connection with psycopg.connect.
    unreachable = {**django_settings.DATABASES["default"], "HOST": "127.0.0.1", "PORT": 1}
    monkeypatch.setitem(django_settings.DATABASES, "default", unreachable)

    with pytest.raises(CommandError) as raised:
        call_command("check_services")

    message = str(raised.value)
    assert "PostgreSQL" in message
    assert "127.0.0.1:1" in message
    assert "docker compose up -d db redis" in message


def test_check_services_passes_when_both_answer(capsys):
    call_command("check_services")

    assert "answer" in capsys.readouterr().out


@pytest.mark.django_db
def test_health_is_not_redirected_to_https_by_production_settings(client, settings):
    # Compose's healthcheck speaks plain HTTP to 127.0.0.1:8000 behind the TLS proxy.
    from config.settings import prod

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = prod.SECURE_REDIRECT_EXEMPT

    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("login")).status_code == 301
