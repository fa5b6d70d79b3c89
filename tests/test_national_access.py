"""Who sees what of the national dashboard: page, exports and drill-down (the API in
test_national_api.py). National governance and platform admins: every region; regional staff:
their own regions' rows and the national totals; everyone else: nothing."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from .tenancy import assert_url_not_found

pytestmark = pytest.mark.django_db

PAGES = ["national:dashboard", "national:export_csv", "national:export_xlsx"]


def export_rows(response) -> list[list]:
    """The rows of a CSV or xlsx export, header first."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")  # a byte-order mark, for Excel
        return list(csv.reader(io.StringIO(text[1:])))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def exported_codes(client, url_name) -> list[str]:
    return [row[0] for row in export_rows(client.get(reverse(url_name)))[1:]]


@pytest.mark.parametrize("who", ["national", "platform_admin"])
def test_national_governance_and_admins_see_every_region(client, world, who):
    client.force_login(getattr(world, who))

    page = client.get(reverse("national:dashboard"))
    assert page.status_code == 200
    assert world.region.name in page.text and world.other_region.name in page.text
    for url_name in ("national:export_csv", "national:export_xlsx"):
        assert exported_codes(client, url_name) == [world.other_region.code, world.region.code]
    for region in (world.region, world.other_region):
        assert client.get(reverse("national:region", args=[region.code])).status_code == 200


@pytest.mark.parametrize("who", ["admin", "editor", "viewer"])
def test_regional_staff_see_their_own_row_and_the_national_totals_only(client, world, who):
    client.force_login(getattr(world, who))

    page = client.get(reverse("national:dashboard"))
    assert page.status_code == 200
    assert world.region.name in page.text
    # nowhere: not in the table, the coverage chart, the filter choices or the drill-down links
    assert world.other_region.name not in page.text
    assert world.other_region.code not in page.text
    assert "U ziet de rijen van uw eigen regio" in page.text
    # the national totals count both regions
    assert page.context["totals"].regions == 2
    for url_name in ("national:export_csv", "national:export_xlsx"):
        assert exported_codes(client, url_name) == [world.region.code]
    own = reverse("national:region", args=[world.region.code])
    assert client.get(own).status_code == 200
    client.logout()
    other = reverse("national:region", args=[world.other_region.code])
    assert_url_not_found(client, other, getattr(world, who))


def test_staff_of_the_other_region_see_only_theirs(client, world):
    client.force_login(world.other_region_editor)
    page = client.get(reverse("national:dashboard"))
    assert world.other_region.name in page.text and world.region.name not in page.text
    assert exported_codes(client, "national:export_csv") == [world.other_region.code]
    client.logout()
    assert_url_not_found(
        client, reverse("national:region", args=[world.region.code]), world.other_region_editor
    )


def test_staff_cannot_filter_on_another_regions_lead_insurer(client, world):
    world.other_region.lead_insurer = world.unrelated_insurer
    world.other_region.save()
    client.force_login(world.editor)
    url = reverse("national:export_csv") + f"?lead_insurer={world.unrelated_insurer.pk}"
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("who", ["coordinator", "party_insurer_member", "unrelated_insurer_member"])
def test_insurers_and_coordinators_see_nothing(client, world, who):
    user = getattr(world, who)
    client.force_login(user)
    for url_name in PAGES:
        response = client.get(reverse(url_name))
        assert response.status_code == 403, url_name
        assert world.region.name not in response.content.decode()
    client.logout()
    for region in (world.region, world.other_region):
        assert_url_not_found(client, reverse("national:region", args=[region.code]), user)


def test_drill_down_into_an_unknown_region_is_404(client, world):
    assert_url_not_found(
        client, reverse("national:region", args=["bestaat-niet"]), world.national, world.editor
    )


@pytest.mark.parametrize("url_name", PAGES)
def test_anonymous_users_are_sent_to_the_login(client, world, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_drill_down_is_sent_to_the_login(client, world):
    response = client.get(reverse("national:region", args=[world.region.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", PAGES)
def test_read_only(client, world, url_name):
    client.force_login(world.national)
    assert client.post(reverse(url_name)).status_code == 405
