import datetime

import pytest
from django.db import ProgrammingError, transaction

from agreements import services
from agreements.models import AgreementStatus, AgreementVersion, Review
from mandates.models import MandateScope
from regions.errors import DomainError

from . import factories as f

pytestmark = pytest.mark.django_db
S = AgreementStatus
DAY = datetime.date(2026, 6, 1)


@pytest.fixture
def ready(world):
    """world.agreement covering GP care and pharmacy, both with a contracting mandate."""
    for code in ("gp", "pharmacy"):
        f.CoveredDisciplineFactory(agreement=world.agreement, discipline=f.discipline(code))
        f.MandateFactory(region=world.region, discipline=f.discipline(code), today=DAY)
    f.BudgetLineFactory(agreement=world.agreement)
    f.TargetFactory(agreement=world.agreement, name="Wijken met compleet wijkverband")
    return world


def follower(world):
    """A second insurer that is party but not the lead, with a member."""
    insurer = f.OrganisationFactory(insurer=True, regions=[world.region])
    f.PartyFactory(agreement=world.agreement, organisation=insurer, is_lead=False)
    member = f.UserFactory()
    insurer.group.user_set.add(member)
    return member


def test_mandate_check_names_each_missing_discipline_and_why(world):
    agreement = world.agreement
    for code in ("gp", "pharmacy", "district_nursing", "physiotherapy"):
        f.CoveredDisciplineFactory(agreement=agreement, discipline=f.discipline(code))
    f.MandateFactory(region=world.region, discipline=f.discipline("gp"), today=DAY)
    f.MandateFactory(
        region=world.region,
        discipline=f.discipline("pharmacy"),
        valid_until=datetime.date(2026, 3, 1),
        today=DAY,
    )
    f.MandateFactory(
        region=world.region,
        discipline=f.discipline("district_nursing"),
        scope=[MandateScope.REGIONAL_PLAN],
        today=DAY,
    )
    f.MandateFactory(discipline=f.discipline("physiotherapy"), today=DAY)  # another region's

    lines = {line.discipline.code: line for line in services.mandate_check(agreement, DAY)}
    assert lines["gp"].ok and lines["gp"].mandate is not None
    assert lines["pharmacy"].reason == "mandaat verlopen op 1 maart 2026"
    assert (
        lines["district_nursing"].reason == "geen mandaat voor contractering met zorgverzekeraars"
    )
    assert lines["physiotherapy"].reason.startswith("geen mandaat")

    with pytest.raises(DomainError) as error:
        services.submit(world.editor, agreement, on=DAY)
    messages = [p.message for p in error.value.problems]
    assert messages == [
        "wijkverpleging: geen mandaat voor contractering met zorgverzekeraars",
        "apotheek: mandaat verlopen op 1 maart 2026",
        "fysiotherapie: geen mandaat voor contractering met zorgverzekeraars",
    ]
    assert set(error.value.codes) == {"mandate_missing"}
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT and not agreement.versions.exists()


def test_a_revoked_mandate_does_not_count_from_its_revocation(world):
    f.CoveredDisciplineFactory(agreement=world.agreement)
    mandate = f.MandateFactory(region=world.region, today=DAY)
    from mandates.services import revoke_mandate

    revoke_mandate(None, mandate, on=datetime.date(2026, 5, 1), reason="Opgezegd")
    (line,) = services.mandate_check(world.agreement, DAY)
    assert line.reason == "mandaat ingetrokken op 1 mei 2026"


def test_submit_needs_disciplines_and_an_insurer(world):
    world.agreement.parties.all().delete()
    with pytest.raises(DomainError) as error:
        services.submit(world.editor, world.agreement, on=DAY)
    assert set(error.value.codes) == {"no_insurer", "no_disciplines"}


def test_submit_freezes_a_numbered_version(ready):
    agreement = ready.agreement
    version = services.submit(ready.editor, agreement, on=DAY)
    assert (version.number, agreement.status) == (1, S.IN_REVIEW)
    assert version.snapshot["disciplines"] == ["gp", "pharmacy"]
    assert version.snapshot["budget_lines"][0]["amount"] == "250000.00"
    assert version.snapshot["parties"][0]["is_lead"] is True
    assert version.submitted_by == ready.editor

    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        AgreementVersion.objects.filter(pk=version.pk).update(number=7)
    version.refresh_from_db()
    assert version.number == 1


def test_full_life_cycle_with_a_new_version_after_changes(ready):
    agreement, lead = ready.agreement, ready.party_insurer_member
    title = agreement.title
    v1 = services.submit(ready.editor, agreement, on=DAY)
    services.review(
        lead,
        agreement,
        version=v1.number,
        decision="request_changes",
        comment="Graag een doelstelling voor de wijkverpleging",
    )
    assert agreement.status == S.CHANGES_REQUESTED

    services.update_draft(ready.editor, agreement, title="O&I-afspraak, herzien")
    v2 = services.submit(ready.editor, agreement, on=DAY)
    assert v2.number == 2 and v2.snapshot["title"] == "O&I-afspraak, herzien"
    assert AgreementVersion.objects.get(pk=v1.pk).snapshot["title"] == title

    services.review(lead, agreement, version=2, decision="approve")
    assert agreement.status == S.APPROVED
    services.activate(ready.editor, agreement)
    assert agreement.status == S.ACTIVE
    services.end(ready.editor, agreement)
    assert agreement.status == S.ENDED


def test_lead_rejection_ends_the_agreement(ready):
    v1 = services.submit(ready.editor, ready.agreement, on=DAY)
    services.review(
        ready.party_insurer_member,
        ready.agreement,
        version=v1.number,
        decision="reject",
        comment="Past niet in ons beleid",
    )
    assert ready.agreement.status == S.REJECTED
    with pytest.raises(DomainError) as error:
        services.submit(ready.editor, ready.agreement, on=DAY)
    assert error.value.codes == ["invalid_transition"] and error.value.conflict


def test_under_individual_procurement_each_insurer_decides_and_one_approval_approves(ready):
    """Individueel: the agreement waits for every insurer party; one approval is enough."""
    member = follower(ready)
    v1 = services.submit(ready.editor, ready.agreement, on=DAY)
    review = services.review(member, ready.agreement, version=v1.number, decision="approve")
    assert review.by_lead_insurer is False
    assert ready.agreement.status == S.IN_REVIEW
    services.review(
        ready.party_insurer_member, ready.agreement, version=1, decision="reject", comment="Nee"
    )
    assert ready.agreement.status == S.APPROVED
    contracted = {
        p.party.organisation_id: p.contracted for p in services.positions(ready.agreement)
    }
    assert contracted == {ready.party_insurer.pk: False, member.groups.get().organisation.pk: True}


def test_review_of_an_outdated_version_is_a_conflict(ready):
    lead = ready.party_insurer_member
    services.submit(ready.editor, ready.agreement, on=DAY)
    services.review(lead, ready.agreement, version=1, decision="request_changes", comment="Graag")
    services.submit(ready.editor, ready.agreement, on=DAY)
    with pytest.raises(DomainError) as error:
        services.review(lead, ready.agreement, version=1, decision="approve")
    assert error.value.codes == ["stale_version"] and error.value.conflict
    assert ready.agreement.status == S.IN_REVIEW
    assert Review.objects.count() == 1


def test_review_of_an_agreement_not_in_review_is_a_conflict(ready):
    with pytest.raises(DomainError) as error:
        services.review(ready.party_insurer_member, ready.agreement, version=1, decision="approve")
    assert error.value.codes == ["invalid_transition"] and error.value.conflict


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_a_comment_is_required_unless_approving(ready, decision):
    services.submit(ready.editor, ready.agreement, on=DAY)
    with pytest.raises(DomainError) as error:
        services.review(
            ready.party_insurer_member, ready.agreement, version=1, decision=decision, comment="   "
        )
    assert error.value.problems[0].field == "comment"
    assert not Review.objects.exists()


def test_only_members_of_a_party_insurer_may_review(ready):
    services.submit(ready.editor, ready.agreement, on=DAY)
    for outsider in (ready.unrelated_insurer_member, ready.editor, ready.national):
        with pytest.raises(DomainError) as error:
            services.review(outsider, ready.agreement, version=1, decision="approve")
        assert error.value.codes == ["not_a_party"]


def test_an_insurer_reviews_a_version_once(ready):
    member = follower(ready)
    services.submit(ready.editor, ready.agreement, on=DAY)
    services.review(member, ready.agreement, version=1, decision="approve")
    with pytest.raises(DomainError) as error:
        services.review(member, ready.agreement, version=1, decision="approve")
    assert error.value.codes == ["already_reviewed"]


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, "activate"),
        (S.IN_REVIEW, "activate"),
        (S.ACTIVE, "activate"),
        (S.DRAFT, "end"),
        (S.APPROVED, "end"),
        (S.ENDED, "end"),
        (S.REJECTED, "end"),
        (S.IN_REVIEW, "submit"),
        (S.APPROVED, "submit"),
        (S.ACTIVE, "submit"),
        (S.ENDED, "submit"),
    ],
)
def test_refused_transitions(world, status, action):
    f.move_to(world.agreement, status)
    with pytest.raises(DomainError) as error:
        getattr(services, action)(world.editor, world.agreement)
    assert error.value.codes == ["invalid_transition"] and error.value.conflict
    assert world.agreement.status == status
    world.agreement.refresh_from_db()
    assert world.agreement.status == status


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.APPROVED, S.ACTIVE])
def test_only_drafts_can_be_edited(world, status):
    f.move_to(world.agreement, status)
    with pytest.raises(DomainError) as error:
        services.update_draft(world.editor, world.agreement, title="Stiekem gewijzigd")
    assert error.value.codes == ["not_editable"]
    world.agreement.refresh_from_db()
    assert world.agreement.title != "Stiekem gewijzigd"


def test_invalid_draft_update_writes_nothing(world):
    period_end = world.agreement.period_end
    with pytest.raises(DomainError) as error:
        services.update_draft(
            world.editor, world.agreement, period_end=datetime.date(2020, 1, 1), type="loterij"
        )
    assert {p.field for p in error.value.problems} >= {"type"}
    world.agreement.refresh_from_db()
    assert world.agreement.period_end == period_end


def test_parties(world):
    municipality = f.OrganisationFactory(kind="municipality", regions=[world.region])
    with pytest.raises(DomainError) as error:
        services.add_party(world.editor, world.agreement, municipality, is_lead=True)
    assert error.value.codes == ["lead_not_insurer"]
    services.add_party(world.editor, world.agreement, municipality)
    with pytest.raises(DomainError) as error:
        services.add_party(world.editor, world.agreement, municipality)
    assert error.value.codes == ["duplicate"]
    second_insurer = f.OrganisationFactory(kind="insurer", regions=[world.region])
    with pytest.raises(DomainError) as error:
        services.add_party(world.editor, world.agreement, second_insurer, is_lead=True)
    assert error.value.codes == ["duplicate"]
    with pytest.raises(DomainError) as error:
        services.add_party(world.editor, world.agreement, world.unrelated_insurer)
    assert error.value.codes == ["region"]


@pytest.mark.parametrize(
    ("trait", "status", "reviews"),
    [
        ("submitted", S.IN_REVIEW, []),
        ("changes_requested", S.CHANGES_REQUESTED, ["request_changes"]),
        ("rejected", S.REJECTED, ["reject"]),
        ("approved", S.APPROVED, ["approve"]),
        ("active", S.ACTIVE, ["approve"]),
        ("ended", S.ENDED, ["approve"]),
    ],
)
def test_the_factory_states_are_reached_through_the_services(trait, status, reviews):
    agreement = f.AgreementFactory(**{trait: True}, today=DAY)
    assert agreement.status == status
    (version,) = agreement.versions.all()
    assert version.snapshot["disciplines"] == ["gp"]
    assert [r.decision for r in version.reviews.all()] == reviews
    assert all(line.ok for line in services.mandate_check(agreement, DAY))
    assert agreement.period_start == datetime.date(2026, 1, 1)
