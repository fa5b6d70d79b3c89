"""GET /api/v1/agreements/{id}/history/ (issue 16, item 5): the changes of an agreement and its
rows for those who may read it; names only of the caller's own colleagues, never of another
party's staff."""

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementParty
from agreements.services import update_draft
from config.history import acting_as

from . import factories as f
from .api_helpers import assert_problem, token_client

pytestmark = pytest.mark.django_db


def history_url(agreement):
    return reverse("api:agreement-history", args=[agreement.pk])


@pytest.fixture
def changed(world):
    """The region's editor renames the agreement; a member of the party insurer and one of a
    second insurer party each touch their party row."""
    world.editor.first_name, world.editor.last_name = "Eva", "Regiomedewerker"
    world.editor.save()
    world.party_insurer_member.first_name = "Ingrid"
    world.party_insurer_member.last_name = "Eigenverzekeraar"
    world.party_insurer_member.save()
    second = f.OrganisationFactory(insurer=True, regions=[world.region], name="Tweede Fictief")
    f.PartyFactory(agreement=world.agreement, organisation=second)
    colleague = f.UserFactory(first_name="Otto", last_name="Andereverzekeraar")
    second.group.user_set.add(colleague)
    agreement = update_draft(world.editor, world.agreement, title="Nieuwe titel Fictief")
    for user, insurer in ((world.party_insurer_member, world.party_insurer), (colleague, second)):
        with acting_as(user):
            AgreementParty.objects.filter(agreement=agreement, organisation=insurer).update(
                follow_requested_at=timezone.now()
            )
    return agreement


def test_a_party_insurer_reads_the_history_without_other_parties_staff(world, changed):
    response = token_client(world.party_insurer_member).get(history_url(changed))

    assert response.status_code == 200
    body = response.json()
    text = response.content.decode()
    rows = body["results"]
    assert body["count"] == len(rows) >= 4
    renamed = next(r for r in rows if r["kind"] == "afspraak" and r["action"] == "update")
    assert {"label": "Titel", "before": renamed["changes"][0]["before"]} == {
        k: renamed["changes"][0][k] for k in ("label", "before")
    }
    assert renamed["changes"][0]["after"] == "Nieuwe titel Fictief"
    assert renamed["actor"] == world.region.name
    actors = {r["actor"] for r in rows if r["kind"] == "partij"}
    assert {"Ingrid Eigenverzekeraar", "Tweede Fictief"} <= actors
    for personal in ("Regiomedewerker", "Andereverzekeraar", world.editor.username, "@"):
        assert personal not in text


def test_other_regions_and_unrelated_insurers_get_404(world, changed):
    for user in (world.other_region_editor, world.unrelated_insurer_member, world.national):
        response = token_client(user).get(history_url(changed))
        assert_problem(response, 404)
    assert token_client(None).get(history_url(changed)).status_code == 401
