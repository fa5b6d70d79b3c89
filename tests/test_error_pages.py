"""403, 404 and 500 are Dutch pages in the site's layout with a way back; under /api/ errors stay
problem+json."""

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def assert_site_page(response, status, heading):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    text = response.text
    assert '<html lang="nl">' in text
    assert 'class="topbar"' in text  # the site's header, with its way home
    assert heading in text
    assert f'href="{reverse("home")}"' in text.split("<main")[1]  # and a way back from the page


def test_a_viewer_on_an_edit_page_gets_the_dutch_403(client, world):
    client.force_login(world.viewer)
    response = client.get(reverse("staff:mandate_create", args=[world.region.code]))
    assert_site_page(response, 403, "Geen toegang")
    assert world.viewer.get_full_name() in response.text  # signed in, with the user menu


@pytest.mark.parametrize("who", ["party_insurer_member", "coordinator"])
def test_those_without_access_to_the_dashboard_get_the_dutch_403(client, world, who):
    client.force_login(getattr(world, who))
    assert_site_page(client.get(reverse("national:dashboard")), 403, "Geen toegang")


def test_an_unknown_page_is_the_dutch_404(client, world):
    assert_site_page(client.get("/bestaat-niet/"), 404, "Pagina niet gevonden")
    client.force_login(world.editor)
    response = client.get(reverse("staff:neighbourhood_detail", args=[world.region.code, 0]))
    assert_site_page(response, 404, "Pagina niet gevonden")


def test_an_old_form_is_the_dutch_csrf_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "iemand", "password": "x"})
    assert_site_page(response, 403, "Formulier verlopen")


def test_the_500_page_renders_without_a_request_or_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert '<html lang="nl">' in html and "Er ging iets mis" in html
    assert 'href="/"' in html


def test_a_failing_page_is_the_dutch_500(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/kapot/")
    assert response.status_code == 500
    assert '<html lang="nl">' in response.text and "Er ging iets mis" in response.text


def test_english_error_pages_say_so(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in client.get("/bestaat-niet/").text


@pytest.mark.parametrize(
    ("path", "status"), [("/api/v1/bestaat-niet/", 404), ("/api/v1/kapot/", 500)]
)
def test_errors_under_the_api_stay_problem_json(settings, path, status):
    settings.ROOT_URLCONF = "tests.error_urls"
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
