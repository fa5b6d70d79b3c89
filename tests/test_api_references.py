"""A write may name only what the writer may use in the region it writes in: a party that works
in the region, a primary-care discipline, a goal of the region's own regioplan, a mandating
organisation of the region. One rule per reference, in the models (``clean()``), so the API,
the services and the admin refuse the same; the staff forms offer only those choices."""

import datetime
from dataclasses import dataclass

import pytest

from agreements import services
from agreements.models import (
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementParty,
    BudgetLine,
)
from mandates import services as mandate_services
from mandates.models import Mandate
from regions.errors import DomainError
from regions.tenancy import Role
from staff.forms import AgreementForm, MandateForm, PartyForm

from . import factories as f
from .api_helpers import assert_problem, client_for, invalid_names, token_client
from .test_api_agreements import draft_body, etag_of

pytestmark = pytest.mark.django_db


@dataclass
class Foreign:
    """What the region's writers may not use, though it exists."""

    insurer: object  # works only in the other region
    care: object  # a care organisation of the other region
    mono: object  # a monodisciplinary organisation of the region itself
    goal: object  # of the other region's regioplan
    social: object  # the social domain: a partner, not a primary-care discipline


@pytest.fixture
def foreign(world):
    return Foreign(
        insurer=f.OrganisationFactory(insurer=True, regions=[world.other_region]),
        care=f.OrganisationFactory(name="Zorggroep Elders", regions=[world.other_region]),
        mono=f.OrganisationFactory(mono=True, regions=[world.region]),
        goal=f.RegionGoalFactory(region=world.other_region),
        social=f.discipline("social_domain"),
    )


@pytest.fixture
def two_region_editor(world):
    """An editor in both regions: sees the other region's goals, may still not use them here."""
    f.MembershipFactory(user=world.editor, region=world.other_region, role=Role.EDITOR)
    return world.editor


def rows() -> dict:
    models = (Agreement, AgreementParty, AgreementDiscipline, AgreementGoal, BudgetLine)
    return {model.__name__: model.objects.count() for model in models}


def lead(world):
    return {"organisation": world.party_insurer.pk, "is_lead": True}


# field -> (content for the API, the name refused, its code)
CASES = {
    "party of another region": (
        lambda w, x: {"parties": [lead(w), {"organisation": x.care.pk}]},
        "parties[1].organisation",
        "region",
    ),
    "lead insurer of another region": (
        lambda w, x: {"parties": [{"organisation": x.insurer.pk, "is_lead": True}]},
        "parties[0].organisation",
        "region",
    ),
    "monodisciplinary party": (
        lambda w, x: {"parties": [lead(w), {"organisation": x.mono.pk}]},
        "parties[1].organisation",
        "monodisciplinary",
    ),
    "social domain as discipline": (
        lambda w, x: {"disciplines": ["gp", x.social.code]},
        "disciplines[1].discipline",
        "not_primary_care",
    ),
    "goal of another region": (
        lambda w, x: {"goals": [x.goal.pk]},
        "goals[0].goal",
        "region",
    ),
}


def assert_refused(response, name, code, foreign):
    problem = assert_problem(response, 422)
    assert invalid_names(problem) == {name}, problem
    assert {p["code"] for p in problem["invalid_params"]} == {code}
    for secret in (foreign.care.name, foreign.insurer.name, foreign.goal.title):
        assert secret not in response.content.decode()


@pytest.mark.parametrize("case", CASES)
def test_create_refuses_a_reference_the_region_may_not_use(world, foreign, two_region_editor, case):
    content, name, code = CASES[case]
    client = token_client(two_region_editor)
    body = draft_body(world, **content(world, foreign))
    before = rows()
    response = client.post("/api/v1/agreements/", body, format="json")
    assert_refused(response, name, code, foreign)
    assert rows() == before


@pytest.mark.parametrize("case", CASES)
def test_patch_refuses_a_reference_the_region_may_not_use(world, foreign, two_region_editor, case):
    content, name, code = CASES[case]
    client = token_client(two_region_editor)
    agreement = world.agreement
    parties = list(agreement.parties.values_list("organisation_id", flat=True))
    before = rows()
    response = client.patch(
        f"/api/v1/agreements/{agreement.pk}/",
        content(world, foreign),
        format="json",
        HTTP_IF_MATCH=etag_of(agreement),
    )
    assert_refused(response, name, code, foreign)
    assert rows() == before
    assert list(agreement.parties.values_list("organisation_id", flat=True)) == parties


def test_a_goal_the_writer_cannot_see_does_not_exist_for_them(world, foreign):
    before = rows()
    response = client_for(world, "region_staff").post(
        "/api/v1/agreements/", draft_body(world, goals=[foreign.goal.pk]), format="json"
    )
    assert invalid_names(assert_problem(response, 400, "invalid")) == {"goals"}
    assert rows() == before


def test_usable_references_are_accepted(world, foreign):
    municipality = f.OrganisationFactory(kind="municipality", regions=[world.region])
    body = draft_body(
        world, parties=[lead(world), {"organisation": municipality.pk}], disciplines=["gp"]
    )
    response = client_for(world, "region_staff").post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 201, response.content
    assert [p["organisation"] for p in response.json()["parties"]] == [
        world.party_insurer.pk,
        municipality.pk,
    ]


# --- the same rules outside the API ----------------------------------------------------------


def test_services_refuse_a_party_of_another_region(world, foreign):
    with pytest.raises(DomainError) as error:
        services.add_party(world.editor, world.agreement, foreign.care)
    assert error.value.codes == ["region"]
    assert not AgreementParty.objects.filter(organisation=foreign.care).exists()


def test_services_refuse_a_mandating_organisation_of_another_region(world):
    elsewhere = f.OrganisationFactory(mono=True, regions=[world.other_region])
    with pytest.raises(DomainError) as error:
        mandate_services.create_mandate(
            world.editor,
            world.region,
            discipline=f.discipline("gp"),
            organisation=elsewhere,
            delegate_name="Fictief",
            scope=["contracting"],
            valid_from=datetime.date(2026, 1, 1),
            backing_practitioners=1,
            discipline_practitioners=2,
        )
    assert error.value.codes == ["region"]
    assert {p.field for p in error.value.problems} == {"organisation"}
    assert not Mandate.objects.exists()


def choices(field) -> set:
    return set(field.queryset)


def test_staff_party_choices_are_the_usable_organisations(world, foreign):
    municipality = f.OrganisationFactory(kind="municipality", regions=[world.region])
    offered = choices(PartyForm(region=world.region).fields["organisation"])
    assert offered == {world.party_insurer, municipality}
    form = PartyForm({"organisation": foreign.care.pk}, region=world.region)
    assert not form.is_valid() and "organisation" in form.errors


def test_staff_agreement_choices_are_the_regions_goals_and_primary_care(world, foreign):
    own_goal = f.RegionGoalFactory(region=world.region)
    form = AgreementForm(region=world.region)
    assert choices(form.fields["goals"]) == {own_goal}
    disciplines = choices(form.fields["disciplines"])
    assert foreign.social not in disciplines and f.discipline("gp") in disciplines


def test_staff_mandate_choices_are_the_regions_monodisciplinary_organisations(world, foreign):
    f.OrganisationFactory(mono=True, regions=[world.other_region])
    form = MandateForm(region=world.region)
    assert choices(form.fields["organisation"]) == {foreign.mono}
    assert foreign.social not in choices(form.fields["discipline"])
