"""What a user may do, decided in one place (regions.permissions), and the check after a write."""

import pytest
from django.contrib.auth.models import AnonymousUser
from pghistory.models import Events

from agreements.models import Agreement
from neighbourhoods.models import AllianceContact
from regions import services
from regions.errors import DomainError, Refused
from regions.models import RegionGoal
from regions.permissions import Action, Role, may, require

from . import factories as f

pytestmark = pytest.mark.django_db

WHO = (
    "admin",
    "editor",
    "viewer",
    "coordinator",
    "other_region_editor",
    "party_insurer_member",
    "unrelated_insurer_member",
    "national",
    "platform_admin",
    "anonymous",
)


def row(*allowed):
    return tuple(who in allowed for who in WHO)


STAFF = ("admin", "editor", "viewer", "platform_admin")
CHANGERS = ("admin", "editor", "platform_admin")

# (action, target in the world, who may) — one row per question the platform asks.
TABLE = [
    (Action.VIEW, "region", row(*STAFF)),
    (Action.CHANGE, "region", row(*CHANGERS)),
    (Action.ADMINISTER, "region", row("admin", "platform_admin")),
    (Action.REQUEST_DOCUMENT, "region", row(*STAFF)),
    (Action.KEEP_ALLIANCE, "neighbourhood", row(*CHANGERS, "coordinator")),
    (Action.KEEP_ALLIANCE, "other_neighbourhood_same_region", row(*CHANGERS)),
    (Action.VIEW, "agreement", row(*STAFF, "party_insurer_member")),
    (Action.CHANGE, "agreement", row(*CHANGERS)),
    (Action.REVIEW, "agreement", row("party_insurer_member")),
    (Action.CHANGE, Agreement, row(*CHANGERS, "other_region_editor")),
    (Action.SEE_NATIONAL, None, row("national", "platform_admin")),
]


@pytest.mark.parametrize(("action", "target", "allowed"), TABLE, ids=lambda v: str(v))
def test_may_answers_each_role(world, action, target, allowed):
    if isinstance(target, str):
        target = getattr(world, target)
    users = [AnonymousUser() if who == "anonymous" else getattr(world, who) for who in WHO]
    answers = tuple(may(user, action, target) for user in users)
    assert dict(zip(WHO, answers, strict=True)) == dict(zip(WHO, allowed, strict=True))


def test_an_inactive_user_may_do_nothing(world):
    world.platform_admin.is_active = False
    world.editor.is_active = False
    assert not may(world.platform_admin, Action.CHANGE, world.region)
    assert not may(world.editor, Action.VIEW, world.agreement)


def test_require_refuses_with_a_code_and_the_actions_message(world):
    with pytest.raises(Refused) as refused:
        require(world.viewer, Action.CHANGE, world.region)
    assert refused.value.codes == ["permission_denied"]
    assert refused.value.problems[0].message == "U mag dit niet wijzigen."


def test_update_row_cannot_move_a_row_to_another_region(world):
    # Not even for someone who may change both regions.
    f.MembershipFactory(user=world.editor, region=world.other_region, role=Role.EDITOR)
    goal = f.RegionGoalFactory(region=world.region)

    with pytest.raises(DomainError) as refused:
        services.update_row(
            world.editor, goal, token=goal.edit_token, region=world.other_region, title="Verhuisd"
        )

    assert refused.value.codes == ["region_fixed"]
    goal = RegionGoal.objects.get(pk=goal.pk)
    assert goal.region == world.region
    assert goal.title != "Verhuisd"


def test_a_write_that_leaves_the_actors_reach_is_rolled_back(world):
    """A coordinator may change the contacts of their own neighbourhood; saved under another
    neighbourhood of the same region the row would no longer be theirs: the row and its
    history event are rolled back."""
    contact = f.AllianceContactFactory(neighbourhood=world.neighbourhood, name="A. Huisarts")
    events = Events.objects.filter(
        pgh_obj_model="neighbourhoods.AllianceContact", pgh_obj_id=str(contact.pk)
    )
    before = events.count()

    with pytest.raises(Refused):
        services.update_row(
            world.coordinator,
            contact,
            token=contact.edit_token,
            neighbourhood=world.other_neighbourhood_same_region,
            name="B. Huisarts",
        )

    contact = AllianceContact.objects.get(pk=contact.pk)
    assert (contact.neighbourhood, contact.name) == (world.neighbourhood, "A. Huisarts")
    assert events.count() == before
    # Within reach, the same write goes through.
    services.update_row(world.coordinator, contact, token=contact.edit_token, name="B. Huisarts")
    assert AllianceContact.objects.get(pk=contact.pk).name == "B. Huisarts"
