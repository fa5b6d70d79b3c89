"""factory_boy factories for every domain model, with traits for the states tests need."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import NATIONAL_GOVERNANCE_GROUP, User
from agreements.models import (
    Agreement,
    AgreementDiscipline,
    AgreementParty,
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
    class Meta:
        model = Mandate

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
    valid_from = datetime.date(2026, 1, 1)
    valid_until = datetime.date(2027, 12, 31)
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
    class Meta:
        model = Agreement

    region = factory.SubFactory(RegionFactory)
    reference = factory.Sequence(lambda n: f"AFS-{n:04d}")
    title = "O&I-afspraak 2026-2027"
    type = AgreementType.ORGANISATION_INFRASTRUCTURE
    procurement_model = ProcurementModel.ALIGNED_CONTENT
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2027, 12, 31)
    main_tasks = factory.LazyFunction(lambda: [1, 4])


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
    year = 2026
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
