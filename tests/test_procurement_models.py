"""Each procurement model of seed 003 Bijlage 2: submission → decisions → status, and who
may decide (agreements/rules.py); agreements the parties sign."""

import datetime
from decimal import Decimal

import pytest

from agreements import services
from agreements.models import AgreementStatus, Review
from regions.errors import DomainError

from . import factories as f

pytestmark = pytest.mark.django_db
S = AgreementStatus
DAY = datetime.date(2026, 6, 1)


class Scene:
    def __init__(self, world):
        self.world = world
        self.region = world.region
        self.editor = world.editor
        self.lead = world.party_insurer  # a preferred insurer of the region
        self.region.preferred_insurers.add(self.lead)
        self.other = f.OrganisationFactory(insurer=True, regions=[self.region])
        self.third = f.OrganisationFactory(insurer=True, regions=[self.region])
        self.entity = f.OrganisationFactory(kind="joint_entity", regions=[self.region])
        self.members = {}

    def member(self, organisation):
        if organisation.pk not in self.members:
            user = f.UserFactory()
            organisation.group.user_set.add(user)
            self.members[organisation.pk] = user
        return self.members[organisation.pk]

    def agreement(self, model, parties, **fields):
        """A draft under ``model`` with ``parties`` ((organisation, is_lead, share)), ready."""
        agreement = f.AgreementFactory(region=self.region, procurement_model=model, **fields)
        for organisation, is_lead, share in parties:
            f.PartyFactory(
                agreement=agreement, organisation=organisation, is_lead=is_lead, cost_share=share
            )
        f.CoveredDisciplineFactory(agreement=agreement)
        f.MandateFactory(region=self.region, today=DAY)
        return agreement

    def decide(self, agreement, organisation, decision, **extra):
        if decision != "approve" and "comment" not in extra:
            extra["comment"] = "Toelichting"
        number = agreement.versions.order_by("-number").first().number
        return services.review(
            self.member(organisation), agreement, version=number, decision=decision, **extra
        )


@pytest.fixture
def scene(world):
    return Scene(world)


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    return error.value


def test_individual_each_insurer_decides_and_a_new_version_resets_pending(scene):
    agreement = scene.agreement(
        "individual", [(scene.other, False, None), (scene.third, False, None)]
    )
    services.submit(scene.editor, agreement, on=DAY)
    scene.decide(agreement, scene.other, "request_changes")
    assert agreement.status == S.IN_REVIEW  # the third is pending
    scene.decide(agreement, scene.third, "reject")
    assert agreement.status == S.CHANGES_REQUESTED
    services.submit(scene.editor, agreement, on=DAY)
    scene.decide(agreement, scene.other, "approve")
    assert agreement.status == S.IN_REVIEW  # decisions on version 1 do not count
    scene.decide(agreement, scene.third, "reject")
    assert agreement.status == S.APPROVED
    assert {p.party.organisation: p.contracted for p in services.positions(agreement)} == {
        scene.other: True,
        scene.third: False,
    }
    # Under individueel the lead need not be a preferred insurer.
    assert scene.other not in scene.region.preferred_insurers.all()


def test_individual_all_reject(scene):
    agreement = scene.agreement("individual", [(scene.other, False, None)])
    services.submit(scene.editor, agreement, on=DAY)
    scene.decide(agreement, scene.other, "reject")
    assert agreement.status == S.REJECTED


def test_follow_the_lead_decides_and_followers_never_move_the_status(scene):
    agreement = scene.agreement("follow", [(scene.lead, True, None), (scene.other, False, None)])
    services.submit(scene.editor, agreement, on=DAY)
    error = refused(scene.decide, agreement, scene.other, "approve")
    assert error.codes == ["not_a_decider"]
    error = refused(scene.decide, agreement, scene.other, "follow_content")
    assert error.codes == ["lead_not_decided"] and error.conflict
    scene.decide(agreement, scene.lead, "approve")
    assert agreement.status == S.APPROVED

    services.ask_to_follow(scene.editor, agreement, scene.other)
    assert agreement.parties.get(organisation=scene.other).follow_requested_at is not None
    assert refused(scene.decide, agreement, scene.other, "follow_partly", comment="").codes == [
        "required"
    ]
    for decision in ("follow_both", "not_follow", "follow_partly"):
        scene.decide(agreement, scene.other, decision)
        agreement.refresh_from_db()
        assert agreement.status == S.APPROVED
    services.activate(scene.editor, agreement)
    scene.decide(agreement, scene.other, "follow_price")
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE
    (lead, other) = services.positions(agreement)
    assert (lead.role, lead.contracted) == ("decides", True)
    assert (other.role, other.decision.decision, other.contracted) == (
        "follows",
        "follow_price",
        True,
    )
    assert refused(scene.decide, agreement, scene.lead, "follow_content").codes == [
        "not_a_follower"
    ]


def test_follow_lead_must_be_a_preferred_insurer(scene):
    agreement = scene.agreement("follow", [(scene.other, True, None)])
    error = refused(services.submit, scene.editor, agreement, on=DAY)
    assert error.codes == ["lead_not_preferred"]
    assert "geen preferente zorgverzekeraar van de regio" in error.problems[0].message


def test_aligned_content_needs_a_framework_and_each_insurer_its_contract(scene):
    agreement = scene.agreement(
        "aligned_content", [(scene.lead, True, None), (scene.other, False, None)]
    )
    assert refused(services.submit, scene.editor, agreement, on=DAY).codes == ["framework_required"]
    services.update_draft(scene.editor, agreement, framework="ANW-leidraad (ZN)")
    services.submit(scene.editor, agreement, on=DAY)
    error = refused(scene.decide, agreement, scene.lead, "approve")
    assert error.codes == ["contract_reference_required"]
    scene.decide(agreement, scene.lead, "approve", contract_reference="ZV-2026-114")
    scene.decide(agreement, scene.other, "reject")
    assert agreement.status == S.APPROVED
    assert Review.objects.get(insurer=scene.lead).contract_reference == "ZV-2026-114"


def test_aligned_content_and_price_shares_must_add_up_to_100(scene):
    agreement = scene.agreement(
        "aligned_content_price",
        [(scene.lead, True, Decimal("60")), (scene.other, False, Decimal("30"))],
        framework="Transformatieplan regio",
    )
    error = refused(services.submit, scene.editor, agreement, on=DAY)
    assert set(error.codes) == {"price_required", "shares_not_100"}
    assert "tellen op tot 90%" in str(error.problems[1].message)
    services.save_draft(
        scene.editor,
        agreement=agreement,
        fields={"price_arrangement": "lump_sum"},
        parties=[
            {"organisation": scene.lead, "is_lead": True, "cost_share": Decimal("60")},
            {"organisation": scene.other, "is_lead": False, "cost_share": Decimal("40")},
        ],
    )
    version = services.submit(scene.editor, agreement, on=DAY)
    assert [p["cost_share"] for p in version.snapshot["parties"]] == ["60.00", "40.00"]
    scene.decide(agreement, scene.lead, "approve", contract_reference="A-1")
    scene.decide(agreement, scene.other, "approve", contract_reference="B-1")
    assert agreement.status == S.APPROVED


def test_collective_the_joint_entity_decides_with_acm_approval(scene):
    agreement = scene.agreement(
        "collective", [(scene.entity, False, None), (scene.other, False, None)]
    )
    assert refused(services.submit, scene.editor, agreement, on=DAY).codes == ["acm_required"]
    services.update_draft(scene.editor, agreement, acm_reference="ACM/24/123456")
    services.submit(scene.editor, agreement, on=DAY)
    assert refused(scene.decide, agreement, scene.other, "approve").codes == ["not_a_decider"]
    scene.decide(agreement, scene.entity, "approve")
    assert agreement.status == S.APPROVED
    roles = {p.party.organisation: (p.role, p.contracted) for p in services.positions(agreement)}
    assert roles == {scene.entity: ("decides", True), scene.other: ("informed", True)}


def test_collective_without_a_joint_entity_is_refused(scene):
    agreement = scene.agreement("collective", [(scene.other, False, None)], acm_reference="ACM/1")
    assert refused(services.submit, scene.editor, agreement, on=DAY).codes == ["no_joint_entity"]


def test_representation_one_or_two_decide_for_all(scene):
    second = scene.other
    scene.region.preferred_insurers.add(second)
    agreement = scene.agreement(
        "representation",
        [(scene.lead, True, None), (second, True, None), (scene.third, False, None)],
    )
    services.submit(scene.editor, agreement, on=DAY)
    assert refused(scene.decide, agreement, scene.third, "approve").codes == ["not_a_decider"]
    scene.decide(agreement, scene.lead, "approve")
    assert agreement.status == S.IN_REVIEW
    scene.decide(agreement, second, "request_changes")
    assert agreement.status == S.CHANGES_REQUESTED
    services.submit(scene.editor, agreement, on=DAY)
    scene.decide(agreement, scene.lead, "approve")
    scene.decide(agreement, second, "approve")
    assert agreement.status == S.APPROVED
    third = services.positions(agreement)[-1]
    assert (third.role, third.contracted) == ("informed", True)


def test_representation_allows_at_most_two(scene):
    for insurer in (scene.other, scene.third):
        scene.region.preferred_insurers.add(insurer)
    agreement = scene.agreement(
        "representation",
        [(scene.lead, True, None), (scene.other, True, None), (scene.third, True, None)],
    )
    assert refused(services.submit, scene.editor, agreement, on=DAY).codes == ["too_many_leads"]


def test_intent_agreement_is_signed_by_all_parties_without_insurer_review(scene):
    founder = f.OrganisationFactory(
        kind="mono", discipline=f.discipline("gp"), regions=[scene.region]
    )
    agreement = f.AgreementFactory(
        region=scene.region, type="letter_of_intent", procurement_model=""
    )
    parties = [
        f.PartyFactory(agreement=agreement, organisation=organisation, is_lead=False)
        for organisation in (founder, scene.other)
    ]
    f.CoveredDisciplineFactory(agreement=agreement)
    f.MandateFactory(region=scene.region, today=DAY, scope=["regional_plan"])
    services.submit(scene.editor, agreement, on=DAY)
    assert agreement.status == S.AWAITING_SIGNATURES
    assert refused(scene.decide, agreement, scene.other, "approve").codes == ["signed_not_reviewed"]
    services.sign(scene.editor, agreement, parties[0], signatory="H. Arts", signed_on=DAY)
    assert agreement.status == S.AWAITING_SIGNATURES
    error = refused(
        services.sign, scene.editor, agreement, parties[0], signatory="H. Arts", signed_on=DAY
    )
    assert error.codes == ["already_signed"]
    services.sign(scene.editor, agreement, parties[1], signatory="V. Zeker", signed_on=DAY)
    assert agreement.status == S.ACTIVE
    assert not Review.objects.filter(agreement=agreement).exists()
    assert [p.signature.signatory for p in services.positions(agreement)] == [
        "H. Arts",
        "V. Zeker",
    ]


def test_a_signed_type_has_no_procurement_model(scene):
    error = refused(
        services.save_draft,
        scene.editor,
        region=scene.region,
        fields={
            "reference": "ROAZ-1",
            "title": "ROAZ-afspraak acute zorg",
            "type": "roaz",
            "procurement_model": "individual",
            "period_start": DAY,
            "period_end": DAY,
        },
    )
    assert error.codes == ["not_procured"]


def test_a_transmural_agreement_needs_a_transmural_mandate(scene):
    agreement = f.AgreementFactory(region=scene.region, type="transmural", procurement_model="")
    f.PartyFactory(
        agreement=agreement,
        organisation=f.OrganisationFactory(kind="hospital", regions=[scene.region]),
        is_lead=False,
    )
    f.CoveredDisciplineFactory(agreement=agreement)
    f.MandateFactory(region=scene.region, today=DAY)  # contracting and regioplan only
    error = refused(services.submit, scene.editor, agreement, on=DAY)
    assert error.codes == ["mandate_missing"]
    assert "transmurale afspraken" in error.problems[0].message
