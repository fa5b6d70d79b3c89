"""National governance: every region's figures at a glance, never personal data.

This is the read side of the platform. It reads across the domain apps without tenant scoping
on purpose: what it hands out are counts and sums per region, never rows, names or free text.
Whose figures a user may see is decided in one place, :func:`dashboard_access`, which the page,
the exports and the API all use.

The figures of every region come from a fixed number of grouped queries joined here by region
id, so the number of queries does not grow with the number of regions.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from agreements.models import (
    CONTRACTED_STATUSES,
    Agreement,
    AgreementParty,
    AgreementStatus,
    BudgetLine,
)
from mandates.models import Mandate, MandateScope
from neighbourhoods.models import Bottleneck, Neighbourhood, complete_alliance_ids
from neighbourhoods.services import Coverage
from regions.models import Discipline, MainTask, Organisation, Phase, Region, RegionTask, TaskStatus
from regions.tenancy import Action, staff_region_ids

from .models import NationalSnapshot

TREND_DAYS = 365


# --- who sees what --------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardAccess:
    """The regions whose figures a user may see; national totals are for everyone with access."""

    regions: QuerySet
    region_ids: frozenset | None  # None: every region

    @property
    def is_national(self) -> bool:
        return self.region_ids is None

    def shows(self, region_id) -> bool:
        return self.region_ids is None or region_id in self.region_ids


def dashboard_access(user) -> DashboardAccess | None:
    """What ``user`` may see of the national dashboard, its exports and its API; ``None``: nothing.

    National governance and platform admins see every region. Regional staff (any staff role)
    see their own regions' rows and the national totals. Everyone else (insurers, coordinators
    without a staff role, anonymous users) sees nothing.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_platform_admin or user.is_national_governance:
        return DashboardAccess(regions=Region.objects.all(), region_ids=None)
    own = Region.objects.visible_to(user).filter(pk__in=staff_region_ids(user, Action.VIEW))
    region_ids = frozenset(own.values_list("pk", flat=True))
    return DashboardAccess(regions=own, region_ids=region_ids) if region_ids else None


# --- the figures of each region ---------------------------------------------------------------


@dataclass
class RegionFigures:
    region_id: int
    code: str
    name: str
    care_office_region: str
    phase: str
    lead_insurer_id: int | None
    lead_insurer: str | None
    tasks_in_place: int = 0
    core_mandated: int = 0
    disciplines_mandated: int = 0
    neighbourhoods: int = 0
    complete_neighbourhoods: int = 0
    population: int = 0
    covered_population: int = 0
    open_escalated_bottlenecks: int = 0
    agreements: dict = field(default_factory=dict)  # status -> count, every status present
    contracted_budget: Decimal = Decimal(0)

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def coverage(self) -> Decimal | None:
        """Share of the population living in a neighbourhood with a complete alliance."""
        return Coverage(self.population, self.covered_population).share


@dataclass(frozen=True)
class MandatedDisciplines:
    """(region id, discipline id) pairs with a mandate valid on a day, by the rules of
    :class:`mandates.models.MandateQuerySet`: for any scope, and for contracting with insurers."""

    valid: frozenset
    contracting: frozenset

    @classmethod
    def on(cls, day: datetime.date, region_ids: Iterable | None = None) -> "MandatedDisciplines":
        mandates = in_regions(Mandate.objects.valid_on(day), region_ids)

        def pairs(queryset):
            return frozenset(
                queryset.order_by().values_list("region_id", "discipline_id").distinct()
            )

        return cls(pairs(mandates), pairs(mandates.covering(MandateScope.CONTRACTING)))


@dataclass(frozen=True)
class RegionTable:
    day: datetime.date
    rows: list[RegionFigures]
    disciplines: list[Discipline]  # the primary-care disciplines, in their order

    @property
    def core_disciplines(self) -> list[Discipline]:
        """The disciplines every region must have mandated for contracting now."""
        return [discipline for discipline in self.disciplines if discipline.is_regional_minimum]


def in_regions(queryset, region_ids: Iterable | None, field_name="region_id"):
    return queryset if region_ids is None else queryset.filter(**{f"{field_name}__in": region_ids})


def primary_care_disciplines() -> list[Discipline]:
    return list(Discipline.objects.filter(is_primary_care=True))


def region_table(
    day: datetime.date,
    region_ids: Iterable | None = None,
    *,
    disciplines: list[Discipline] | None = None,
    mandated: MandatedDisciplines | None = None,
) -> RegionTable:
    """The figures of every region (or of ``region_ids``) on ``day``, ordered by region name.

    Ten queries however many regions there are; seven when ``disciplines`` and ``mandated`` are
    given.
    """
    disciplines = primary_care_disciplines() if disciplines is None else disciplines
    mandated = MandatedDisciplines.on(day, region_ids) if mandated is None else mandated
    regions = in_regions(Region.objects.order_by("name"), region_ids, "pk").values_list(
        "pk", "code", "name", "care_office_region", "phase", "lead_insurer_id", "lead_insurer__name"
    )
    rows = {
        pk: RegionFigures(
            pk,
            code,
            name,
            care_office,
            phase,
            insurer_id,
            insurer_name,
            agreements=dict.fromkeys(AgreementStatus.values, 0),
        )
        for pk, code, name, care_office, phase, insurer_id, insurer_name in regions
    }

    def grouped(queryset, *fields, **aggregates):
        """Rows of ``queryset`` grouped by region (and ``fields``), for regions in the table."""
        queryset = in_regions(queryset, region_ids).order_by()
        for values in queryset.values("region_id", *fields).annotate(**aggregates):
            row = rows.get(values["region_id"])
            if row is not None:  # a region created since the regions were read
                yield row, values

    in_place = RegionTask.objects.filter(status=TaskStatus.IN_PLACE)
    for row, values in grouped(in_place, n=Count("pk")):
        row.tasks_in_place = values["n"]

    primary_ids = {discipline.pk for discipline in disciplines}
    core_ids = {discipline.pk for discipline in disciplines if discipline.is_regional_minimum}
    for region_id, discipline_id in mandated.valid:
        if discipline_id in primary_ids and region_id in rows:
            rows[region_id].disciplines_mandated += 1
    for region_id, discipline_id in mandated.contracting:
        if discipline_id in core_ids and region_id in rows:
            rows[region_id].core_mandated += 1

    for row, values in grouped(
        Neighbourhood.objects.all(), n=Count("pk"), people=Sum("population")
    ):
        row.neighbourhoods, row.population = values["n"], values["people"]
    # A query of its own: as a FILTER of the one above, PostgreSQL would work out which
    # alliances are complete once for the count and again for the population.
    complete = Neighbourhood.objects.filter(pk__in=complete_alliance_ids())
    for row, values in grouped(complete, n=Count("pk"), people=Sum("population")):
        row.complete_neighbourhoods, row.covered_population = values["n"], values["people"]

    open_escalated = Bottleneck.objects.filter(escalated_at__isnull=False).exclude(
        status=Bottleneck.Status.RESOLVED
    )
    for row, values in grouped(open_escalated, n=Count("pk")):
        row.open_escalated_bottlenecks = values["n"]

    for row, values in grouped(Agreement.objects.all(), "status", n=Count("pk")):
        row.agreements[values["status"]] = values["n"]

    contracted = BudgetLine.objects.filter(year=day.year, agreement__status__in=CONTRACTED_STATUSES)
    for row, values in grouped(contracted, total=Sum("amount")):
        row.contracted_budget = values["total"]

    return RegionTable(day=day, rows=list(rows.values()), disciplines=disciplines)


# --- national totals and distributions --------------------------------------------------------


def national_totals(table: RegionTable) -> NationalSnapshot:
    """The national figures of ``table`` (which must hold every region), as an unsaved snapshot."""
    rows = table.rows
    agreements = Counter()
    for row in rows:
        agreements.update(row.agreements)
    phases = Counter(row.phase for row in rows)
    return NationalSnapshot(
        date=table.day,
        regions=len(rows),
        regions_by_phase={phase: phases[phase] for phase in Phase.values},
        regions_all_tasks_in_place=sum(row.tasks_in_place == len(MainTask) for row in rows),
        regions_core_mandated=sum(row.core_mandated == len(table.core_disciplines) for row in rows),
        regions_all_mandated=sum(
            row.disciplines_mandated == len(table.disciplines) for row in rows
        ),
        neighbourhoods=sum(row.neighbourhoods for row in rows),
        complete_neighbourhoods=sum(row.complete_neighbourhoods for row in rows),
        population=sum(row.population for row in rows),
        covered_population=sum(row.covered_population for row in rows),
        open_escalated_bottlenecks=sum(row.open_escalated_bottlenecks for row in rows),
        agreements_by_status={status: agreements[status] for status in AgreementStatus.values},
        contracted_budget=sum((row.contracted_budget for row in rows), Decimal(0)),
    )


@dataclass(frozen=True)
class DisciplineMandates:
    discipline: Discipline
    regions_mandated: int  # regions with a valid mandate for any scope
    regions_contracting: int  # regions with a valid mandate that covers contracting


@dataclass(frozen=True)
class InsurerAgreements:
    insurer: str
    by_status: dict  # status -> agreements the insurer is party to

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def agreements_per_insurer() -> list[InsurerAgreements]:
    """Per insurer, the agreements it is party to, by status; most agreements first."""
    names = dict(
        Organisation.objects.filter(kind=Organisation.Kind.INSURER).values_list("pk", "name")
    )
    counts: dict[int, dict] = {}
    # By the insurers' ids rather than a join on their kind, which PostgreSQL cannot estimate
    # (it expects few parties to be insurers, and sorts all of them on disk to group them).
    parties = (
        AgreementParty.objects.filter(organisation_id__in=list(names))
        .order_by()
        .values_list("organisation_id", "agreement__status")
        .annotate(n=Count("pk"))
    )
    for insurer_id, status, n in parties:
        counts.setdefault(insurer_id, dict.fromkeys(AgreementStatus.values, 0))[status] = n
    insurers = [InsurerAgreements(names[pk], by_status) for pk, by_status in counts.items()]
    return sorted(insurers, key=lambda insurer: (-insurer.total, insurer.insurer))


@dataclass(frozen=True)
class Overview:
    table: RegionTable
    totals: NationalSnapshot
    disciplines: list[DisciplineMandates]
    insurers: list[InsurerAgreements]
    trend: list[NationalSnapshot]


def national_overview(day: datetime.date) -> Overview:
    """Everything the national page shows, for every region; thirteen queries in all."""
    disciplines = primary_care_disciplines()
    mandated = MandatedDisciplines.on(day)
    table = region_table(day, disciplines=disciplines, mandated=mandated)
    valid = Counter(discipline_id for _region, discipline_id in mandated.valid)
    contracting = Counter(discipline_id for _region, discipline_id in mandated.contracting)
    return Overview(
        table=table,
        totals=national_totals(table),
        disciplines=[
            DisciplineMandates(discipline, valid[discipline.pk], contracting[discipline.pk])
            for discipline in disciplines
        ],
        insurers=agreements_per_insurer(),
        trend=list(
            NationalSnapshot.objects.filter(date__gt=day - datetime.timedelta(days=TREND_DAYS))
        ),
    )


# --- one region ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionDetail:
    figures: RegionFigures
    table: RegionTable
    tasks: list[tuple[MainTask, TaskStatus]]
    disciplines: list[tuple[Discipline, bool, bool]]  # mandated at all, for contracting
    bottleneck_themes: list[tuple[str, int, int]]  # theme label, open, of which escalated
    budget_by_segment: list[tuple[str, Decimal]]


def region_detail(region: Region, day: datetime.date) -> RegionDetail:
    """The aggregates of one region for the drill-down page: counts and statuses, no names."""
    disciplines = primary_care_disciplines()
    mandated = MandatedDisciplines.on(day, [region.pk])
    table = region_table(day, [region.pk], disciplines=disciplines, mandated=mandated)
    status_by_task = dict(RegionTask.objects.in_region(region).values_list("task", "status"))
    themes = (
        Bottleneck.objects.in_region(region)
        .exclude(status=Bottleneck.Status.RESOLVED)
        .order_by("theme")
        .values("theme")
        .annotate(n=Count("pk"), escalated=Count("pk", filter=Q(escalated_at__isnull=False)))
    )
    theme_labels = dict(Bottleneck._meta.get_field("theme").choices)
    budget = (
        BudgetLine.objects.in_region(region)
        .filter(year=day.year, agreement__status__in=CONTRACTED_STATUSES)
        .order_by("segment")
        .values_list("segment")
        .annotate(total=Sum("amount"))
    )
    return RegionDetail(
        figures=table.rows[0],
        table=table,
        tasks=[
            (task, TaskStatus(status_by_task.get(task.value, TaskStatus.NOT_STARTED)))
            for task in MainTask
        ],
        disciplines=[
            (
                discipline,
                (region.pk, discipline.pk) in mandated.valid,
                (region.pk, discipline.pk) in mandated.contracting,
            )
            for discipline in disciplines
        ],
        bottleneck_themes=[
            (theme_labels[values["theme"]], values["n"], values["escalated"]) for values in themes
        ],
        budget_by_segment=list(budget),
    )


# --- the daily snapshot ----------------------------------------------------------------------

SNAPSHOT_FIELDS = [
    f.name
    for f in NationalSnapshot._meta.concrete_fields
    if f.name not in ("id", "date", "taken_at")
]


def take_snapshot(day: datetime.date | None = None) -> NationalSnapshot:
    """Store the national figures of ``day`` (today); a second snapshot that day replaces it."""
    day = day or timezone.localdate()
    totals = national_totals(region_table(day))
    snapshot, _created = NationalSnapshot.objects.update_or_create(
        date=day, defaults={name: getattr(totals, name) for name in SNAPSHOT_FIELDS}
    )
    return snapshot
