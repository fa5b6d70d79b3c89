"""Where a login lands, and who finds the national dashboard in the header: national governance
lands on it; someone with several places to work chooses, the dashboard among them."""

import re

import pytest
from django.urls import reverse

from regions.tenancy import Role
from security.services import requires_otp

from . import factories as f
from .otp_helpers import authenticator, code_now

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("national:dashboard")


def landing(client, user):
    """The page a login of ``user`` ends on (its URL and the response), after the second factor
    for those whose role needs one."""
    device = authenticator(user) if requires_otp(user) else None
    response = client.post(
        reverse("login"), {"username": user.username, "password": f.TEST_PASSWORD}, follow=True
    )
    if device is not None:
        assert response.redirect_chain[-1][0].startswith(reverse("otp_verify"))
        response = client.post(reverse("otp_verify"), {"code": code_now(device)}, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0] if response.redirect_chain else None, response


def header_links_to_dashboard(response) -> bool:
    header = response.text.split("</header>")[0]
    return f'href="{DASHBOARD}"' in header


def test_national_governance_lands_on_the_dashboard(client, world):
    url, response = landing(client, world.national)
    assert url == DASHBOARD
    assert "Kies een regio" not in response.text
    assert header_links_to_dashboard(response)
    assert re.search(rf'href="{DASHBOARD}" aria-current="page"', response.text)


def test_staff_of_one_region_land_on_it_and_find_the_dashboard_in_the_header(client, world):
    url, response = landing(client, world.editor)
    assert url == reverse("staff:region_home", args=[world.region.code])
    assert header_links_to_dashboard(response)


def test_staff_who_are_national_governance_too_choose_between_region_and_dashboard(client, world):
    user = f.MembershipFactory(region=world.region, role=Role.EDITOR, user__national=True).user
    url, response = landing(client, user)
    assert url == reverse("home")
    main = response.text.split("<main")[1]
    assert f'href="{DASHBOARD}"' in main
    assert f'href="{reverse("staff:region_home", args=[world.region.code])}"' in main
    assert world.other_region.name not in main


def test_staff_of_two_regions_choose_between_them_and_their_dashboard(client, world):
    f.MembershipFactory(region=world.other_region, role=Role.VIEWER, user=world.editor)
    url, response = landing(client, world.editor)
    assert url == reverse("home")
    main = response.text.split("<main")[1]
    assert f'href="{DASHBOARD}"' in main
    assert world.region.name in main and world.other_region.name in main


def test_platform_admins_choose_between_every_region_and_the_dashboard(client, world):
    url, response = landing(client, world.platform_admin)
    assert url == reverse("home")
    main = response.text.split("<main")[1]
    assert f'href="{DASHBOARD}"' in main
    assert world.region.name in main and world.other_region.name in main


@pytest.mark.parametrize("who", ["party_insurer_member", "coordinator"])
def test_those_who_may_not_see_the_dashboard_get_no_link_to_it(client, world, who):
    user = getattr(world, who)
    _url, response = landing(client, user)
    assert not header_links_to_dashboard(response)
    assert f'href="{DASHBOARD}"' not in response.text
    assert not header_links_to_dashboard(client.get(reverse("password_change")))


def test_staff_find_the_dashboard_in_the_header_on_pages_outside_their_region(client, world):
    client.force_login(world.viewer)
    assert header_links_to_dashboard(client.get(reverse("password_change")))
