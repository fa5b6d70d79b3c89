"""Every staff URL: outsiders get 404, viewers 403 on what changes, anonymous users a login."""

import pytest
from django.urls import reverse

from .staff_pages import staff_objects, staff_urls
from .tenancy import assert_url_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(world):
    return staff_urls(world, staff_objects(world))


def test_every_staff_url_is_covered(pages):
    from staff import urls

    assert {page.name for page in pages} == {pattern.name for pattern in urls.urlpatterns}


def test_other_regions_and_insurers_get_404_everywhere(client, world, pages):
    for page in pages:
        assert_url_not_found(client, page.url, *world.outsiders.values(), method=page.method)


def test_an_unknown_region_is_404(client, world):
    assert_url_not_found(client, reverse("staff:region_home", args=["bestaat-niet"]), world.editor)


def test_objects_of_another_region_are_404_under_ones_own_region(client, world):
    """The region in the URL does not unlock another region's objects."""
    from . import factories as f

    foreign = f.NeighbourhoodFactory(region=world.other_region)
    url = reverse("staff:neighbourhood_detail", args=[world.region.code, foreign.pk])
    assert_url_not_found(client, url, world.editor, world.admin)
    url = reverse("staff:neighbourhood_detail", args=[world.other_region.code, foreign.pk])
    assert_url_not_found(client, url, world.editor)


def test_anonymous_users_are_sent_to_the_login(client, pages):
    for page in pages:
        response = getattr(client, page.method)(page.url)
        assert response.status_code == 302, page.name
        assert response.url.startswith(reverse("login")), page.name


def test_viewers_see_but_may_not_change(client, world, pages):
    client.force_login(world.viewer)
    for page in pages:
        response = getattr(client, page.method)(page.url)
        expected = 403 if page.changes else 200
        assert response.status_code == expected, f"{page.name}: {response.status_code}"


def test_editors_reach_every_page(client, world, pages):
    client.force_login(world.editor)
    for page in pages:
        if page.method == "get":
            status = client.get(page.url).status_code
            admin_only = (
                "member_invite",
                "development_phase",
                "development_facts",
                "development_task",
                "contact_anonymise",
                "mandate_anonymise",
                "changes",
            )
            expected = 403 if page.name in admin_only else 200
            assert status == expected, f"{page.name}: {status}"


def test_viewers_see_no_edit_buttons(client, world, pages):
    client.force_login(world.viewer)
    changing = [page.url for page in pages if page.changes]
    for page in pages:
        if not page.changes:
            text = client.get(page.url).text
            assert not [url for url in changing if f'"{url}"' in text], page.name
            assert "Bewerken" not in text, page.name


COORDINATOR_PAGES = {
    "neighbourhood_list": 200,
    "neighbourhood_detail": 200,
    "contact_create": 200,
    "contact_edit": 200,
    "bottleneck_list": 200,
    "bottleneck_resolve": 200,
    "region_home": 302,  # to their neighbourhoods
    "neighbourhood_edit": 403,  # the neighbourhood itself is the region's
    "mandate_list": 403,
    "agreement_list": 403,
    "plan": 403,
    "members": 403,
}


def test_coordinators_work_in_their_own_neighbourhood_only(client, world, pages):
    client.force_login(world.coordinator)
    by_name = {page.name: page for page in pages}
    for name, expected in COORDINATOR_PAGES.items():
        status = client.get(by_name[name].url).status_code
        assert status == expected, f"{name}: {status}"
    other = world.other_neighbourhood_same_region.pk
    for name in ("neighbourhood_detail", "contact_create"):
        url = reverse(f"staff:{name}", args=[world.region.code, other])
        assert_url_not_found(client, url, world.coordinator)
