"""Services added for the staff pages: guarded updates, neighbourhoods, mandates, members,
the regioplan."""

import datetime

import pytest

from mandates import services as mandate_services
from mandates.models import Mandate, MandateStatus
from neighbourhoods import services as neighbourhood_services
from regions import services
from regions.errors import DomainError
from regions.models import RegionMembership, VisionGoal
from regions.tenancy import Role

from . import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


def test_create_and_update_a_neighbourhood(world):
    hood = neighbourhood_services.create_neighbourhood(
        world.editor, world.region, name="Zuilen", municipality="Utrecht", population=14_000
    )
    assert hood.region == world.region
    token = hood.edit_token
    updated = neighbourhood_services.update_neighbourhood(
        world.editor, hood, token=token, population=16_000
    )
    assert updated.population == 16_000 and updated.edit_token != token


def test_an_update_from_a_stale_copy_is_refused_and_changes_nothing(world):
    hood = world.neighbourhood
    stale = hood.edit_token
    neighbourhood_services.update_neighbourhood(world.editor, hood, token=stale, population=11_000)
    with pytest.raises(DomainError) as error:
        neighbourhood_services.update_neighbourhood(
            world.admin, hood, token=stale, population=19_000
        )
    assert error.value.codes == ["stale"] and error.value.conflict
    hood.refresh_from_db()
    assert hood.population == 11_000


def test_an_invalid_update_changes_nothing(world):
    hood = world.neighbourhood
    with pytest.raises(DomainError) as error:
        neighbourhood_services.update_neighbourhood(
            world.editor,
            hood,
            token=hood.edit_token,
            name="Lombok",  # taken in the region
        )
    assert error.value.codes == ["duplicate"]
    hood.refresh_from_db()
    assert hood.name == "Oog in Al"


def test_update_contact_keeps_it_in_its_neighbourhood(world):
    contact = f.AllianceContactFactory(neighbourhood=world.neighbourhood)
    updated = neighbourhood_services.update_contact(
        world.coordinator, contact, token=contact.edit_token, phone="030-1234567"
    )
    assert updated.phone == "030-1234567"
    with pytest.raises(TypeError):
        neighbourhood_services.update_contact(
            world.editor,
            contact,
            token=updated.edit_token,
            neighbourhood=world.other_neighbourhood_same_region,
        )


def test_update_mandate_and_the_revoked_mandate_stays_as_it_was(world):
    mandate = f.MandateFactory(region=world.region)
    mandate = mandate_services.update_mandate(
        world.editor, mandate, token=mandate.edit_token, delegate_name="Nieuwe Naam"
    )
    assert Mandate.objects.get(pk=mandate.pk).delegate_name == "Nieuwe Naam"
    with pytest.raises(DomainError) as error:
        mandate_services.update_mandate(
            world.editor, mandate, token=mandate.edit_token, backing_practitioners=500
        )
    assert error.value.problems[0].field == "backing_practitioners"
    mandate_services.revoke_mandate(world.editor, mandate, on=mandate.valid_from, reason="Opgezegd")
    mandate.refresh_from_db()
    with pytest.raises(DomainError) as error:
        mandate_services.update_mandate(
            world.editor, mandate, token=mandate.edit_token, delegate_name="Later"
        )
    assert error.value.codes == ["revoked"]


@pytest.mark.parametrize("day", [D(2025, 6, 1), D(2026, 3, 1), D(2027, 11, 1), D(2028, 2, 1)])
def test_with_status_selects_what_status_on_says(world, day):
    standing = D(2026, 6, 1)  # the factories' mandates: 2026-01-01 .. 2027-12-31
    f.MandateFactory(region=world.region, today=standing)
    f.MandateFactory(region=world.region, valid_until=None, today=standing)
    f.MandateFactory(region=world.region, valid_until=D(2026, 4, 1), today=standing)
    revoked = f.MandateFactory(region=world.region, today=standing)
    mandate_services.revoke_mandate(world.editor, revoked, on=D(2026, 2, 1), reason="Gestopt")
    mandates = Mandate.objects.in_region(world.region)
    for status in MandateStatus:
        expected = {m.pk for m in mandates if m.status_on(day) == status}
        selected = set(mandates.with_status(status, day).values_list("pk", flat=True))
        assert selected == expected, status


def test_regioplan_goals_and_actions(world):
    goal = services.create_goal(
        world.editor, world.region, vision_goal=VisionGoal.USE_CAPACITY, title="Meer capaciteit"
    )
    action = services.create_action(world.editor, goal, title="Inventariseren", owner="Regio")
    assert action.region == world.region
    with pytest.raises(DomainError) as error:
        services.create_goal(
            world.editor, world.region, vision_goal=VisionGoal.USE_CAPACITY, title="Meer capaciteit"
        )
    assert error.value.codes == ["duplicate"]


def test_inviting_a_new_person_creates_an_account_without_a_password(world):
    membership = services.invite_member(
        world.admin, world.region, email=" Nieuw@Example.test ", first_name="Nina", role=Role.EDITOR
    )
    user = membership.user
    assert (user.email, user.username, membership.role) == (
        "nieuw@example.test",
        "nieuw@example.test",
        Role.EDITOR,
    )
    assert not user.has_usable_password()


def test_inviting_someone_who_already_has_an_account_or_membership(world):
    membership = services.invite_member(
        world.admin, world.region, email=world.other_region_editor.email, role=Role.VIEWER
    )
    assert membership.user == world.other_region_editor
    with pytest.raises(DomainError) as error:
        services.invite_member(world.admin, world.region, email=world.viewer.email, role="editor")
    assert error.value.codes == ["already_member"]
    with pytest.raises(DomainError) as error:
        services.invite_member(
            world.admin, world.region, email="x@example.test", role="coordinator"
        )
    assert error.value.codes == ["role"]


def test_a_region_keeps_at_least_one_admin(world):
    admin = RegionMembership.objects.get(user=world.admin, region=world.region)
    with pytest.raises(DomainError) as error:
        services.set_role(world.admin, admin, role=Role.EDITOR, token=admin.edit_token)
    assert error.value.codes == ["last_admin"]
    editor = RegionMembership.objects.get(user=world.editor, region=world.region)
    services.set_role(world.admin, editor, role=Role.ADMIN, token=editor.edit_token)
    admin.refresh_from_db()
    assert (
        services.set_role(world.editor, admin, role=Role.VIEWER, token=admin.edit_token).role
        == Role.VIEWER
    )
