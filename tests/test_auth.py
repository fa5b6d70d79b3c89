import pytest
from django.urls import reverse

from . import factories as f

pytestmark = pytest.mark.django_db


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_dutch(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="nl"' in response.text and "Inloggen" in response.text


def test_passwords_are_hashed_with_argon2():
    assert f.UserFactory().password.startswith("argon2$")


def test_login_lands_on_the_users_own_regions(client, world):
    response = log_in(client, world.editor.username, f.TEST_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    home = client.get(reverse("home"), follow=True)
    assert world.region.name in home.text
    assert world.other_region.name not in home.text


def test_home_needs_a_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_repeated_failed_logins_lock_the_account_out(client, settings):
    user = f.UserFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, user.username, "fout").status_code == 200
    assert log_in(client, user.username, "fout").status_code == 429
    locked = log_in(client, user.username, f.TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.text
    assert "_auth_user_id" not in client.session
