"""The change history covers the region itself, memberships, grants, main tasks, the regioplan
and indicators (issue 11, item 6): every change is an event with its author. An agreement's
moves through its statuses are named events ("ingediend", "goedgekeurd"), in place of an
unnamed update. A region's history shows none of another region's events."""

import datetime
import re

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm, remove_perm
from pghistory.models import MiddlewareEvents

from agreements.models import VIEW_PERMISSION, AgreementGroupObjectPermission, AgreementStatus
from config.history import acting_as, event_name
from neighbourhoods.models import BottleneckTheme, NeighbourhoodUserObjectPermission
from neighbourhoods.services import (
    escalate_bottleneck,
    grant_coordinator,
    record_bottleneck,
    resolve_bottleneck,
)
from progress import services as progress
from regions import services
from regions.models import (
    ActionStatus,
    IndicatorKind,
    MainTask,
    Phase,
    Region,
    RegionMembership,
    RegionTask,
    TaskStatus,
)
from regions.tenancy import Role
from staff.views.changes import region_events

from . import factories as f
from .api_helpers import token_client

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)


def events_of(obj):
    return list(MiddlewareEvents.objects.tracks(obj).select_related("user").order_by("pgh_id"))


def last_event(obj):
    return events_of(obj)[-1]


def page_text(client, user, region) -> str:
    client.force_login(user)
    response = client.get(reverse("staff:changes", args=[region.code]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def test_a_role_change_is_recorded_with_its_author(world):
    membership = RegionMembership.objects.get(user=world.viewer, region=world.region)
    services.set_role(world.admin, membership, role=Role.EDITOR)

    event = last_event(membership)
    assert (event.pgh_label, event.user) == ("update", world.admin)
    assert event.pgh_diff["role"] == ["viewer", "editor"]
    assert event.pgh_data["region_id"] == world.region.pk


def test_a_phase_and_lead_insurer_change_are_events_of_the_region(world):
    progress.change_phase(
        world.admin, world.region, phase=Phase.AGREEMENTS, changed_on=TODAY, reason="Afspraken"
    )
    with acting_as(world.platform_admin):
        Region.objects.filter(pk=world.region.pk).update(lead_insurer=world.party_insurer)

    phase, lead = events_of(world.region)[-2:]
    assert (phase.user, phase.pgh_diff["phase"]) == (world.admin, ["network", "agreements"])
    assert lead.user == world.platform_admin
    assert lead.pgh_diff["lead_insurer_id"] == [None, world.party_insurer.pk]
    assert phase.pgh_data["region_id"] == lead.pgh_data["region_id"] == world.region.pk


def test_a_main_task_status_change_is_recorded_with_its_author(world):
    task = MainTask.NEIGHBOURHOOD_ALLIANCES
    for status in (TaskStatus.IN_PROGRESS, TaskStatus.IN_PLACE):
        progress.change_task(
            world.admin, world.region, task, status=status, changed_on=TODAY, reason="Stap"
        )

    event = last_event(RegionTask.objects.get(region=world.region, task=task))
    assert (event.pgh_label, event.user) == ("update", world.admin)
    assert event.pgh_diff["status"] == ["in_progress", "in_place"]


def test_goal_action_and_indicator_edits_are_recorded_with_their_author(world):
    goal = services.create_goal(
        world.editor, world.region, vision_goal=5, title="Elke wijk een wijkverband"
    )
    action = services.create_action(world.editor, goal, title="Kick-off", owner="Werkgroep")
    indicator = services.create_indicator(
        world.editor, world.region, kind=IndicatorKind.SHARE_75_PLUS, year=2025, value=11
    )
    services.update_row(world.admin, goal, token=goal.edit_token, title="Alle wijken gedekt")
    services.update_row(world.admin, action, token=action.edit_token, status=ActionStatus.DONE)
    services.update_row(world.admin, indicator, token=indicator.edit_token, value=12)

    for row, field, change, label in (
        (goal, "title", ["Elke wijk een wijkverband", "Alle wijken gedekt"], "update"),
        (action, "status", ["planned", "done"], "completed"),  # a status move is named
        (indicator, "value", [11.0, 12.0], "update"),
    ):
        made, edited = events_of(row)
        assert (made.pgh_label, made.user) == ("insert", world.editor)
        assert (edited.pgh_label, edited.user) == (label, world.admin)
        assert edited.pgh_diff[field] == change
        assert edited.pgh_data["region_id"] == world.region.pk


def test_grants_are_events_of_the_region_of_what_they_are_on(world):
    insurer = world.unrelated_insurer.group
    person = f.UserFactory()
    with acting_as(world.platform_admin):
        assign_perm(f"agreements.{VIEW_PERMISSION}", insurer, world.agreement)
        grant = AgreementGroupObjectPermission.objects.get(group=insurer)
        remove_perm(f"agreements.{VIEW_PERMISSION}", insurer, world.agreement)
    with acting_as(world.admin):
        grant_coordinator(world.other_neighbourhood_same_region, person)
    coordinator = NeighbourhoodUserObjectPermission.objects.get(user=person)

    given, taken = events_of(grant)
    assert [given.pgh_label, taken.pgh_label] == ["insert", "delete"]
    assert given.user == taken.user == world.platform_admin
    assert given.pgh_data["region_id"] == taken.pgh_data["region_id"] == world.region.pk
    (named,) = events_of(coordinator)
    assert (named.pgh_label, named.user) == ("insert", world.admin)
    assert named.pgh_data["region_id"] == world.region.pk


def test_status_moves_of_an_agreement_are_named_events(world):
    f.move_to(world.agreement, AgreementStatus.APPROVED, today=TODAY)
    services.update_row(world.admin, world.agreement, token=None, title="Herzien")

    events = events_of(world.agreement)
    assert [e.pgh_label for e in events] == ["insert", "submitted", "approved", "update"]
    submitted = events[1]
    assert submitted.user == f.region_editor(world.region)
    assert submitted.pgh_diff["status"] == ["draft", "in_review"]
    assert [event_name(type(world.agreement), e.pgh_label) for e in events] == [
        "aangemaakt",
        "ingediend",
        "goedgekeurd",
        "gewijzigd",
    ]


def test_a_bottlenecks_status_moves_are_named_events(world):
    bottleneck = record_bottleneck(
        world.editor,
        world.neighbourhood,
        theme=BottleneckTheme.values[0],
        description="Geen waarneming in de avond",
    )
    escalate_bottleneck(world.editor, bottleneck)
    resolve_bottleneck(world.editor, bottleneck, resolution="Rooster afgesproken")

    events = events_of(bottleneck)
    labels = [event_name(type(bottleneck), e.pgh_label) for e in events]
    assert labels[0] == "aangemaakt" and labels[-1] == "opgelost"
    assert events[-1].pgh_diff["status"][1] == "resolved"
    assert events[-1].user == world.editor


def test_the_changes_page_shows_the_new_events_in_dutch(client, world):
    membership = RegionMembership.objects.get(user=world.viewer, region=world.region)
    services.set_role(world.admin, membership, role=Role.EDITOR)
    progress.change_phase(
        world.admin, world.region, phase=Phase.AGREEMENTS, changed_on=TODAY, reason="Afspraken"
    )
    f.move_to(world.agreement, AgreementStatus.IN_REVIEW, today=TODAY)
    with acting_as(world.platform_admin):
        assign_perm(f"agreements.{VIEW_PERMISSION}", world.unrelated_insurer.group, world.agreement)

    text = page_text(client, world.admin, world.region)

    editor = f.region_editor(world.region)
    assert f"{editor.get_full_name() or editor.username} Afspraak: " in text
    assert "ingediend Status: concept → ter beoordeling" in text
    assert f"Lidmaatschap van een regio: {world.viewer} Rol: lezer → bewerker" in text
    assert "Regio: Regio Fictief Utrecht-West Fase: netwerkfase → afsprakenfase" in text
    assert f"Recht op een afspraak: {world.unrelated_insurer.group} aangemaakt" in text
    assert "submitted" not in text


def test_the_api_history_names_the_submission(world):
    f.move_to(world.agreement, AgreementStatus.IN_REVIEW, today=TODAY)
    response = token_client(world.party_insurer_member).get(
        reverse("api:agreement-history", args=[world.agreement.pk])
    )
    assert [row["action"] for row in response.json()["results"] if row["kind"] == "afspraak"] == [
        "insert",
        "submitted",
    ]


def test_another_region_sees_none_of_these_events(client, world):
    membership = RegionMembership.objects.get(user=world.viewer, region=world.region)
    services.set_role(world.admin, membership, role=Role.EDITOR)
    progress.change_phase(
        world.admin, world.region, phase=Phase.AGREEMENTS, changed_on=TODAY, reason="Afspraken"
    )
    progress.change_task(
        world.admin,
        world.region,
        MainTask.CARE_PROGRAMMES,
        status=TaskStatus.IN_PROGRESS,
        changed_on=TODAY,
        reason="Start",
    )
    goal = services.create_goal(world.admin, world.region, vision_goal=1, title="Doel Fictief")
    services.create_action(world.admin, goal, title="Actie Fictief", owner="Werkgroep")
    services.create_indicator(
        world.admin, world.region, kind=IndicatorKind.GPS_PER_10000, year=2025, value=6
    )
    f.move_to(world.agreement, AgreementStatus.IN_REVIEW, today=TODAY)
    with acting_as(world.admin):
        assign_perm(f"agreements.{VIEW_PERMISSION}", world.unrelated_insurer.group, world.agreement)
        grant_coordinator(world.other_neighbourhood_same_region, f.UserFactory())
    other_admin = f.MembershipFactory(region=world.other_region, role=Role.ADMIN).user

    ours = {e.pgh_obj_model for e in region_events(world.region)}
    assert {
        "regions.Region",
        "regions.RegionMembership",
        "regions.RegionTask",
        "regions.RegionGoal",
        "regions.RegionAction",
        "regions.RegionIndicator",
        "agreements.Agreement",
        "agreements.AgreementGroupObjectPermission",
        "neighbourhoods.NeighbourhoodUserObjectPermission",
    } <= ours
    theirs = list(region_events(world.other_region))
    assert {e.pgh_data["region_id"] for e in theirs} == {world.other_region.pk}
    text = page_text(client, other_admin, world.other_region)
    for ours_only in (
        "Utrecht-West",
        "afsprakenfase",
        "Doel Fictief",
        "Actie Fictief",
        "ingediend",
        "Recht op een",
        "huisartsen per 10.000",
        "Rol: lezer → bewerker",
    ):
        assert ours_only not in text, ours_only
