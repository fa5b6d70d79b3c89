"""Deterministic national-scale data for benchmarks, written with ``bulk_create``.

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the same options give
the same rows (ids aside when the database has been used before). ``bulk_create`` bypasses
``save()``: every child row gets its parent's region set here explicitly, and the database's
composite foreign keys check it.

The volumes of the real country (57 regions) are the defaults; they scale linearly with
``regions``, and ``factor`` multiplies every count, regions included.
"""

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from agreements.content import snapshots
from agreements.models import (
    FOLLOW_DECISIONS,
    SIGNED_TYPES,
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementParty,
    AgreementStatus,
    AgreementType,
    AgreementVersion,
    BudgetLine,
    ProcurementModel,
    Review,
    ReviewDecision,
    Segment,
    Signature,
    Target,
)
from agreements.rules import REQUIRED_SCOPE
from config.history import acting_as
from mandates.models import EXPIRING_WITHIN, Mandate, MandateScope
from neighbourhoods.models import AllianceContact, Bottleneck, BottleneckTheme, Neighbourhood
from regions.models import (
    ActionStatus,
    Discipline,
    IndicatorKind,
    LegalForm,
    MainTask,
    Organisation,
    Phase,
    Region,
    RegionAction,
    RegionGoal,
    RegionIndicator,
    RegionMembership,
    RegionTask,
    RoadmapYear,
    TaskStatus,
)
from regions.tenancy import Role

from .demo_data import FIRST_NAMES, INDICATOR_SOURCES, LAST_NAMES
from .history import backfill_snapshots

DOMAIN_APPS = ("regions", "neighbourhoods", "mandates", "agreements")
USER_PREFIX = "schaal-"
BATCH = 5000

# The country at factor 1: 57 huisartsenregio's.
NATIONAL = {
    "regions": 57,
    "neighbourhoods": 1500,
    "mandates": 6000,
    "agreements": 2000,
    "bottlenecks": 20000,
}
MIN_MANDATES_PER_REGION = 3  # huisartsenzorg, wijkverpleging, apotheek: valid, for contracting

STATUS_WEIGHTS = {
    AgreementStatus.DRAFT: 15,
    AgreementStatus.IN_REVIEW: 15,
    AgreementStatus.CHANGES_REQUESTED: 10,
    AgreementStatus.APPROVED: 10,
    AgreementStatus.ACTIVE: 30,
    AgreementStatus.ENDED: 12,
    AgreementStatus.REJECTED: 8,
    AgreementStatus.AWAITING_SIGNATURES: 4,
}
# The statuses an agreement the parties sign passes through; a share of the agreements in these
# statuses (all awaiting signatures) is signed instead of reviewed.
SIGNED_STATUSES = (
    AgreementStatus.DRAFT,
    AgreementStatus.AWAITING_SIGNATURES,
    AgreementStatus.ACTIVE,
    AgreementStatus.ENDED,
)
SIGNED_SHARE = 0.15
MANDATE_KIND_WEIGHTS = {"valid": 60, "expiring": 10, "expired": 20, "revoked": 10}

INSURER_WORDS = (
    "Delta",
    "Kust",
    "Polder",
    "Heide",
    "Rivier",
    "Duin",
    "Veen",
    "Berg",
    "Meer",
    "Dal",
)
INSURER_SHARE = (30, 25, 20, 12, 5, 3, 2, 1, 1, 1)  # market shares: who leads where

CARE_OFFICE_REGIONS = (
    "Groningen",
    "Friesland",
    "Drenthe",
    "Zwolle",
    "Twente",
    "Apeldoorn/Zutphen e.o.",
    "Arnhem",
    "Nijmegen",
    "Midden-IJssel",
    "Flevoland",
    "'t Gooi",
    "Utrecht",
    "Noord-Holland Noord",
    "Kennemerland",
    "Zaanstreek/Waterland",
    "Amsterdam",
    "Amstelland en de Meerlanden",
    "Zuid-Holland Noord",
    "Haaglanden",
    "Delft Westland Oostland",
    "Midden-Holland",
    "Rotterdam",
    "Waardenland",
    "Zuid-Hollandse Eilanden",
    "Zeeland",
    "West-Brabant",
    "Midden-Brabant",
    "Noordoost-Brabant",
    "Zuidoost-Brabant",
    "Noord- en Midden-Limburg",
    "Zuid-Limburg",
)
PLACE_START = (
    "Veen",
    "Over",
    "Neder",
    "Hoog",
    "Laag",
    "Oud",
    "Nieuw",
    "Groot",
    "Klein",
    "Zuider",
    "Noorder",
    "Wester",
    "Ooster",
    "Berg",
    "Dijk",
)
PLACE_END = (
    "dorp",
    "rade",
    "hoven",
    "wijk",
    "meer",
    "veld",
    "dal",
    "horst",
    "broek",
    "woude",
    "kerk",
    "zijl",
)
QUARTERS = (
    "Centrum",
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Haven",
    "Dorp",
    "Polder",
    "Park",
    "Kern",
    "Buiten",
    "Heide",
)
MONO_LABEL = {
    "gp": "RHO",
    "district_nursing": "Wijkverpleging",
    "pharmacy": "Apothekerscoöperatie",
}
GOAL_TEMPLATES = (
    (1, "Minder ongewenste druk op de huisartsenpraktijk"),
    (1, "Minder niet-acute vragen op de huisartsenpost"),
    (2, "Inwoners goed voorbereid naar de eerste lijn"),
    (2, "Eén digitale ingang voor zorgvragen"),
    (3, "Passende zorg voor kwetsbare ouderen"),
    (3, "Passende zorg bij chronische aandoeningen"),
    (4, "Capaciteit beter benutten"),
    (4, "Praktijkopvolging en huisvesting geregeld"),
    (5, "Elke wijk een compleet hecht wijkverband"),
    (5, "Sociaal domein aan tafel in elke wijk"),
    (6, "Eén aanspreekpunt voor de eerstelijnszorg in de regio"),
    (6, "Eerstelijnszorg vertegenwoordigd in het ROAZ"),
)
ACTION_TEMPLATES = (
    "Inventarisatie",
    "Werkgroep instellen",
    "Pilot in twee wijken",
    "Afspraken vastleggen",
    "Evaluatie",
    "Scholing",
    "Uitrol in de regio",
)
OWNERS = (
    "Regiobureau",
    "Bestuur",
    "Wijkcoördinatoren",
    "RHO",
    "Werkgroep ouderen",
    "Programmabureau",
)
TARGET_TEMPLATES = (
    ("Wijken met een compleet hecht wijkverband", "%", (20, 60), (80, 100)),
    ("Inwoners in een wijk met een compleet wijkverband", "%", (25, 65), (85, 100)),
    ("Ouderen met een proactief zorgplan", "%", (5, 30), (50, 80)),
    ("Patiënten met een jaarlijkse medicatiebeoordeling", "%", (20, 50), (60, 90)),
    ("Diensten per huisarts per maand", "aantal", (5, 8), (3, 5)),
    ("Praktijken met een opvolger", "%", (40, 70), (90, 100)),
    ("Wachttijd wijkverpleging in dagen", "dagen", (5, 15), (1, 3)),
)
# Reviewed by insurers, under the contracting scope every region's minimum mandates carry.
REVIEWED_TYPES = [
    t
    for t in AgreementType.values
    if t not in SIGNED_TYPES and REQUIRED_SCOPE[t] == MandateScope.CONTRACTING
]
# Signed by the founding regional parties: their scope (regioplan) is on every region's minimum
# mandates.
SCALE_SIGNED_TYPES = (AgreementType.LETTER_OF_INTENT, AgreementType.COOPERATION)
# Models where the lead insurer's decision moves the agreement; under volgen the others may
# follow once it is contracted, under representatie they are informed.
SCALE_MODELS = (ProcurementModel.FOLLOW, ProcurementModel.REPRESENTATION)
TYPE_TITLES = {
    AgreementType.ORGANISATION_INFRASTRUCTURE: "O&I-afspraak",
    AgreementType.CARE_PROGRAMME: "Zorgprogramma",
    AgreementType.TRANSFORMATION: "Transformatieafspraak",
    AgreementType.BRIDGING_CARE: "Overbruggingszorg",
    AgreementType.LETTER_OF_INTENT: "Intentieovereenkomst",
    AgreementType.COOPERATION: "Samenwerkingsovereenkomst",
}
# Per indicator: the range of a region's figure two years ago, and how much it moves in a year.
INDICATOR_RANGES = {
    IndicatorKind.SHARE_75_PLUS: ((7.5, 13.5), (0.1, 0.6)),
    IndicatorKind.GPS_PER_10000: ((5.8, 7.8), (-0.3, 0.1)),
    IndicatorKind.PRACTICES_WITH_PATIENT_STOP: ((15.0, 50.0), (-2.0, 6.0)),
    IndicatorKind.DISTRICT_NURSES_PER_10000: ((10.0, 16.5), (-0.2, 0.5)),
    IndicatorKind.SHARE_CHRONIC_CONDITION: ((51.0, 62.0), (0.0, 0.8)),
}
BOTTLENECK_TEXT = {
    BottleneckTheme.ACCESS: "Inwoners moeten ver reizen voor {what}.",
    BottleneckTheme.CAPACITY: "Openstaande vacatures bij {what}.",
    BottleneckTheme.HOUSING: "Te weinig praktijkruimte voor {what}.",
    BottleneckTheme.CONTINUITY: "Opvolging onzeker bij {what}.",
    BottleneckTheme.DATA: "Gegevens uitwisselen met {what} gaat nog handmatig.",
    BottleneckTheme.COOPERATION: "Geen vast overleg met {what}.",
    BottleneckTheme.SOCIAL_DOMAIN: "Geen vast aanspreekpunt bij {what}.",
    BottleneckTheme.ACUTE_CARE: "Avond- en weekendzorg onder druk bij {what}.",
    BottleneckTheme.OTHER: "Overig knelpunt bij {what}.",
}


@dataclass(frozen=True)
class ScaleOptions:
    regions: int = 57
    factor: int = 1
    seed: int = 2026
    today: datetime.date | None = None
    # Totals at factor 1; by default in proportion to ``regions`` (the country's per 57).
    neighbourhoods: int | None = None
    mandates: int | None = None
    agreements: int | None = None
    bottlenecks: int | None = None
    insurers: int = 10

    def totals(self) -> dict:
        totals = {"regions": self.regions * self.factor}
        for name in ("neighbourhoods", "mandates", "agreements", "bottlenecks"):
            given = getattr(self, name)
            if given is None:
                given = round(NATIONAL[name] * self.regions / NATIONAL["regions"])
            totals[name] = given * self.factor
        return totals


class ScaleError(Exception):
    """The options cannot produce a consistent data set, or the database is not empty."""


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split ``total`` over ``weights`` (largest remainder), each share at least ``minimum``."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ScaleError(f"{total} is fewer than {minimum} for each of {len(weights)} regions")
    whole = sum(weights)
    raw = [spare * w / whole for w in weights]
    shares = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (shares[i] - raw[i], i))
    for i in by_remainder[: spare - sum(shares)]:
        shares[i] += 1
    return [minimum + share for share in shares]


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def domain_models():
    """Concrete models of the domain apps, M2M tables included (Discipline and RoadmapYear are
    reference data)."""
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            reference = model in (Discipline, RoadmapYear)
            if model._meta.managed and not model._meta.proxy and not reference:
                yield model


def row_counts() -> dict:
    counts = {
        model._meta.label: model._default_manager.count()
        for model in sorted(domain_models(), key=lambda m: m._meta.label)
    }
    counts["accounts.User"] = get_user_model().objects.count()
    return counts


def flush() -> None:
    """Delete every domain row (Discipline stays), the insurers' groups and our own users.

    TRUNCATE does not fire row triggers: no delete events, and the frozen-version guard
    (an UPDATE trigger) is not in the way either.
    """
    group_ids = list(Organisation.objects.exclude(group=None).values_list("group_id", flat=True))
    tables = sorted({model._meta.db_table for model in domain_models()})
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks may block TRUNCATE
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    Group.objects.filter(pk__in=group_ids).delete()
    get_user_model().objects.filter(username__startswith=USER_PREFIX).delete()


@dataclass
class RegionPlan:
    """What is generated for one region, kept in memory to build the agreements' snapshots."""

    region: Region
    index: int
    insurer_ids: list
    staff_id: int = 0
    monos: dict = field(default_factory=dict)  # discipline id -> organisation id
    goals: list = field(default_factory=list)
    neighbourhoods: list = field(default_factory=list)
    valid_contracting: list = field(default_factory=list)  # discipline ids


class ScaleSeeder:
    def __init__(self, options: ScaleOptions):
        self.options = options
        self.totals = options.totals()
        self.rng = random.Random(options.seed)
        self.today = options.today or timezone.localdate()
        self.now = timezone.now()
        self.disciplines = list(Discipline.objects.order_by("sort_order", "name"))
        self.primary = [d for d in self.disciplines if d.is_primary_care]
        self.core = [d for d in self.disciplines if d.is_core]
        self.minimum = [d for d in self.disciplines if d.is_regional_minimum]
        self.by_id = {d.pk: d for d in self.disciplines}
        if len(self.minimum) > MIN_MANDATES_PER_REGION:
            raise ScaleError("more minimum disciplines than guaranteed mandates per region")
        self.check_totals()

    def check_totals(self):
        regions = self.totals["regions"]
        if regions < 1:
            raise ScaleError("at least one region is needed")
        if self.totals["neighbourhoods"] < regions:
            raise ScaleError("every region needs a neighbourhood: raise --neighbourhoods")
        if self.totals["mandates"] < MIN_MANDATES_PER_REGION * regions:
            raise ScaleError(
                f"every region needs {MIN_MANDATES_PER_REGION} mandates: raise --mandates"
            )

    # --- the whole run -------------------------------------------------------------------------

    def run(self, *, flush_first=False) -> dict:
        started = time.perf_counter()
        with transaction.atomic(), acting_as(None, command="seed_scale"):
            if flush_first:
                flush()
            elif Region.objects.exists():
                raise ScaleError(
                    f"The database already has {Region.objects.count()} regions; seed_scale "
                    "fills an empty one. Use --flush to delete all domain rows first."
                )
            self.build()
        elapsed = time.perf_counter() - started
        return {"elapsed_seconds": round(elapsed, 3), "totals": self.totals, "counts": row_counts()}

    def build(self):
        rng = self.rng
        n_regions = self.totals["regions"]
        weights = [rng.uniform(0.6, 1.4) for _ in range(n_regions)]
        neighbourhoods = allocate(self.totals["neighbourhoods"], weights, minimum=1)
        mandates = allocate(self.totals["mandates"], weights, minimum=MIN_MANDATES_PER_REGION)
        agreements = allocate(self.totals["agreements"], weights)
        bottlenecks = allocate(self.totals["bottlenecks"], weights)

        insurers, reviewers = self.build_insurers()
        plans = self.build_regions(insurers)
        self.build_regional_rows(plans)
        for plan, count in zip(plans, neighbourhoods, strict=True):
            plan.neighbourhoods = self.make_neighbourhoods(plan, count)
        Neighbourhood.objects.bulk_create(
            [nb for plan in plans for nb in plan.neighbourhoods], batch_size=BATCH
        )
        for plan in plans:
            self.record_population(plan)
        Region.objects.bulk_update(
            [plan.region for plan in plans], ["population", "municipalities"], batch_size=BATCH
        )
        self.build_contacts(plans)
        self.build_bottlenecks(plans, bottlenecks)
        self.build_mandates(plans, mandates)
        self.build_agreements(plans, agreements, reviewers)
        self.build_indicators(plans)
        backfill_snapshots(self.today, seed=self.options.seed)

    # --- insurers, regions and what hangs directly off a region --------------------------------

    def build_insurers(self):
        user_model = get_user_model()
        user_model.objects.filter(username__startswith=USER_PREFIX).delete()
        insurers, reviewers = [], {}
        count = self.options.insurers
        for i in range(count):
            word = INSURER_WORDS[i % len(INSURER_WORDS)]
            suffix = f" {i // len(INSURER_WORDS) + 1}" if i >= len(INSURER_WORDS) else ""
            name = f"Zorgverzekeraar Fictief {word}{suffix}"
            group, _created = Group.objects.get_or_create(name=f"verzekeraar:{name}")
            insurers.append(Organisation(name=name, kind=Organisation.Kind.INSURER, group=group))
        Organisation.objects.bulk_create(insurers)
        users = [
            user_model(
                username=f"{USER_PREFIX}verzekeraar-{i + 1:02d}",
                first_name="Beoordelaar",
                last_name=f"Fictief {i + 1}",
                password=f"{UNUSABLE_PASSWORD_PREFIX}scale",
            )
            for i in range(count)
        ]
        user_model.objects.bulk_create(users)
        user_model.groups.through.objects.bulk_create(
            [
                user_model.groups.through(user_id=user.pk, group_id=insurer.group_id)
                for user, insurer in zip(users, insurers, strict=True)
            ]
        )
        for user, insurer in zip(users, insurers, strict=True):
            reviewers[insurer.pk] = user.pk
        return insurers, reviewers

    def build_regions(self, insurers) -> list[RegionPlan]:
        rng = self.rng
        shares = [INSURER_SHARE[i] if i < len(INSURER_SHARE) else 1 for i in range(len(insurers))]
        plans = []
        for index in range(self.totals["regions"]):
            place = rng.choice(PLACE_START) + rng.choice(PLACE_END)
            lead = rng.choices(insurers, weights=shares)[0]
            others = [i for i in insurers if i is not lead]
            present = [lead, *rng.sample(others, min(len(others), rng.randint(2, 4)))]
            region = Region(
                code=f"schaal-{index + 1:04d}",
                name=f"Regio Fictief {index + 1:03d} {place}",
                care_office_region=CARE_OFFICE_REGIONS[index % len(CARE_OFFICE_REGIONS)],
                legal_form=rng.choice(LegalForm.values),
                phase=rng.choice(Phase.values),
                lead_municipality=f"Gemeente Fictief {place}",
                lead_insurer=lead,
            )
            plans.append(RegionPlan(region, index, [i.pk for i in present]))
        Region.objects.bulk_create([p.region for p in plans], batch_size=BATCH)
        through = Organisation.regions.through
        through.objects.bulk_create(
            [
                through(organisation_id=oid, region_id=p.region.pk)
                for p in plans
                for oid in p.insurer_ids
            ],
            batch_size=BATCH,
        )
        preferred = Region.preferred_insurers.through
        preferred.objects.bulk_create(
            [
                preferred(region_id=p.region.pk, organisation_id=p.region.lead_insurer_id)
                for p in plans
            ],
            batch_size=BATCH,
        )
        return plans

    def build_regional_rows(self, plans):
        rng = self.rng
        user_model = get_user_model()
        staff = [
            user_model(
                username=f"{USER_PREFIX}regio-{p.index + 1:04d}",
                first_name="Medewerker",
                last_name=f"Fictief {p.index + 1}",
                password=f"{UNUSABLE_PASSWORD_PREFIX}scale",
            )
            for p in plans
        ]
        user_model.objects.bulk_create(staff, batch_size=BATCH)
        memberships, tasks, monos, goals = [], [], [], []
        for plan, user in zip(plans, staff, strict=True):
            region = plan.region
            plan.staff_id = user.pk
            memberships.append(RegionMembership(region=region, user=user, role=Role.EDITOR))
            for task in MainTask.values:
                tasks.append(
                    RegionTask(region=region, task=task, status=rng.choice(TaskStatus.values))
                )
            for discipline in self.primary:
                label = MONO_LABEL.get(discipline.code, f"Netwerk {discipline.name}")
                monos.append(
                    (
                        plan,
                        discipline,
                        Organisation(
                            name=f"{label} Fictief {region.code}",
                            kind=Organisation.Kind.MONODISCIPLINARY,
                            discipline=discipline,
                        ),
                    )
                )
            for vision_goal, title in sorted(rng.sample(GOAL_TEMPLATES, rng.randint(6, 10))):
                goal = RegionGoal(
                    region=region,
                    vision_goal=vision_goal,
                    title=title,
                    description=f"Regioplandoel van {region.name}.",
                )
                plan.goals.append(goal)
                goals.append(goal)
        RegionMembership.objects.bulk_create(memberships, batch_size=BATCH)
        RegionTask.objects.bulk_create(tasks, batch_size=BATCH)
        Organisation.objects.bulk_create([m[2] for m in monos], batch_size=BATCH)
        through = Organisation.regions.through
        through.objects.bulk_create(
            [through(organisation_id=org.pk, region_id=plan.region.pk) for plan, _d, org in monos],
            batch_size=BATCH,
        )
        for plan, discipline, org in monos:
            plan.monos[discipline.pk] = org.pk
        RegionGoal.objects.bulk_create(goals, batch_size=BATCH)
        actions = []
        for goal in goals:
            for title in rng.sample(ACTION_TEMPLATES, rng.randint(2, 4)):
                actions.append(
                    RegionAction(
                        region_id=goal.region_id,
                        goal=goal,
                        title=title,
                        owner=rng.choice(OWNERS),
                        due_date=self.today + datetime.timedelta(days=rng.randint(-180, 540)),
                        status=rng.choice(ActionStatus.values),
                    )
                )
        RegionAction.objects.bulk_create(actions, batch_size=BATCH)

    def build_indicators(self, plans):
        """Every indicator of every region for the last two years (fictional figures)."""
        rng, year = self.rng, self.today.year
        rows = []
        for plan in plans:
            for kind, ((low, high), (fall, rise)) in INDICATOR_RANGES.items():
                before = round(rng.uniform(low, high), 1)
                last = round(before + rng.uniform(fall, rise), 1)
                for offset, value in ((2, before), (1, last)):
                    rows.append(
                        RegionIndicator(
                            region=plan.region,
                            kind=kind,
                            year=year - offset,
                            value=Decimal(str(value)),
                            source=INDICATOR_SOURCES[kind],
                        )
                    )
        RegionIndicator.objects.bulk_create(rows, batch_size=BATCH)

    # --- neighbourhoods, alliances, bottlenecks ------------------------------------------------

    def make_neighbourhoods(self, plan, count) -> list[Neighbourhood]:
        rng = self.rng
        municipalities = [
            (rng.choice(PLACE_START) + rng.choice(PLACE_END), 100 + plan.index * 8 + m)
            for m in range(max(1, min(8, count // 4)))
        ]
        wijk = Counter()
        result = []
        for k in range(count):
            municipality, code = municipalities[k % len(municipalities)]
            roll = rng.random()
            if roll < 0.08:
                population = rng.randint(5_000, 9_999)
            elif roll < 0.16:
                population = rng.randint(20_001, 30_000)
            else:
                population = rng.randint(10_000, 20_000)
            codes = []
            for _ in range(rng.randint(1, 3)):
                wijk[code] += 1
                codes.append(f"WK{code % 10_000:04d}{wijk[code] % 100:02d}")
            result.append(
                Neighbourhood(
                    region=plan.region,
                    name=f"{municipality}-{rng.choice(QUARTERS)} {k + 1:02d}",
                    municipality=municipality,
                    population=population,
                    cbs_codes=codes,
                )
            )
        return result

    def record_population(self, plan):
        """The region's inhabitants: its neighbourhoods' and up to 30% not yet in one; its
        municipalities: those of its neighbourhoods. Drawn apart from the main sequence."""
        rng = random.Random(f"{self.options.seed}-population-{plan.index}")
        registered = sum(nb.population for nb in plan.neighbourhoods)
        plan.region.population = round(registered * rng.uniform(1.0, 1.3))
        plan.region.municipalities = sorted({nb.municipality for nb in plan.neighbourhoods})

    def person(self) -> tuple[str, str]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        return name, f"{first}.{last}".lower().replace(" ", "") + "@example.test"

    def build_contacts(self, plans):
        rng = self.rng
        others = [d for d in self.primary if not d.is_core]
        contacts = []
        for plan in plans:
            for nb in plan.neighbourhoods:
                present, inactive = list(self.core), None
                if rng.random() < 0.25:  # an incomplete alliance
                    if rng.random() < 0.3:
                        inactive = rng.choice(self.core)
                    else:
                        missing = rng.sample(self.core, rng.randint(1, 2))
                        present = [d for d in self.core if d not in missing]
                present += rng.sample(others, rng.randint(0, 3))
                for discipline in present:
                    name, email = self.person()
                    contacts.append(
                        AllianceContact(
                            region_id=plan.region.pk,
                            neighbourhood=nb,
                            discipline=discipline,
                            name=name,
                            role=discipline.name,
                            email=email,
                            active=discipline is not inactive,
                        )
                    )
        AllianceContact.objects.bulk_create(contacts, batch_size=BATCH)

    def build_bottlenecks(self, plans, counts):
        rng = self.rng
        themes = BottleneckTheme.values
        rows = []
        for plan, count in zip(plans, counts, strict=True):
            for _ in range(count):
                nb = rng.choice(plan.neighbourhoods)
                theme = rng.choice(themes)
                what = rng.choice(self.disciplines).name
                roll = rng.random()
                status = (
                    Bottleneck.Status.OPEN
                    if roll < 0.5
                    else Bottleneck.Status.IN_PROGRESS
                    if roll < 0.65
                    else Bottleneck.Status.RESOLVED
                )
                resolved = status == Bottleneck.Status.RESOLVED
                rows.append(
                    Bottleneck(
                        region_id=plan.region.pk,
                        neighbourhood=nb,
                        theme=theme,
                        description=BOTTLENECK_TEXT[theme].format(what=what),
                        status=status,
                        escalated_at=self.now if rng.random() < 0.3 else None,
                        resolution="Opgelost in het wijkoverleg." if resolved else "",
                        resolved_at=self.now if resolved else None,
                    )
                )
        Bottleneck.objects.bulk_create(rows, batch_size=BATCH)

    # --- mandates ------------------------------------------------------------------------------

    def mandate_rows(self, plan, count) -> list[Mandate]:
        rng, today = self.rng, self.today
        days = datetime.timedelta
        kinds, kind_weights = zip(*MANDATE_KIND_WEIGHTS.items(), strict=True)
        rows = []
        for k in range(count):
            if k < len(self.minimum):
                discipline, kind = self.minimum[k], "valid"
            else:
                discipline, kind = rng.choice(self.primary), rng.choices(kinds, kind_weights)[0]
            scope = [s for s in MandateScope.values if rng.random() < 0.35]
            if k < len(self.minimum) or rng.random() < 0.8:
                scope = [MandateScope.CONTRACTING, *[s for s in scope if s != "contracting"]]
            if k < len(self.minimum) and MandateScope.REGIONAL_PLAN not in scope:
                scope.append(MandateScope.REGIONAL_PLAN)
            scope = scope or [MandateScope.REGIONAL_PLAN]
            revoked_on, reason = None, ""
            if kind == "expiring":
                valid_from = today - days(rng.randint(200, 1000))
                valid_until = today + days(rng.randint(0, EXPIRING_WITHIN.days))
            elif kind == "expired":
                valid_from = today - days(rng.randint(800, 2000))
                valid_until = today - days(rng.randint(1, 700))
            else:
                valid_from = today - days(rng.randint(30, 1000))
                valid_until = (
                    None
                    if rng.random() < 0.2
                    else today + days(rng.randint(EXPIRING_WITHIN.days + 1, 1100))
                )
                if kind == "revoked":
                    revoked_on = valid_from + days(rng.randint(0, (today - valid_from).days))
                    reason = "Mandaat opgezegd door de mandaterende organisatie."
            total = rng.randint(5, 400)
            name, email = self.person()
            rows.append(
                Mandate(
                    region=plan.region,
                    discipline=discipline,
                    organisation_id=plan.monos[discipline.pk],
                    delegate_name=name,
                    delegate_email=email,
                    scope=scope,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    backing_practitioners=rng.randint(total // 2, total),
                    discipline_practitioners=total,
                    revoked_on=revoked_on,
                    revocation_reason=reason,
                )
            )
            if (
                kind == "valid"
                and MandateScope.CONTRACTING in scope
                and (discipline.pk not in plan.valid_contracting)
            ):
                plan.valid_contracting.append(discipline.pk)
        return rows

    def build_mandates(self, plans, counts):
        rows = []
        for plan, count in zip(plans, counts, strict=True):
            rows += self.mandate_rows(plan, count)
        Mandate.objects.bulk_create(rows, batch_size=BATCH)

    # --- agreements ----------------------------------------------------------------------------

    def period(self, status) -> tuple[datetime.date, datetime.date]:
        rng, year = self.rng, self.today.year
        if status == AgreementStatus.ENDED:
            end = year - rng.randint(1, 2)
            start = end - rng.randint(0, 1)
        elif status == AgreementStatus.ACTIVE:
            start = year - rng.randint(0, 1)
            end = year + rng.randint(0, 2)
        else:
            start = year + rng.randint(0, 1)
            end = start + rng.randint(0, 2)
        return datetime.date(start, 1, 1), datetime.date(end, 12, 31)

    def build_agreements(self, plans, counts, reviewers):
        rng = self.rng
        statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        serial = 0
        drafts = []  # (agreement, plan, parties, disciplines, goals, budget, targets)
        for plan, count in zip(plans, counts, strict=True):
            lead_id = plan.region.lead_insurer_id
            followers = [i for i in plan.insurer_ids if i != lead_id]
            for k in range(count):
                # The first agreements run through every status once, then by weight.
                status = (
                    statuses[serial]
                    if serial < len(statuses)
                    else rng.choices(statuses, weights)[0]
                )
                serial += 1
                signed = status == AgreementStatus.AWAITING_SIGNATURES or (
                    status in SIGNED_STATUSES and rng.random() < SIGNED_SHARE
                )
                kind = rng.choice(SCALE_SIGNED_TYPES if signed else REVIEWED_TYPES)
                start, end = self.period(status)
                agreement = Agreement(
                    region=plan.region,
                    reference=f"{plan.region.code.upper()}-{k + 1:03d}",
                    title=f"{TYPE_TITLES[kind]} {start.year}-{end.year}",
                    type=kind,
                    procurement_model="" if signed else rng.choice(SCALE_MODELS),
                    status=status,
                    period_start=start,
                    period_end=end,
                    description="Afspraak tussen het samenwerkingsverband en "
                    "zorgverzekeraars (schaaldata).",
                    main_tasks=sorted(rng.sample(MainTask.values, rng.randint(1, 3))),
                )
                if signed:
                    founders = sorted(plan.monos.values())
                    parties = [(oid, False) for oid in rng.sample(founders, min(3, len(founders)))]
                else:
                    parties = [(lead_id, True)] + [
                        (oid, False)
                        for oid in rng.sample(followers, rng.randint(0, min(2, len(followers))))
                    ]
                pool = (
                    plan.valid_contracting
                    if status != AgreementStatus.DRAFT
                    else [d.pk for d in self.primary]
                )
                first = self.minimum[0].pk
                others = [d for d in pool if d != first]
                covered = (
                    [first]
                    if signed
                    else [first, *rng.sample(others, min(rng.randint(0, 3), len(others)))]
                )
                covered.sort(key=lambda pk: self.by_id[pk].sort_order)
                goals = rng.sample(plan.goals, min(len(plan.goals), rng.randint(1, 3)))
                budget, targets = [], []
                drafts.append((agreement, plan, parties, covered, goals, budget, targets))
                if signed:
                    continue
                for year in range(start.year, min(end.year, start.year + 2) + 1):
                    for segment in Segment.values:
                        chance = {"S1": 0.15, "S2": 1.0, "S3": 0.4}[segment]
                        if rng.random() < chance:
                            budget.append(
                                (year, segment, money(rng.randrange(10_000, 1_000_000, 250)))
                            )
                for name, unit, base, goal in rng.sample(TARGET_TEMPLATES, rng.randint(1, 4)):
                    targets.append(
                        (name, unit, money(rng.randint(*base)), money(rng.randint(*goal)))
                    )
        Agreement.objects.bulk_create([d[0] for d in drafts], batch_size=BATCH)

        party_rows, covered_rows, goal_rows, budget_rows, target_rows = [], [], [], [], []
        versions, review_plan, signature_plan = [], [], []
        for agreement, plan, parties, covered, goals, budget, targets in drafts:
            region_id = plan.region.pk
            own_parties = [
                AgreementParty(
                    region_id=region_id, agreement=agreement, organisation_id=oid, is_lead=is_lead
                )
                for oid, is_lead in parties
            ]
            party_rows += own_parties
            for did in covered:
                covered_rows.append(
                    AgreementDiscipline(region_id=region_id, agreement=agreement, discipline_id=did)
                )
            for goal in goals:
                goal_rows.append(AgreementGoal(region_id=region_id, agreement=agreement, goal=goal))
            for year, segment, amount in budget:
                budget_rows.append(
                    BudgetLine(
                        region_id=region_id,
                        agreement=agreement,
                        year=year,
                        segment=segment,
                        amount=amount,
                        description=f"Segment {segment} {year}",
                    )
                )
            for name, unit, baseline, goal_value in targets:
                target_rows.append(
                    Target(
                        region_id=region_id,
                        agreement=agreement,
                        name=name,
                        unit=unit,
                        baseline=baseline,
                        goal=goal_value,
                    )
                )
            if agreement.status == AgreementStatus.DRAFT:
                continue
            if agreement.is_signed_by_parties:
                version = AgreementVersion(
                    region_id=region_id,
                    agreement=agreement,
                    number=1,
                    snapshot={},  # frozen below, once the rows are written
                    submitted_by_id=plan.staff_id,
                )
                versions.append(version)
                signature_plan.append((version, own_parties, plan.staff_id))
                continue
            rounds = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)  # changes asked before
            for number in range(1, rounds + 1):
                version = AgreementVersion(
                    region_id=region_id,
                    agreement=agreement,
                    number=number,
                    snapshot={},  # frozen below, once the rows are written
                    submitted_by_id=plan.staff_id,
                )
                versions.append(version)
                latest = number == rounds
                review_plan.append((version, parties, latest, agreement))

        AgreementParty.objects.bulk_create(party_rows, batch_size=BATCH)
        AgreementDiscipline.objects.bulk_create(covered_rows, batch_size=BATCH)
        AgreementGoal.objects.bulk_create(goal_rows, batch_size=BATCH)
        BudgetLine.objects.bulk_create(budget_rows, batch_size=BATCH)
        Target.objects.bulk_create(target_rows, batch_size=BATCH)
        frozen = snapshots({version.agreement for version in versions})
        for version in versions:
            version.snapshot = frozen[version.agreement_id]
        AgreementVersion.objects.bulk_create(versions, batch_size=BATCH)
        Review.objects.bulk_create(self.reviews(review_plan, reviewers), batch_size=BATCH)
        Signature.objects.bulk_create(self.signatures(signature_plan), batch_size=BATCH)

    def signatures(self, signature_plan) -> list[Signature]:
        """Every party signed an agreement in force; some have signed one awaiting signatures."""
        rng, rows = self.rng, []
        for version, parties, staff_id in signature_plan:
            agreement = version.agreement
            signing = parties
            if agreement.status == AgreementStatus.AWAITING_SIGNATURES:
                signing = rng.sample(parties, rng.randint(0, len(parties) - 1))
            latest_day = min(self.today, agreement.period_start)
            for party in signing:
                rows.append(
                    Signature(
                        region_id=version.region_id,
                        agreement=agreement,
                        version=version,
                        party=party,
                        signatory=self.person()[0],
                        signed_on=latest_day - datetime.timedelta(days=rng.randint(0, 60)),
                        recorded_by_id=staff_id,
                    )
                )
        return rows

    def reviews(self, review_plan, reviewers) -> list[Review]:
        """The lead's review decides (volgen, representatie); under volgen the others may record
        a follow decision on the latest version once the lead approved it."""
        rng = self.rng
        lead_decision = {
            AgreementStatus.CHANGES_REQUESTED: ReviewDecision.REQUEST_CHANGES,
            AgreementStatus.APPROVED: ReviewDecision.APPROVE,
            AgreementStatus.ACTIVE: ReviewDecision.APPROVE,
            AgreementStatus.ENDED: ReviewDecision.APPROVE,
            AgreementStatus.REJECTED: ReviewDecision.REJECT,
            AgreementStatus.IN_REVIEW: None,
        }
        comments = {
            ReviewDecision.REQUEST_CHANGES: "Graag de doelstellingen per wijk uitsplitsen.",
            ReviewDecision.REJECT: "Past niet in het inkoopbeleid van dit jaar.",
            ReviewDecision.FOLLOW_PARTLY: "Wij volgen de inhoud, met een eigen tarief.",
        }
        rows = []
        for version, parties, latest, agreement in review_plan:
            decision = lead_decision[agreement.status] if latest else ReviewDecision.REQUEST_CHANGES
            if decision is None:
                continue
            lead_id = parties[0][0]
            rows.append(self.review(version, lead_id, reviewers, decision, comments, True))
            follows = (
                decision == ReviewDecision.APPROVE
                and agreement.procurement_model == ProcurementModel.FOLLOW
            )
            for oid, is_lead in parties[1:] if follows else ():
                if rng.random() < 0.7:
                    follow = rng.choice(FOLLOW_DECISIONS)
                    rows.append(self.review(version, oid, reviewers, follow, comments, is_lead))
        return rows

    @staticmethod
    def review(version, insurer_id, reviewers, decision, comments, is_lead) -> Review:
        return Review(
            region_id=version.region_id,
            agreement_id=version.agreement_id,
            version=version,
            insurer_id=insurer_id,
            reviewer_id=reviewers[insurer_id],
            decision=decision,
            comment=comments.get(decision, ""),
            by_lead_insurer=is_lead,
        )
