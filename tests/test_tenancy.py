"""Tenant isolation: who reaches which rows, and a guard that every tenant model is scoped."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models
from django.utils.timezone import now
from pghistory.models import Event

from agreements import services as agreement_services
from agreements.models import (
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementGroupObjectPermission,
    AgreementParty,
    AgreementVersion,
    BudgetLine,
    Review,
    Signature,
    Target,
)
from documents.models import Document, DocumentKind
from mandates.models import Mandate
from neighbourhoods.models import (
    AllianceContact,
    Bottleneck,
    Neighbourhood,
    NeighbourhoodUserObjectPermission,
)
from regions.models import (
    Discipline,
    Organisation,
    Region,
    RegionAction,
    RegionGoal,
    RegionIndicator,
    RegionMembership,
    RegionTask,
    RoadmapYear,
)
from regions.tenancy import Action, RegionOwned, RegionScopedQuerySet
from spreadsheets.models import ImportBatch, ImportKind

from . import factories as f
from .tenancy import assert_reachable, assert_unreachable

DOMAIN_APPS = {
    "accounts",
    "regions",
    "neighbourhoods",
    "mandates",
    "agreements",
    "documents",
    "spreadsheets",
}

# Not tenant-owned, each for a stated reason.
NOT_TENANT_OWNED = {
    Region: "the tenant itself; scoped by RegionQuerySet.visible_to",
    Discipline: "national reference data",
    RoadmapYear: "the national roadmap (reference data)",
    Organisation: "works in several regions; its regions are a relation, not an owner",
    Organisation.regions.through: "the regions an organisation works in (reference data)",
    Region.preferred_insurers.through: "the region's preferred insurers (reference data)",
    apps.get_model("accounts", "User"): "a person, reached through memberships",
    apps.get_model("accounts", "User").groups.through: "Django's auth",
    apps.get_model("accounts", "User").user_permissions.through: "Django's auth",
    NeighbourhoodUserObjectPermission: "a grant, read only inside visible_to",
    AgreementGroupObjectPermission: "a grant, read only inside visible_to",
}


def domain_models():
    return [
        m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in DOMAIN_APPS
    ]


def is_history_event(model) -> bool:
    return issubclass(model, Event)


def tenant_models():
    return [m for m in domain_models() if m not in NOT_TENANT_OWNED and not is_history_event(m)]


def test_every_tenant_model_carries_region_and_is_scoped():
    problems = []
    for model in tenant_models():
        name = model._meta.label
        try:
            region = model._meta.get_field("region")
        except Exception:
            problems.append(f"{name} has no region column")
            continue
        if region.related_model is not Region or region.null:
            problems.append(f"{name}.region must be a non-null foreign key to Region")
        if not issubclass(model, RegionOwned):
            problems.append(f"{name} does not inherit RegionOwned")
        if not issubclass(model._default_manager.get_queryset().__class__, RegionScopedQuerySet):
            problems.append(f"{name}'s queryset has no visible_to()")
    assert not problems, "\n".join(problems)


def test_history_events_carry_region():
    events = [m for m in domain_models() if is_history_event(m)]
    assert events, "no history event models found"
    for model in events:
        assert any(f.name == "region" for f in model._meta.fields), model._meta.label


def _composite_foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute r ON r.attrelid = c.conrelid AND r.attnum = c.conkey[2]
            WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 2 AND r.attname = 'region_id'
            """
        )
        return set(cursor.fetchall())


@pytest.mark.django_db
def test_database_refuses_children_in_another_region_than_their_parent():
    """Every foreign key between two tenant models is paired with region_id in the database."""
    composite = _composite_foreign_keys()
    missing = []
    for model in tenant_models():
        for field in model._meta.fields:
            target = field.related_model
            if isinstance(field, models.ForeignKey) and target in tenant_models():
                key = (model._meta.db_table, field.column, target._meta.db_table)
                if key not in composite:
                    missing.append(f"{model._meta.label}.{field.name}")
    assert not missing, f"no same-region key for: {missing}"


def tenant_rows(world) -> dict:
    """One row of every tenant model in world.region, under world.neighbourhood/agreement."""
    region, agreement = world.region, world.agreement
    goal = f.RegionGoalFactory(region=region)
    f.MandateFactory(region=region)
    f.CoveredDisciplineFactory(agreement=agreement)
    version = agreement_services.submit(world.editor, agreement)
    review = agreement_services.review(
        world.party_insurer_member, agreement, version=version.number, decision="approve"
    )
    intent = f.AgreementFactory(region=region, type="letter_of_intent", procurement_model="")
    f.CoveredDisciplineFactory(agreement=intent)
    party = f.PartyFactory(agreement=intent, is_lead=False)
    agreement_services.submit(world.editor, intent)
    signature = agreement_services.sign(
        world.editor, intent, party, signatory="J. Jansen", signed_on=now().date()
    )
    rows = {
        RegionTask: RegionTask.objects.create(region=region, task=1),
        RegionMembership: RegionMembership.objects.filter(region=region).first(),
        RegionGoal: goal,
        RegionAction: f.RegionActionFactory(goal=goal),
        Neighbourhood: world.neighbourhood,
        AllianceContact: f.AllianceContactFactory(neighbourhood=world.neighbourhood),
        Bottleneck: f.BottleneckFactory(neighbourhood=world.neighbourhood),
        Mandate: Mandate.objects.filter(region=region).first(),
        Agreement: agreement,
        AgreementParty: agreement.parties.first(),
        AgreementDiscipline: agreement.disciplines.first(),
        AgreementGoal: AgreementGoal.objects.create(agreement=agreement, goal=goal),
        BudgetLine: f.BudgetLineFactory(agreement=agreement),
        Target: f.TargetFactory(agreement=agreement),
        AgreementVersion: version,
        Review: review,
        Signature: signature,
        RegionIndicator: RegionIndicator.objects.create(
            region=region, kind="share_75_plus", year=2025, value=9
        ),
        Document: Document.objects.create(
            region=region,
            kind=DocumentKind.PROGRESS_REPORT,
            agreement=agreement,
            fingerprint="0" * 64,
        ),
        ImportBatch: ImportBatch.objects.create(
            region=region, kind=ImportKind.NEIGHBOURHOODS, file_name="wijken.xlsx", expires_at=now()
        ),
    }
    return rows


@pytest.mark.django_db
def test_rows_exist_for_every_tenant_model(world):
    """A tenant model added later must be added to tenant_rows, and so to the tests below."""
    assert set(tenant_rows(world)) == set(tenant_models())


NEIGHBOURHOOD_ROWS = {Neighbourhood, AllianceContact, Bottleneck}
AGREEMENT_ROWS = {
    Document,  # a progress report: insurers read those of their agreements
    Agreement,
    AgreementParty,
    AgreementDiscipline,
    AgreementGoal,
    BudgetLine,
    Target,
    AgreementVersion,
    Review,
}


@pytest.mark.django_db
def test_staff_of_the_region_reach_every_row_and_outsiders_none(world):
    for row in tenant_rows(world).values():
        assert_reachable(row, world.admin, world.editor, world.viewer, world.platform_admin)
        assert_unreachable(row, *world.outsiders.values(), AnonymousUser())


@pytest.mark.django_db
def test_viewers_may_not_change_and_editors_may_not_administer(world):
    for row in tenant_rows(world).values():
        assert_reachable(row, world.editor, world.admin, action=Action.CHANGE)
        assert_unreachable(row, world.viewer, action=Action.CHANGE)
        assert_unreachable(row, world.editor, world.viewer, action=Action.ADMINISTER)


@pytest.mark.django_db
def test_insurer_members_reach_only_agreements_their_insurer_is_party_to(world):
    for model, row in tenant_rows(world).items():
        if model in AGREEMENT_ROWS:
            assert_reachable(row, world.party_insurer_member)
        else:
            assert_unreachable(row, world.party_insurer_member)
        assert_unreachable(row, world.party_insurer_member, action=Action.CHANGE)


@pytest.mark.django_db
def test_an_explicit_grant_lets_another_insurer_see_one_agreement(world):
    from guardian.shortcuts import assign_perm

    assert_unreachable(world.agreement, world.unrelated_insurer_member)
    assign_perm("agreements.view_agreement", world.unrelated_insurer.group, world.agreement)
    assert_reachable(world.agreement, world.unrelated_insurer_member)
    other = f.AgreementFactory(region=world.region)
    assert_unreachable(other, world.unrelated_insurer_member)


@pytest.mark.django_db
def test_coordinators_reach_their_own_neighbourhood_only(world):
    rows = tenant_rows(world)
    for model, row in rows.items():
        if model in NEIGHBOURHOOD_ROWS:
            assert_reachable(row, world.coordinator)
        elif model is not RegionMembership:
            assert_unreachable(row, world.coordinator)
    assert_unreachable(world.other_neighbourhood_same_region, world.coordinator)
    other_contact = f.AllianceContactFactory(neighbourhood=world.other_neighbourhood_same_region)
    assert_unreachable(other_contact, world.coordinator)
    # They maintain contacts and bottlenecks, not the neighbourhood's own record.
    assert_reachable(rows[AllianceContact], world.coordinator, action=Action.CHANGE)
    assert_reachable(rows[Bottleneck], world.coordinator, action=Action.CHANGE)
    assert_unreachable(world.neighbourhood, world.coordinator, action=Action.CHANGE)


@pytest.mark.django_db
def test_region_rows_visible_to_members_and_insurers_working_there(world):
    visible = Region.objects.visible_to
    assert list(visible(world.editor)) == [world.region]
    assert list(visible(world.coordinator)) == [world.region]
    assert list(visible(world.party_insurer_member)) == [world.region]
    assert list(visible(world.unrelated_insurer_member)) == [world.other_region]
    assert list(visible(world.national)) == []
    assert list(visible(AnonymousUser())) == []
    assert list(visible(world.viewer, Action.CHANGE)) == []
    assert set(visible(world.platform_admin)) == {world.region, world.other_region}


@pytest.mark.django_db
def test_inactive_users_reach_nothing(world):
    world.editor.is_active = False
    world.editor.save()
    assert_unreachable(world.agreement, world.editor)


@pytest.mark.django_db
def test_scoping_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(Agreement.objects.visible_to(world.party_insurer_member))
    with django_assert_num_queries(1):
        list(AllianceContact.objects.visible_to(world.coordinator))
