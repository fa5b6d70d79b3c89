"""National governance: every region's figures at a glance, never personal data.

This is the read side of the platform. It reads across the domain apps without tenant scoping
on purpose: what it hands out are counts and sums per region, never rows, names or free text.
Whose figures a user may see is decided in one place, :func:`dashboard_access`, which the page,
the exports and the API all use.

The figures of every region come from a fixed number of grouped queries joined here by region
id, so the number of queries does not grow with the number of regions.
"""

import calendar
import datetime
import statistics
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from agreements import rules
from agreements.models import (
    CONTRACTED_STATUSES,
    DECISIONS,
    INSURER_SOURCES,
    Agreement,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    BudgetLine,
    FundingSource,
    Review,
    ReviewDecision,
)
from agreements.services import FOLLOWING
from mandates.models import Mandate, MandateScope, covers
from neighbourhoods.models import Bottleneck, Neighbourhood, complete_alliance_ids
from neighbourhoods.services import Coverage
from progress.models import Kpi
from progress.services import kpi_latest_values
from regions.formatting import number, percentage
from regions.models import (
    PHASE_ORDER,
    Discipline,
    MainTask,
    Organisation,
    Phase,
    Region,
    RegionTask,
    Roadmap,
    TaskStatus,
)
from regions.permissions import Action, is_signed_in, may, staff_region_ids

from .models import REFERENCE_STAMP, FiguresStamp, NationalSnapshot, RegionSnapshot, share

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
    if not is_signed_in(user):
        return None
    if may(user, Action.SEE_NATIONAL):
        return DashboardAccess(regions=Region.objects.all(), region_ids=None)
    own = Region.objects.visible_to(user).filter(pk__in=staff_region_ids(user, Action.VIEW))
    region_ids = frozenset(own.values_list("pk", flat=True))
    return DashboardAccess(regions=own, region_ids=region_ids) if region_ids else None


# --- the figures of each region ---------------------------------------------------------------


class Reason(models.TextChoices):
    """Why a region needs attention on the national dashboard ("vraagt aandacht")."""

    CORE_MANDATE = (
        "core_mandate",
        gettext_lazy("geen mandaat voor contractering van een kerndiscipline"),
    )
    COVERAGE = "coverage", gettext_lazy("dekking onder de drempel")
    BOTTLENECKS = "bottlenecks", gettext_lazy("veel open opgeschaalde knelpunten")
    ROADMAP = "roadmap", gettext_lazy("achter op de routekaart")


@dataclass(frozen=True)
class Thresholds:
    """When a region needs attention (settings NATIONAL_COVERAGE_THRESHOLD and
    NATIONAL_ESCALATED_BOTTLENECKS_THRESHOLD)."""

    coverage: Decimal
    escalated_bottlenecks: int

    @classmethod
    def from_settings(cls) -> "Thresholds":
        return cls(
            Decimal(str(settings.NATIONAL_COVERAGE_THRESHOLD)),
            settings.NATIONAL_ESCALATED_BOTTLENECKS_THRESHOLD,
        )


@dataclass(frozen=True)
class AttentionReason:
    code: Reason
    text: str  # the reason with this region's figures, in the active language


@dataclass
class RegionFigures:
    region_id: int
    code: str
    name: str
    care_office_region: str
    phase: str
    lead_insurer_id: int | None
    lead_insurer: str | None
    region_population: int | None = None  # as the region recorded it
    municipalities: list = field(default_factory=list)
    expected_phase: str | None = None  # what the roadmap expects this year
    behind_roadmap: bool = False
    tasks_in_place: int = 0
    core_mandated: int = 0
    missing_core: list = field(default_factory=list)  # core disciplines without, by name
    disciplines_contracting: int = 0
    disciplines_mandated: int = 0
    neighbourhoods: int = 0
    complete_neighbourhoods: int = 0
    registered_population: int = 0
    covered_population: int = 0
    open_escalated_bottlenecks: int = 0
    agreements: dict = field(default_factory=dict)  # status -> count, every status present
    contracted_budget: Decimal = Decimal(0)
    budget_by_source: dict = field(default_factory=dict)  # funding source -> its contracted part
    attention: list = field(default_factory=list)  # AttentionReason, in the order of Reason
    presentations: dict = field(default_factory=dict, compare=False, repr=False)

    def kept(self, key, compute: Callable):
        """``compute()``, kept with this row under ``key``: what a page derives from the row
        alone (and what its overview's parts are kept by: the language, the reference data, the
        day) is computed once for it, also when the row is part of a later overview."""
        try:
            return self.presentations[key]
        except KeyError:
            return self.presentations.setdefault(key, compute())

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def expected_phase_label(self) -> str | None:
        return str(Phase(self.expected_phase).label) if self.expected_phase else None

    @property
    def coverage_figures(self) -> Coverage:
        return Coverage.of(
            self.region_population, self.registered_population, self.covered_population
        )

    @property
    def population(self) -> int:
        """The region's population: the denominator of its coverage."""
        return self.coverage_figures.population

    @property
    def unassigned_population(self) -> int:
        """Inhabitants not yet in a registered neighbourhood ("nog niet ingedeeld")."""
        return self.coverage_figures.unassigned_population

    @property
    def coverage(self) -> Decimal | None:
        """Share of the region's population living in a neighbourhood with a complete alliance."""
        return self.coverage_figures.share

    @property
    def attention_codes(self) -> list[str]:
        return [reason.code.value for reason in self.attention]


def attention_reasons(row: RegionFigures, thresholds: Thresholds) -> list[AttentionReason]:
    """Why ``row`` needs attention, if it does: each reason with the figure behind it."""
    reasons = []
    if row.missing_core:
        reasons.append(
            AttentionReason(
                Reason.CORE_MANDATE,
                _("geen mandaat voor contractering: %(disciplines)s")
                % {"disciplines": ", ".join(row.missing_core)},
            )
        )
    coverage = row.coverage
    if coverage is None:
        reasons.append(
            AttentionReason(Reason.COVERAGE, _("dekking onbekend: geen inwoners of wijken"))
        )
    elif coverage < thresholds.coverage:
        reasons.append(
            AttentionReason(
                Reason.COVERAGE,
                _("dekking %(coverage)s (drempel %(threshold)s)")
                % {
                    "coverage": percentage(coverage),
                    "threshold": percentage(thresholds.coverage),
                },
            )
        )
    if row.open_escalated_bottlenecks > thresholds.escalated_bottlenecks:
        reasons.append(
            AttentionReason(
                Reason.BOTTLENECKS,
                _("%(n)s open opgeschaalde knelpunten (drempel %(threshold)s)")
                % {
                    "n": number(row.open_escalated_bottlenecks),
                    "threshold": number(thresholds.escalated_bottlenecks),
                },
            )
        )
    if row.behind_roadmap:
        reasons.append(
            AttentionReason(
                Reason.ROADMAP,
                _("achter op de routekaart: %(phase)s, verwacht %(expected)s")
                % {"phase": row.phase_label, "expected": row.expected_phase_label},
            )
        )
    return reasons


@dataclass(frozen=True)
class MandatedDisciplines:
    """(region id, discipline id) pairs on a day: with a mandate valid for any scope, or for
    contracting with insurers (by the rules of :class:`mandates.models.MandateQuerySet`); and,
    for the disciplines the vision lets be represented through care organisations (SO, AVG),
    with such an organisation working in the region."""

    valid: frozenset
    contracting: frozenset
    through_care_organisations: frozenset = frozenset()

    @classmethod
    def on(cls, day: datetime.date, region_ids: Iterable | None = None) -> "MandatedDisciplines":
        # One scan of the mandates for both: per pair, how many of its valid mandates cover
        # contracting.
        mandates = list(
            in_regions(Mandate.objects.valid_on(day), region_ids)
            .order_by()
            .values_list("region_id", "discipline_id")
            .annotate(contracting=Count("pk", filter=covers(MandateScope.CONTRACTING)))
        )
        care = Organisation.regions.through.objects.filter(
            organisation__kind=Organisation.Kind.CARE_ORGANISATION,
            organisation__discipline__represented_by_care_organisations=True,
        )
        return cls(
            frozenset((region, discipline) for region, discipline, _n in mandates),
            frozenset((region, discipline) for region, discipline, n in mandates if n),
            frozenset(
                in_regions(care, region_ids)
                .order_by()
                .values_list("region_id", "organisation__discipline_id")
                .distinct()
            ),
        )

    def represented(self, disciplines: list[Discipline]) -> frozenset:
        """Pairs whose discipline is represented for contracting: by a mandate that covers it,
        or through a care organisation where the discipline allows that."""
        allowed = {d.pk for d in disciplines if d.represented_by_care_organisations}
        return self.contracting | {
            pair for pair in self.through_care_organisations if pair[1] in allowed
        }


@dataclass(frozen=True)
class RegionTable:
    day: datetime.date
    rows: list[RegionFigures]
    disciplines: list[Discipline]  # the primary-care disciplines, in their order
    roadmap: Roadmap = field(default_factory=lambda: Roadmap({}))
    thresholds: Thresholds = field(default_factory=lambda: Thresholds(Decimal(0), 0))

    @property
    def core_disciplines(self) -> list[Discipline]:
        """The disciplines every region must have mandated for contracting now."""
        return [discipline for discipline in self.disciplines if discipline.is_regional_minimum]

    @property
    def expected_phase(self) -> str | None:
        return self.roadmap.expected_phase(self.day.year)

    @property
    def expected_phase_label(self) -> str:
        expected = self.expected_phase
        return str(Phase(expected).label) if expected else "–"


def in_regions(queryset, region_ids: Iterable | None, field_name="region_id"):
    return queryset if region_ids is None else queryset.filter(**{f"{field_name}__in": region_ids})


def primary_care_disciplines() -> list[Discipline]:
    return list(Discipline.objects.primary_care())


def region_table(
    day: datetime.date,
    region_ids: Iterable | None = None,
    *,
    disciplines: list[Discipline] | None = None,
    mandated: MandatedDisciplines | None = None,
    roadmap: Roadmap | None = None,
) -> RegionTable:
    """The figures of every region (or of ``region_ids``) on ``day``, ordered by region name.

    Eleven queries however many regions there are; seven when ``disciplines``, ``mandated`` and
    ``roadmap`` are given.
    """
    disciplines = primary_care_disciplines() if disciplines is None else disciplines
    mandated = MandatedDisciplines.on(day, region_ids) if mandated is None else mandated
    roadmap = Roadmap.load() if roadmap is None else roadmap
    thresholds = Thresholds.from_settings()
    expected = roadmap.expected_phase(day.year)
    regions = in_regions(Region.objects.order_by("name"), region_ids, "pk").values_list(
        "pk",
        "code",
        "name",
        "care_office_region",
        "phase",
        "lead_insurer_id",
        "lead_insurer__name",
        "population",
        "municipalities",
    )
    statuses = AgreementStatus.values
    rows = {}
    for (
        pk,
        code,
        name,
        care_office,
        phase,
        insurer_id,
        insurer,
        population,
        municipalities,
    ) in regions:
        rows[pk] = RegionFigures(
            pk,
            code,
            name,
            care_office,
            phase,
            insurer_id,
            insurer,
            region_population=population,
            municipalities=municipalities,
            expected_phase=expected,
            behind_roadmap=roadmap.is_behind(phase, day.year),
            agreements=dict.fromkeys(statuses, 0),
        )

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
    core = [discipline for discipline in disciplines if discipline.is_regional_minimum]
    for region_id, discipline_id in mandated.valid:
        if discipline_id in primary_ids and region_id in rows:
            rows[region_id].disciplines_mandated += 1
    for region_id, discipline_id in mandated.represented(disciplines):
        if discipline_id in primary_ids and region_id in rows:
            rows[region_id].disciplines_contracting += 1
    for row in rows.values():
        row.missing_core = [
            discipline.name
            for discipline in core
            if (row.region_id, discipline.pk) not in mandated.contracting
        ]
        row.core_mandated = len(core) - len(row.missing_core)

    for row, values in grouped(
        Neighbourhood.objects.all(), n=Count("pk"), people=Sum("population")
    ):
        row.neighbourhoods, row.registered_population = values["n"], values["people"]
    # A query of its own: as a FILTER of the one above, PostgreSQL would work out which
    # alliances are complete once for the count and again for the population. Of the regions'
    # contacts only: of every contact, a region's would take as long as the whole country's.
    complete = Neighbourhood.objects.filter(pk__in=in_regions(complete_alliance_ids(), region_ids))
    for row, values in grouped(complete, n=Count("pk"), people=Sum("population")):
        row.complete_neighbourhoods, row.covered_population = values["n"], values["people"]

    for row, values in grouped(Bottleneck.objects.open_escalated(), n=Count("pk")):
        row.open_escalated_bottlenecks = values["n"]

    for row, values in grouped(Agreement.objects.all(), "status", n=Count("pk")):
        row.agreements[values["status"]] = values["n"]

    for row, values in grouped(
        BudgetLine.objects.contracted_in(day.year), "source", total=Sum("amount")
    ):
        row.budget_by_source[values["source"]] = values["total"]
        row.contracted_budget += values["total"]

    for row in rows.values():
        row.attention = attention_reasons(row, thresholds)
    return RegionTable(
        day=day,
        rows=list(rows.values()),
        disciplines=disciplines,
        roadmap=roadmap,
        thresholds=thresholds,
    )


# --- national totals and distributions --------------------------------------------------------


def regions_expected(regions: int) -> int:
    """The denominator of the "every region" aims: the regions the country expects
    (REGIONS_EXPECTED), or more when more are in the platform."""
    return max(settings.REGIONS_EXPECTED, regions)


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
        regions_expected=regions_expected(len(rows)),
        regions_by_phase={phase: phases[phase] for phase in Phase.values},
        regions_behind_roadmap=sum(row.behind_roadmap for row in rows),
        regions_all_tasks_in_place=sum(row.tasks_in_place == len(MainTask) for row in rows),
        regions_core_mandated=sum(not row.missing_core for row in rows),
        regions_all_mandated=sum(
            row.disciplines_contracting == len(table.disciplines) for row in rows
        ),
        neighbourhoods=sum(row.neighbourhoods for row in rows),
        complete_neighbourhoods=sum(row.complete_neighbourhoods for row in rows),
        population=sum(row.population for row in rows),
        registered_population=sum(row.registered_population for row in rows),
        covered_population=sum(row.covered_population for row in rows),
        open_escalated_bottlenecks=sum(row.open_escalated_bottlenecks for row in rows),
        agreements_by_status={status: agreements[status] for status in AgreementStatus.values},
        contracted_budget=sum((row.contracted_budget for row in rows), Decimal(0)),
    )


@dataclass(frozen=True)
class CareOfficeRegion:
    """The totals of one zorgkantoorregio: the sums of its regions."""

    name: str
    rows: list[RegionFigures]

    @property
    def regions(self) -> int:
        return len(self.rows)

    @property
    def population(self) -> int:
        return sum(row.population for row in self.rows)

    @property
    def unassigned_population(self) -> int:
        return sum(row.unassigned_population for row in self.rows)

    @property
    def covered_population(self) -> int:
        return sum(row.covered_population for row in self.rows)

    @property
    def coverage(self) -> Decimal | None:
        return share(self.covered_population, self.population)

    @property
    def regions_core_mandated(self) -> int:
        return sum(not row.missing_core for row in self.rows)

    @property
    def share_core_mandated(self) -> Decimal | None:
        return share(self.regions_core_mandated, self.regions)

    @property
    def regions_behind_roadmap(self) -> int:
        return sum(row.behind_roadmap for row in self.rows)

    @property
    def share_on_roadmap(self) -> Decimal | None:
        return share(self.regions - self.regions_behind_roadmap, self.regions)

    @property
    def earliest_phase(self) -> str:
        return min((row.phase for row in self.rows), key=PHASE_ORDER.__getitem__)

    @property
    def open_escalated_bottlenecks(self) -> int:
        return sum(row.open_escalated_bottlenecks for row in self.rows)

    @property
    def regions_needing_attention(self) -> int:
        return sum(bool(row.attention) for row in self.rows)

    @property
    def contracted_budget(self) -> Decimal:
        return sum((row.contracted_budget for row in self.rows), Decimal(0))


def care_office_regions(rows: list[RegionFigures]) -> list[CareOfficeRegion]:
    """The zorgkantoorregio's of ``rows``, by name, each with its regions (by name)."""
    by_name = defaultdict(list)
    for row in rows:
        by_name[row.care_office_region].append(row)
    return [
        CareOfficeRegion(name, sorted(by_name[name], key=lambda row: row.name.casefold()))
        for name in sorted(by_name, key=str.casefold)
    ]


def needing_attention(rows: list[RegionFigures]) -> list[RegionFigures]:
    """The regions that need attention: those with the most reasons first, then by name."""
    return sorted(
        (row for row in rows if row.attention),
        key=lambda row: (-len(row.attention), row.name.casefold()),
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class Change:
    """A figure now against the last snapshot taken on or before a reference day."""

    since: datetime.date | None  # the snapshot's date; None: no snapshot that old
    delta: Decimal | int | None


def change_since(trend: list[NationalSnapshot], current, attribute: str, reference) -> Change:
    """How ``attribute`` of ``current`` changed since the last snapshot of ``trend`` (in date
    order) taken on or before ``reference``."""
    earlier = [snapshot for snapshot in trend if snapshot.date <= reference]
    if not earlier:
        return Change(None, None)
    before, now = getattr(earlier[-1], attribute), getattr(current, attribute)
    if before is None or now is None:
        return Change(earlier[-1].date, None)
    return Change(earlier[-1].date, now - before)


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


def insurer_names() -> dict[int, str]:
    """The insurers by id: their names."""
    return dict(
        Organisation.objects.filter(kind=Organisation.Kind.INSURER).values_list("pk", "name")
    )


def insurer_agreements(insurers: Iterable[int], region_ids: Iterable | None = None) -> dict:
    """Per region (of ``region_ids``, or every region), per insurer of ``insurers``: the
    agreements it is party to, by status (the statuses it has agreements in). One query."""
    by_region: dict[int, dict] = {}
    # By the insurers' ids rather than a join on their kind, which PostgreSQL cannot estimate
    # (it expects few parties to be insurers, and sorts all of them on disk to group them).
    parties = (
        in_regions(AgreementParty.objects.filter(organisation_id__in=list(insurers)), region_ids)
        .order_by()
        .values_list("region_id", "organisation_id", "agreement__status")
        .annotate(n=Count("pk"))
    )
    for region_id, insurer_id, status, n in parties:
        by_region.setdefault(region_id, {}).setdefault(insurer_id, {})[status] = n
    return by_region


def agreements_per_insurer(names: dict, parts: Iterable[dict]) -> list[InsurerAgreements]:
    """Per insurer (``names``: by id), the agreements it is party to, by status, summed over
    ``parts`` (of :func:`insurer_agreements`); most agreements first."""
    statuses, counts = AgreementStatus.values, {}
    for part in parts:
        for insurer_id, by_status in part.items():
            total = counts.get(insurer_id)
            if total is None:
                total = counts[insurer_id] = dict.fromkeys(statuses, 0)
            for status, n in by_status.items():
                total[status] += n
    insurers = [InsurerAgreements(names[pk], by_status) for pk, by_status in counts.items()]
    return sorted(insurers, key=lambda insurer: (-insurer.total, insurer.insurer))


@dataclass
class InsurerContracting:
    """One insurer's contracting across the country, in the agreements bought under a
    procurement model (the README's *National dashboard* defines each figure)."""

    insurer: str
    decided: int = 0  # agreements it decided: its decision on the latest version
    contracted: int = 0  # agreements it is contracted in (``positions_of``), approved or active
    may_follow: int = 0  # under volgen, approved by the lead, this insurer another party
    followed: int = 0  # of those: followed on content, price, both or partly
    budget: dict = field(default_factory=dict)  # insurer source -> contracted budget this year

    @property
    def follow_rate(self) -> Decimal | None:
        return share(self.followed, self.may_follow)

    @property
    def contracted_budget(self) -> Decimal:
        return sum(self.budget.values(), Decimal(0))


@dataclass(frozen=True)
class Contracting:
    insurers: list[InsurerContracting]  # most contracted budget first, then by name
    budget_by_source: dict  # every funding source -> contracted budget this year, nationally


# Where the lead approved an agreement under volgen, the other insurers may follow it.
FOLLOWABLE_STATUSES = (*CONTRACTED_STATUSES, AgreementStatus.ENDED)


def _models_where(test: Callable[[rules.ModelRule], bool]) -> list[str]:
    return [model for model, rule in rules.PROCUREMENT_RULES.items() if test(rule)]


# Per region and insurer: its positions on the agreements bought under a procurement model as
# ``agreements.services.positions_of`` gives them, for every agreement at once (a change to those
# rules must be made here too): its decision is its latest on the latest version; it decides
# where each insurer does, or where the lead (representing) insurers do and it is one; else it
# follows under volgen and is informed under the other models. In an approved or active
# agreement a decider is contracted where the deciders decide for all or it approved, a follower
# once it follows, the informed always. Every party is summed, the insurers picked at the end: a
# join on the organisations' kind first makes PostgreSQL expect a handful of parties. With
# ``regions`` an array, only the agreements of those regions; with NULL, every agreement.
_IN_REGIONS = "(%(regions)s::bigint[] IS NULL OR {0}.region_id = ANY(%(regions)s::bigint[]))"
INSURER_POSITIONS = f"""
WITH latest_versions AS (
    SELECT DISTINCT ON (agreement_id) id FROM {AgreementVersion._meta.db_table} v
    WHERE {_IN_REGIONS.format("v")}
    ORDER BY agreement_id, number DESC
), latest AS (
    SELECT DISTINCT ON (r.agreement_id, r.insurer_id) r.agreement_id, r.insurer_id, r.decision
    FROM {Review._meta.db_table} r JOIN latest_versions v ON v.id = r.version_id
    WHERE {_IN_REGIONS.format("r")}
    ORDER BY r.agreement_id, r.insurer_id, r.created_at DESC, r.id DESC
), parties AS (
    SELECT a.region_id, p.organisation_id, p.agreement_id, p.cost_share, a.procurement_model,
        a.status, l.decision,
        a.procurement_model = ANY(%(each_decides)s)
            OR (p.is_lead AND a.procurement_model = ANY(%(leads_decide)s)) AS decides,
        a.status = ANY(%(in_force)s) AS in_force
    FROM {AgreementParty._meta.db_table} p
    JOIN {Agreement._meta.db_table} a ON a.id = p.agreement_id
    LEFT JOIN latest l ON l.agreement_id = p.agreement_id AND l.insurer_id = p.organisation_id
    WHERE a.procurement_model <> '' AND {_IN_REGIONS.format("a")}
), positions AS (
    SELECT region_id, organisation_id, agreement_id, cost_share, procurement_model, status,
        decision,
        decides AND coalesce(decision = ANY(%(decisions)s), false) AS decided,
        NOT decides AND procurement_model = ANY(%(others_follow)s) AS follows,
        in_force AND CASE
            WHEN decides THEN procurement_model = ANY(%(decide_for_all)s)
                OR coalesce(decision = %(approve)s, false)
            WHEN procurement_model = ANY(%(others_follow)s)
                THEN coalesce(decision = ANY(%(following)s), false)
            ELSE true
        END AS contracted
    FROM parties
), counts AS (
    SELECT region_id, organisation_id,
        count(*) FILTER (WHERE decided) AS decided,
        count(*) FILTER (WHERE contracted) AS contracted,
        count(*) FILTER (WHERE follows AND status = ANY(%(followable)s)) AS may_follow,
        count(*) FILTER (
            WHERE follows AND status = ANY(%(followable)s) AND decision = ANY(%(following)s)
        ) AS followed
    FROM positions GROUP BY region_id, organisation_id
), lines AS (
    SELECT b.agreement_id, b.source, sum(b.amount) AS total
    FROM {BudgetLine._meta.db_table} b JOIN {Agreement._meta.db_table} a ON a.id = b.agreement_id
    WHERE b.year = %(year)s AND a.status = ANY(%(in_force)s) AND b.source = ANY(%(sources)s)
        AND {_IN_REGIONS.format("a")}
    GROUP BY b.agreement_id, b.source
), budget AS (
    SELECT p.region_id, p.organisation_id, l.source, sum(
        CASE WHEN p.procurement_model = ANY(%(shared)s)
            THEN round(l.total * coalesce(p.cost_share, 0) / 100, 2)
            ELSE l.total
        END
    ) AS amount
    FROM positions p JOIN lines l ON l.agreement_id = p.agreement_id
    WHERE p.contracted
    GROUP BY p.region_id, p.organisation_id, l.source
)
SELECT c.region_id, c.organisation_id, o.name, c.decided, c.contracted, c.may_follow,
    c.followed, b.source, b.amount
FROM counts c
JOIN {Organisation._meta.db_table} o ON o.id = c.organisation_id AND o.kind = %(insurer)s
LEFT JOIN budget b ON b.region_id = c.region_id AND b.organisation_id = c.organisation_id
"""


def insurer_positions(day: datetime.date, region_ids: Iterable | None = None) -> dict:
    """Per region (of ``region_ids``, or every region), per insurer id: its contracting in the
    region's agreements (:class:`InsurerContracting`, as :func:`insurer_contracting` sums
    them). One query (:data:`INSURER_POSITIONS`)."""
    params = {
        "each_decides": _models_where(lambda rule: rule.deciders is rules.Deciders.EACH_INSURER),
        "leads_decide": _models_where(
            lambda rule: rule.deciders in (rules.Deciders.LEAD, rules.Deciders.REPRESENTING)
        ),
        "decide_for_all": _models_where(lambda rule: rule.outcome is rules.Outcome.ALL),
        "others_follow": _models_where(lambda rule: rule.others_follow),
        "shared": _models_where(lambda rule: rule.needs_price_and_shares),
        "in_force": list(CONTRACTED_STATUSES),
        "followable": list(FOLLOWABLE_STATUSES),
        "decisions": list(DECISIONS),
        "following": list(FOLLOWING),
        "approve": ReviewDecision.APPROVE,
        "insurer": Organisation.Kind.INSURER,
        "sources": list(INSURER_SOURCES),
        "year": day.year,
        "regions": None if region_ids is None else list(region_ids),
    }
    by_region: dict[int, dict[int, InsurerContracting]] = {}
    with connection.cursor() as cursor:
        cursor.execute(INSURER_POSITIONS, params)
        for region_id, pk, name, *counts, source, amount in cursor:
            row = by_region.setdefault(region_id, {}).setdefault(
                pk, InsurerContracting(name, *counts)
            )
            if source is not None:
                row.budget[source] = amount
    return by_region


def contracting_of(parts: Iterable[dict], budgets: Iterable[dict]) -> Contracting:
    """The contracting per insurer summed over ``parts`` (of :func:`insurer_positions`), and
    the contracted budget per funding source summed over ``budgets`` (source -> amount)."""
    insurers: dict[int, InsurerContracting] = {}
    for part in parts:
        for pk, position in part.items():
            row = insurers.setdefault(pk, InsurerContracting(position.insurer))
            row.decided += position.decided
            row.contracted += position.contracted
            row.may_follow += position.may_follow
            row.followed += position.followed
            for source, amount in position.budget.items():
                row.budget[source] = row.budget.get(source, Decimal(0)) + amount
    budget_by_source = dict.fromkeys(FundingSource.values, Decimal(0))
    for budget in budgets:
        for source, amount in budget.items():
            budget_by_source[source] += amount
    return Contracting(
        insurers=sorted(
            insurers.values(), key=lambda row: (-row.contracted_budget, row.insurer.casefold())
        ),
        budget_by_source=budget_by_source,
    )


def insurer_contracting(day: datetime.date) -> Contracting:
    """Per insurer: the agreements it decided, is contracted in, may follow and followed, and
    its contracted budget of ``day``'s year per insurer source: the budget lines of that year in
    the approved or active agreements it is contracted in; where costs are shared (gelijkgericht
    op inhoud en prijs) its cost share of each agreement's lines of a source, rounded to the
    cent, else the whole. Nationally: the contracted budget per funding source (all agreements,
    as the region table's). Two queries, summed in PostgreSQL (:data:`INSURER_POSITIONS`) per
    region and insurer, and here over the regions."""
    contracted_lines = (
        BudgetLine.objects.contracted_in(day.year)
        .order_by()
        .values_list("source")
        .annotate(total=Sum("amount"))
    )
    return contracting_of(insurer_positions(day).values(), [dict(contracted_lines)])


@dataclass(frozen=True)
class Overview:
    table: RegionTable
    totals: NationalSnapshot
    disciplines: list[DisciplineMandates]
    insurers: list[InsurerAgreements]
    contracting: Contracting
    trend: list[NationalSnapshot]
    reference: "Reference" = field(compare=False, repr=False)
    presentations: dict = field(default_factory=dict, compare=False, repr=False)

    def kept(self, key, compute: Callable):
        """``compute()``, kept with these figures under ``key``: what a page derives from the
        figures alone (and the language, which the figures are kept by) is as exact as they
        are, and is computed once for them."""
        try:
            return self.presentations[key]
        except KeyError:
            return self.presentations.setdefault(key, compute())

    def kept_with_reference(self, key, compute: Callable):
        """``compute()``, kept under ``key`` with the reference data: for every overview of the
        same reference data, day, language and thresholds, also after changes in regions; the
        key must hold whatever else the result depends on."""
        presentations = self.reference.presentations
        try:
            return presentations[key]
        except KeyError:
            return presentations.setdefault(key, compute())

    def change(self, attribute: str, months: int) -> Change:
        """How a national figure changed since ``months`` months ago (by the snapshots)."""
        return change_since(
            self.trend, self.totals, attribute, months_before(self.table.day, months)
        )


@dataclass(frozen=True)
class Reference:
    """What the figures of every region read beside each region's own rows: the reference data
    (stamped as a whole, ``REFERENCE_STAMP``) and the snapshots of the national trend."""

    disciplines: list[Discipline]  # the primary-care disciplines, in their order
    roadmap: Roadmap
    insurers: dict  # insurer id -> name
    trend: list[NationalSnapshot]
    presentations: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, day: datetime.date) -> "Reference":
        """Four queries."""
        return cls(
            disciplines=primary_care_disciplines(),
            roadmap=Roadmap.load(),
            insurers=insurer_names(),
            trend=list(
                NationalSnapshot.objects.filter(
                    date__gt=day - datetime.timedelta(days=TREND_DAYS)
                ).defer("agreements_by_status", "taken_at")
            ),
        )


@dataclass(frozen=True)
class RegionPart:
    """One region's share of the overview, computed from its own rows alone: its row of the
    table and what the national figures sum of the region."""

    row: RegionFigures
    mandated: frozenset  # discipline ids with a valid mandate for any scope
    contracting: frozenset  # discipline ids with a valid mandate that covers contracting
    agreements: dict  # insurer id -> status -> the region's agreements it is party to
    positions: dict  # insurer id -> its InsurerContracting in the region's agreements


def region_parts(
    day: datetime.date, reference: Reference, region_ids: Iterable | None = None
) -> dict[int, RegionPart]:
    """The part of every region (or of ``region_ids``) on ``day``, by region id in the order of
    the regions' names. Eleven queries however many regions there are."""
    mandated = MandatedDisciplines.on(day, region_ids)
    table = region_table(
        day,
        region_ids,
        disciplines=reference.disciplines,
        mandated=mandated,
        roadmap=reference.roadmap,
    )
    valid, contracting = defaultdict(set), defaultdict(set)
    for region_id, discipline_id in mandated.valid:
        valid[region_id].add(discipline_id)
    for region_id, discipline_id in mandated.contracting:
        contracting[region_id].add(discipline_id)
    agreements = insurer_agreements(reference.insurers, region_ids)
    positions = insurer_positions(day, region_ids)
    return {
        row.region_id: RegionPart(
            row,
            frozenset(valid[row.region_id]),
            frozenset(contracting[row.region_id]),
            agreements.get(row.region_id, {}),
            positions.get(row.region_id, {}),
        )
        for row in table.rows
    }


def overview_of(
    day: datetime.date, reference: Reference, thresholds: Thresholds, parts: list[RegionPart]
) -> Overview:
    """The overview of the regions of ``parts`` (every region, in the order of their names):
    the national figures summed from the regions' parts, no query."""
    table = RegionTable(
        day=day,
        rows=[part.row for part in parts],
        disciplines=reference.disciplines,
        roadmap=reference.roadmap,
        thresholds=thresholds,
    )
    mandated = Counter(pk for part in parts for pk in part.mandated)
    contracting = Counter(pk for part in parts for pk in part.contracting)
    return Overview(
        table=table,
        totals=national_totals(table),
        disciplines=[
            DisciplineMandates(discipline, mandated[discipline.pk], contracting[discipline.pk])
            for discipline in reference.disciplines
        ],
        insurers=agreements_per_insurer(reference.insurers, (part.agreements for part in parts)),
        contracting=contracting_of(
            (part.positions for part in parts), (part.row.budget_by_source for part in parts)
        ),
        trend=reference.trend,
        reference=reference,
    )


def compute_overview(day: datetime.date) -> Overview:
    """Everything the national page shows, for every region, computed anew; fifteen queries."""
    reference = Reference.load(day)
    parts = region_parts(day, reference)
    return overview_of(day, reference, Thresholds.from_settings(), list(parts.values()))


# The stamp of each region (None: never raised), in the order of the regions' names, after the
# reference stamp (its region id REFERENCE_STAMP; absent until reference data first changes).
FIGURES_STAMPS = f"""
SELECT region_id, version FROM (
    SELECT 0 AS regional, NULL AS name, region_id, version FROM {FiguresStamp._meta.db_table}
    WHERE region_id = {REFERENCE_STAMP}
    UNION ALL
    SELECT 1, r.name, r.id, s.version FROM {Region._meta.db_table} r
    LEFT JOIN {FiguresStamp._meta.db_table} s ON s.region_id = r.id
) AS stamps ORDER BY regional, name
"""


def figures_stamps() -> tuple[int | None, tuple]:
    """The reference stamp, and (region id, stamp) of every region in the order of their names,
    in one query: the database raises a region's stamp on every change of the rows of the region
    that the national figures read, and the reference stamp on every change of the other tables
    they read (:class:`national.models.FiguresStamp`). A stamp only ever grows."""
    with connection.cursor() as cursor:
        cursor.execute(FIGURES_STAMPS)
        stamps = cursor.fetchall()
    if stamps and stamps[0][0] == REFERENCE_STAMP:
        return stamps[0][1], tuple(stamps[1:])
    return None, tuple(stamps)


# What this process computed, shared by its requests (newest last; what they hold is read,
# never changed): overviews by every stamp they were computed from; and, by the reference
# stamp, day, language and thresholds, the reference data and each region's part with the
# region's stamp it was computed for.
KEPT_OVERVIEWS = 4
_overviews: OrderedDict = OrderedDict()
_parts: OrderedDict = OrderedDict()
_kept_lock = threading.Lock()


def _keep(kept: OrderedDict, key, value):
    with _kept_lock:
        kept[key] = value
        kept.move_to_end(key)
        while len(kept) > KEPT_OVERVIEWS:
            kept.popitem(last=False)


def national_overview(day: datetime.date) -> Overview:
    """Everything the national page shows, for every region.

    One query when this process computed it for the same stamps, day, language and settings.
    After a change in some regions, twelve: the parts of those regions are computed anew (of
    however many regions) and the national figures summed from every region's part; sixteen
    when the reference data, the day, the language or the thresholds changed. The stamps are
    read first: a part computed after a change its stamp does not show yet is only ever newer
    than its stamp, and that stamp does not come back.
    """
    reference_stamp, stamps = figures_stamps()
    thresholds = Thresholds.from_settings()
    context = (reference_stamp, day, get_language(), thresholds)
    key = (context, stamps, settings.REGIONS_EXPECTED)
    with _kept_lock:
        overview = _overviews.get(key)
        kept = _parts.get(context)
    if overview is not None:
        return overview
    if kept is None:
        reference, kept_parts = Reference.load(day), {}
        fresh = region_parts(day, reference)
    else:
        reference, kept_parts = kept
        changed = [pk for pk, stamp in stamps if pk not in kept_parts or kept_parts[pk][0] != stamp]
        fresh = region_parts(day, reference, changed) if changed else {}
    parts = {}
    for pk, stamp in stamps:
        if pk in fresh:
            parts[pk] = (stamp, fresh[pk])
        elif pk in kept_parts and kept_parts[pk][0] == stamp:
            parts[pk] = kept_parts[pk]
        # else: the region was deleted after the stamps were read
    overview = overview_of(day, reference, thresholds, [part for _stamp, part in parts.values()])
    _keep(_parts, context, (reference, parts))
    _keep(_overviews, key, overview)
    return overview


# --- the KPI catalogue across the regions ------------------------------------------------------


@dataclass(frozen=True)
class KpiDistribution:
    """One KPI of the catalogue and the latest value of each region that measured it."""

    kpi: Kpi
    values: list[Decimal]  # one per region, smallest first; no region named

    @property
    def median(self) -> Decimal | None:
        return statistics.median(self.values) if self.values else None


def kpi_distributions(access: DashboardAccess) -> tuple[int, list[KpiDistribution]]:
    """The number of regions ``access`` shows and, per KPI of the catalogue, those regions'
    latest values (as :func:`progress.services.kpi_latest_values` defines them). Two queries for
    a regional user, three for national governance, however many regions and measurements."""
    if access.is_national:
        regions, latest = Region.objects.count(), kpi_latest_values()
    else:
        regions, latest = len(access.region_ids), kpi_latest_values(access.region_ids)
    return regions, [
        KpiDistribution(kpi, sorted(value for _region, value in latest.get(kpi.pk, [])))
        for kpi in Kpi.objects.order_by("name")
    ]


# --- one region ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionDetail:
    figures: RegionFigures
    table: RegionTable  # every region: the national medians
    tasks: list[RegionTask]
    disciplines: list[tuple[Discipline, bool, bool]]  # mandated at all, for contracting
    bottleneck_themes: list[tuple[str, int, int]]  # theme label, open, of which escalated
    budget_by_source: list[tuple[str, str, Decimal]]  # source, segment (NZa only), amount
    trend: list[RegionSnapshot]


def region_detail(region: Region, day: datetime.date) -> RegionDetail:
    """The aggregates of one region for the drill-down page, beside every region's figures for
    the national medians: counts and statuses, no names. Sixteen queries."""
    disciplines = primary_care_disciplines()
    mandated = MandatedDisciplines.on(day)
    table = region_table(day, disciplines=disciplines, mandated=mandated)
    themes = (
        Bottleneck.objects.in_region(region)
        .unresolved()
        .order_by("theme")
        .values("theme")
        .annotate(n=Count("pk"), escalated=Count("pk", filter=Q(escalated_at__isnull=False)))
    )
    theme_labels = dict(Bottleneck._meta.get_field("theme").choices)
    budget = (
        BudgetLine.objects.in_region(region)
        .contracted_in(day.year)
        .order_by()
        .values_list("source", "segment")
        .annotate(total=Sum("amount"))
    )
    sources = list(FundingSource.values)
    return RegionDetail(
        figures=next(row for row in table.rows if row.region_id == region.pk),
        table=table,
        tasks=RegionTask.objects.in_region(region).every_main_task(),
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
        budget_by_source=sorted(budget, key=lambda row: (sources.index(row[0]), row[1])),
        trend=list(
            RegionSnapshot.objects.filter(
                region=region, date__gt=day - datetime.timedelta(days=TREND_DAYS)
            ).order_by("date")
        ),
    )


# --- the daily snapshot ----------------------------------------------------------------------

SNAPSHOT_FIELDS = [
    f.name
    for f in NationalSnapshot._meta.concrete_fields
    if f.name not in ("id", "date", "taken_at")
]
REGION_SNAPSHOT_FIELDS = [
    f.name for f in RegionSnapshot._meta.concrete_fields if f.name not in ("id", "date", "region")
]


def region_snapshots(table: RegionTable) -> list[RegionSnapshot]:
    """Every region's figures of ``table`` as unsaved snapshots."""
    return [
        RegionSnapshot(
            date=table.day,
            region_id=row.region_id,
            **{name: getattr(row, name) for name in REGION_SNAPSHOT_FIELDS},
        )
        for row in table.rows
    ]


def take_snapshot(day: datetime.date | None = None) -> NationalSnapshot:
    """Store the national figures and every region's of ``day`` (today); a second snapshot that
    day replaces the first."""
    day = day or timezone.localdate()
    table = region_table(day)
    totals = national_totals(table)
    with transaction.atomic():
        snapshot, _created = NationalSnapshot.objects.update_or_create(
            date=day, defaults={name: getattr(totals, name) for name in SNAPSHOT_FIELDS}
        )
        RegionSnapshot.objects.bulk_create(
            region_snapshots(table),
            update_conflicts=True,
            unique_fields=["region", "date"],
            update_fields=REGION_SNAPSHOT_FIELDS,
            batch_size=1000,
        )
    return snapshot
