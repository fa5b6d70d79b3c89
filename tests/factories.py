"""factory_boy factories for every domain model, with traits for the states tests need.

Dates are relative to ``today``, a parameter of the factories that date things (by default
``timezone.localdate()``): a test that stands on a fixed day passes it, so the suite does not
depend on the day it runs.
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import NATIONAL_GOVERNANCE_GROUP, User
from agreements import rules as agreement_rules
from agreements import services as agreement_services
from agreements.models import (
    Agreement,
    AgreementDiscipline,
    AgreementParty,
    AgreementStatus,
    AgreementType,
    BudgetLine,
    ProcurementModel,
    Segment,
    Target,
)
from mandates.models import Mandate, MandateScope
from neighbourhoods.models import AllianceContact, Bottleneck, BottleneckTheme, Neighbourhood
from regions.models import (
    Discipline,
    Organisation,
    Region,
    RegionAction,
    RegionGoal,
    RegionMembership,
    VisionGoal,
)
from regions.tenancy import Role

TEST_PASSWORD = "Testwachtwoord-2026!"
_HASHED_TEST_PASSWORD = None


def hashed_test_password():
    """Hash once per run: Argon2 is slow on purpose."""
    global _HASHED_TEST_PASSWORD
    if _HASHED_TEST_PASSWORD is None:
        _HASHED_TEST_PASSWORD = make_password(TEST_PASSWORD)
    return _HASHED_TEST_PASSWORD


def discipline(code: str) -> Discipline:
    return Discipline.objects.get(code=code)


def this_year_and_next(obj) -> tuple[datetime.date, datetime.date]:
    """From 1 January of ``obj.today``'s year to 31 December of the next year."""
    return datetime.date(obj.today.year, 1, 1), datetime.date(obj.today.year + 1, 12, 31)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Fictief"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.LazyFunction(hashed_test_password)

    class Params:
        national = factory.Trait(
            national_group=factory.PostGeneration(
                lambda user, create, extracted, **kw: user.groups.add(
                    Group.objects.get_or_create(name=NATIONAL_GOVERNANCE_GROUP)[0]
                )
            )
        )
        platform_admin = factory.Trait(is_superuser=True, is_staff=True)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"regio-{n}")
    name = factory.Sequence(lambda n: f"Regio Fictief {n}")
    care_office_region = "Zorgkantoorregio Fictief"
    lead_municipality = factory.Sequence(lambda n: f"Gemeente Fictief {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisatie Fictief {n}")
    kind = Organisation.Kind.CARE_ORGANISATION

    class Params:
        insurer = factory.Trait(
            kind=Organisation.Kind.INSURER,
            name=factory.Sequence(lambda n: f"Zorgverzekeraar Fictief {n}"),
        )
        mono = factory.Trait(
            kind=Organisation.Kind.MONODISCIPLINARY,
            name=factory.Sequence(lambda n: f"RHO Fictief {n}"),
            discipline=factory.LazyFunction(lambda: discipline("gp")),
        )

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.add(*extracted)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.group.user_set.add(*extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionMembership

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = Role.EDITOR


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    municipality = "Gemeente Fictief"
    population = 15_000
    cbs_codes = factory.LazyFunction(lambda: ["WK999901"])


class AllianceContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceContact

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    region = factory.SelfAttribute("neighbourhood.region")
    discipline = factory.LazyFunction(lambda: discipline("gp"))
    name = factory.Sequence(lambda n: f"Contact Fictief {n}")
    role = "contactpersoon"
    email = factory.Sequence(lambda n: f"contact{n}@example.test")


class BottleneckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bottleneck

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    region = factory.SelfAttribute("neighbourhood.region")
    theme = BottleneckTheme.CAPACITY
    description = "Te weinig praktijkruimte."


class MandateFactory(factory.django.DjangoModelFactory):
    """Valid (and not expiring) on ``today``: this year and the next."""

    class Meta:
        model = Mandate

    class Params:
        today = factory.LazyFunction(timezone.localdate)

    region = factory.SubFactory(RegionFactory)
    discipline = factory.LazyFunction(lambda: discipline("gp"))
    organisation = factory.SubFactory(
        OrganisationFactory,
        mono=True,
        discipline=factory.SelfAttribute("..discipline"),
        regions=factory.List([factory.SelfAttribute("....region")]),
    )
    delegate_name = factory.Sequence(lambda n: f"Gemandateerde Fictief {n}")
    scope = factory.LazyFunction(lambda: [MandateScope.CONTRACTING, MandateScope.REGIONAL_PLAN])
    valid_from = factory.LazyAttribute(lambda m: this_year_and_next(m)[0])
    valid_until = factory.LazyAttribute(lambda m: this_year_and_next(m)[1])
    backing_practitioners = 80
    discipline_practitioners = 100


class RegionGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionGoal

    region = factory.SubFactory(RegionFactory)
    vision_goal = VisionGoal.NEIGHBOURHOOD_COOPERATION
    title = factory.Sequence(lambda n: f"Regioplandoel {n}")


class RegionActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionAction

    goal = factory.SubFactory(RegionGoalFactory)
    region = factory.SelfAttribute("goal.region")
    title = factory.Sequence(lambda n: f"Actie {n}")
    owner = "Werkgroep wijkverbanden"


class AgreementFactory(factory.django.DjangoModelFactory):
    """A draft running this year and the next; a state trait (``submitted``,
    ``changes_requested``, ``approved``, ``rejected``, ``active``, ``ended``) moves it there
    through the services, see :func:`move_to`. ``lead_insurer`` is then the lead party."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    class Params:
        today = factory.LazyFunction(timezone.localdate)
        lead_insurer = None
        moved_to = None
        submitted = factory.Trait(moved_to=AgreementStatus.IN_REVIEW)
        changes_requested = factory.Trait(moved_to=AgreementStatus.CHANGES_REQUESTED)
        approved = factory.Trait(moved_to=AgreementStatus.APPROVED)
        rejected = factory.Trait(moved_to=AgreementStatus.REJECTED)
        active = factory.Trait(moved_to=AgreementStatus.ACTIVE)
        ended = factory.Trait(moved_to=AgreementStatus.ENDED)

    region = factory.SubFactory(RegionFactory)
    reference = factory.Sequence(lambda n: f"AFS-{n:04d}")
    title = factory.LazyAttribute(
        lambda a: "O&I-afspraak {}-{}".format(*(day.year for day in this_year_and_next(a)))
    )
    type = AgreementType.ORGANISATION_INFRASTRUCTURE
    procurement_model = ProcurementModel.INDIVIDUAL
    period_start = factory.LazyAttribute(lambda a: this_year_and_next(a)[0])
    period_end = factory.LazyAttribute(lambda a: this_year_and_next(a)[1])
    main_tasks = factory.LazyFunction(lambda: [1, 4])

    @factory.post_generation
    def life_cycle(agreement, create, extracted, status=None, **kwargs):
        if create and status:
            move_to(agreement, status, **kwargs)

    life_cycle__status = factory.SelfAttribute("..moved_to")
    life_cycle__today = factory.SelfAttribute("..today")
    life_cycle__lead_insurer = factory.SelfAttribute("..lead_insurer")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    region = factory.SelfAttribute("agreement.region")
    # An insurer that works in the agreement's region ("....": from the list item to the party).
    organisation = factory.SubFactory(
        OrganisationFactory,
        insurer=True,
        regions=factory.List([factory.SelfAttribute("....region")]),
    )
    is_lead = True


class CoveredDisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementDiscipline

    agreement = factory.SubFactory(AgreementFactory)
    region = factory.SelfAttribute("agreement.region")
    discipline = factory.LazyFunction(lambda: discipline("gp"))


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    agreement = factory.SubFactory(AgreementFactory)
    region = factory.SelfAttribute("agreement.region")
    year = factory.SelfAttribute("agreement.period_start.year")
    segment = Segment.S2
    amount = Decimal("250000.00")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    agreement = factory.SubFactory(AgreementFactory)
    region = factory.SelfAttribute("agreement.region")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    baseline = Decimal("40")
    goal = Decimal("80")


S = AgreementStatus
# The services' steps from a draft to each status.
_STEPS = {
    S.DRAFT: (),
    S.IN_REVIEW: ("submit",),
    S.AWAITING_SIGNATURES: ("submit",),
    S.CHANGES_REQUESTED: ("submit", "request_changes"),
    S.REJECTED: ("submit", "reject"),
    S.APPROVED: ("submit", "approve"),
    S.ACTIVE: ("submit", "approve", "activate"),
    S.ENDED: ("submit", "approve", "activate", "end"),
}


def region_editor(region: Region) -> User:
    """The region's first editor, made when it has none."""
    editors = RegionMembership.objects.filter(region=region, role=Role.EDITOR).order_by("pk")
    return (editors.first() or MembershipFactory(region=region, role=Role.EDITOR)).user


def member_of(organisation: Organisation) -> User:
    """The organisation's first member, made when it has none."""
    member = organisation.group.user_set.order_by("pk").first()
    if member is None:
        member = UserFactory()
        organisation.group.user_set.add(member)
    return member


def move_to(agreement: Agreement, status, *, today=None, lead_insurer=None) -> Agreement:
    """Bring a draft to ``status`` through the services, as the region's editor and the first
    member of each deciding insurer would: submitted on ``today``, reviewed (every decider of
    the procurement model the same way), activated, ended.

    What submitting needs and the draft lacks is added first: a lead insurer party
    (``lead_insurer`` or a new insurer), GP care as covered discipline, and for each covered
    discipline without one a mandate valid on ``today``.
    """
    assert agreement.status == S.DRAFT, agreement.status
    if status == S.DRAFT:
        return agreement
    today = today or timezone.localdate()
    region = agreement.region
    if not agreement.is_signed_by_parties and not agreement.parties.filter(is_lead=True).exists():
        PartyFactory(
            agreement=agreement,
            organisation=lead_insurer or OrganisationFactory(insurer=True, regions=[region]),
        )
    if not agreement.disciplines.exists():
        CoveredDisciplineFactory(agreement=agreement)
    for line in agreement_services.mandate_check(agreement, today):
        if not line.ok:
            MandateFactory(region=region, discipline=line.discipline, today=today)
    editor = region_editor(region)
    for step in _STEPS[status]:
        if step == "submit":
            version = agreement_services.submit(editor, agreement, on=today)
        elif step in ("activate", "end"):
            getattr(agreement_services, step)(editor, agreement)
        else:
            needs_reference = agreement_rules.rule_for(agreement).needs_contract_reference
            for party in _deciders(agreement):
                agreement_services.review(
                    member_of(party.organisation),
                    agreement,
                    version=version.number,
                    decision=step,
                    comment="" if step == "approve" else "Graag aanvullen.",
                    contract_reference=(
                        f"Contract {party.organisation.name}"
                        if step == "approve" and needs_reference
                        else ""
                    ),
                )
    return agreement


def _deciders(agreement: Agreement) -> list[AgreementParty]:
    parties = list(agreement.parties.select_related("organisation").order_by("pk"))
    deciders = agreement_rules.decider_ids(agreement, parties)
    return [party for party in parties if party.organisation_id in deciders]
