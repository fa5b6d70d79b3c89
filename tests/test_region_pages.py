import pytest
from django.urls import reverse

from regions.models import RegionTask, TaskStatus

from .tenancy import assert_url_not_found

pytestmark = pytest.mark.django_db


def test_region_page_shows_phase_and_the_five_main_tasks(client, world):
    RegionTask.objects.create(region=world.region, task=4, status=TaskStatus.IN_PLACE)
    client.force_login(world.viewer)
    response = client.get(reverse("regions:detail", args=[world.region.code]))
    assert response.status_code == 200
    assert response.text.count("<tr><td>") == 5
    assert "netwerkfase" in response.text and "ingericht" in response.text


@pytest.mark.parametrize("who", ["editor", "coordinator", "party_insurer_member", "platform_admin"])
def test_region_page_for_those_who_may_see_the_region(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("regions:detail", args=[world.region.code])).status_code == 200


def test_region_page_is_404_for_outsiders(client, world):
    url = reverse("regions:detail", args=[world.region.code])
    assert_url_not_found(client, url, *world.outsiders.values())
    assert_url_not_found(client, reverse("regions:detail", args=["bestaat-niet"]), world.editor)


def test_region_page_needs_a_login(client, world):
    response = client.get(reverse("regions:detail", args=[world.region.code]))
    assert response.status_code == 302


def test_region_page_query_count(client, world, django_assert_num_queries):
    client.force_login(world.editor)
    url = reverse("regions:detail", args=[world.region.code])
    client.get(url)
    # session, user, region (scoped, with lead insurer), task statuses
    with django_assert_num_queries(4):
        client.get(url)
