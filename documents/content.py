"""What each document shows, read through the domain's own services and querysets.

Each builder returns plain data (lists and dataclasses, every query already run), so that the
template renders without touching the database and the time spent in queries can be told apart
from the time spent in templates and in WeasyPrint.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from pghistory.models import MiddlewareEvents

from agreements.models import (
    Agreement,
    AgreementGoal,
    AgreementStatus,
    AgreementVersion,
    BudgetLine,
    Review,
    ReviewDecision,
    Segment,
    Signature,
)
from agreements.rules import PROCUREMENT_RULES
from agreements.services import ROLES, mandate_check, positions_of
from mandates.models import Mandate, MandateScope, MandateStatus
from mandates.services import mandate_coverage
from neighbourhoods.models import Bottleneck, BottleneckTheme, Neighbourhood
from neighbourhoods.services import region_coverage
from progress.services import Period, realised_amount, target_series
from regions.models import (
    ActionStatus,
    Discipline,
    IndicatorKind,
    MainTask,
    RegionAction,
    RegionGoal,
    RegionIndicator,
    RegionTask,
    VisionGoal,
)

from .models import Document, DocumentKind, DocumentStatus

# Listed in the regiobeeld; the counts by theme and status cover all of them.
ESCALATED_LISTED = 12


# --- regiobeeld ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MandateRow:
    discipline: Discipline
    contracting: Mandate | None  # the discipline's mandate for contracting, valid if any is
    contracting_status: MandateStatus | None
    counts: tuple  # mandates of any scope per status, in the order of MandateStatus

    @property
    def contracting_ok(self) -> bool:
        return self.contracting_status in (MandateStatus.VALID, MandateStatus.EXPIRING)


@dataclass(frozen=True)
class IndicatorRow:
    kind: IndicatorKind
    year: int
    value: Decimal
    source: str
    national: Decimal | None
    national_regions: int

    @property
    def difference(self) -> Decimal | None:
        return None if self.national is None else self.value - self.national


@dataclass
class Regiobeeld:
    region: object
    day: datetime.date
    neighbourhoods: list
    core_disciplines: int
    coverage: object
    municipalities: list  # (name, complete, incomplete, population)
    mandate_rows: list
    bottleneck_counts: dict  # (theme, status) -> count
    escalated: list
    escalated_total: int
    tasks: list  # [RegionTask], one per main task
    indicators: list
    themes: list = field(default_factory=lambda: list(BottleneckTheme))
    statuses: list = field(default_factory=lambda: list(Bottleneck.Status))
    mandate_statuses: list = field(default_factory=lambda: list(MandateStatus))

    @property
    def population(self) -> int:
        """The region's population, also those not (yet) in one of its neighbourhoods."""
        return self.coverage.population

    @property
    def registered_population(self) -> int:
        return self.coverage.registered_population

    @property
    def unassigned_population(self) -> int:
        return self.coverage.unassigned_population

    @property
    def complete_count(self) -> int:
        return sum(1 for n in self.neighbourhoods if n.is_complete)

    @property
    def outside_norm_count(self) -> int:
        return sum(1 for n in self.neighbourhoods if n.population_outside_norm)

    @property
    def theme_rows(self) -> list:
        """(theme, counts per status, total) for every theme with a bottleneck."""
        rows = []
        for theme in self.themes:
            counts = [self.bottleneck_counts.get((theme, status), 0) for status in self.statuses]
            if sum(counts):
                rows.append((theme, counts, sum(counts)))
        return rows

    @property
    def status_totals(self) -> list:
        return [
            (status, sum(n for (_, s), n in self.bottleneck_counts.items() if s == status))
            for status in self.statuses
        ]

    @property
    def bottleneck_total(self) -> int:
        return sum(self.bottleneck_counts.values())

    @property
    def valid_mandates(self) -> int:
        return sum(1 for row in self.mandate_rows if row.contracting_ok)


def region_population():
    """The population of the row's region: as recorded, or what its neighbourhoods hold when
    that is more (as :meth:`neighbourhoods.services.Coverage.of` counts it)."""
    registered = Subquery(
        Neighbourhood.objects.filter(region=OuterRef("region"))
        .values("region")
        .annotate(total=Sum("population"))
        .values("total")
    )
    return Greatest(Coalesce(F("region__population"), 0), Coalesce(registered, 0))


def indicators(region) -> list[IndicatorRow]:
    """The region's latest figure of each kind, beside the national figure for that year: the
    mean over every region that recorded it, weighted by population. Two queries."""
    latest: dict[str, RegionIndicator] = {}
    for row in RegionIndicator.objects.in_region(region).order_by("kind", "-year"):
        latest.setdefault(row.kind, row)
    if not latest:
        return []
    wanted = Q()
    for row in latest.values():
        wanted |= Q(kind=row.kind, year=row.year)
    national = {
        (row["kind"], row["year"]): row
        for row in RegionIndicator.objects.filter(wanted)
        .annotate(population=region_population())
        .values("kind", "year")
        .annotate(
            weighted=Sum(F("value") * F("population")),
            population_total=Sum("population"),
            regions=Count("region", distinct=True),
        )
    }
    rows = []
    for kind in IndicatorKind:
        row = latest.get(kind.value)
        if row is None:
            continue
        figures = national[(row.kind, row.year)]
        value = None
        if figures["population_total"]:
            value = (figures["weighted"] / figures["population_total"]).quantize(Decimal("0.1"))
        rows.append(IndicatorRow(kind, row.year, row.value, row.source, value, figures["regions"]))
    return rows


def mandate_rows(region, day) -> list[MandateRow]:
    """Per primary-care discipline: its mandate for contracting with insurers (the valid one
    if there is one, else the one that comes closest) and how many mandates of any scope there
    are in each status on ``day``. Three queries."""
    counts = Mandate.objects.in_region(region).status_counts(day)
    return [
        MandateRow(
            discipline=line.discipline,
            contracting=line.mandate,
            contracting_status=line.status,
            counts=tuple(counts.get(line.discipline.pk, Counter())[s] for s in MandateStatus),
        )
        for line in mandate_coverage(region, day, MandateScope.CONTRACTING)
    ]


def regiobeeld(region, day: datetime.date) -> Regiobeeld:
    neighbourhoods = list(
        Neighbourhood.objects.in_region(region)
        .with_alliance_status()
        .with_open_bottlenecks()
        .order_by("municipality", "name")
    )
    municipalities: dict[str, list] = {}
    for neighbourhood in neighbourhoods:
        entry = municipalities.setdefault(neighbourhood.municipality, [0, 0, 0])
        entry[0 if neighbourhood.is_complete else 1] += 1
        entry[2] += neighbourhood.population
    counts = {
        (BottleneckTheme(row["theme"]), Bottleneck.Status(row["status"])): row["n"]
        for row in Bottleneck.objects.in_region(region)
        .values("theme", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    escalated = Bottleneck.objects.in_region(region).open_escalated()
    return Regiobeeld(
        region=region,
        day=day,
        neighbourhoods=neighbourhoods,
        core_disciplines=Discipline.objects.core().count(),
        coverage=region_coverage(region),
        municipalities=[(name, *entry) for name, entry in municipalities.items()],
        mandate_rows=mandate_rows(region, day),
        bottleneck_counts=counts,
        escalated=list(
            escalated.select_related("neighbourhood").order_by("-escalated_at")[:ESCALATED_LISTED]
        ),
        escalated_total=escalated.count(),
        tasks=RegionTask.objects.in_region(region).every_main_task(),
        indicators=indicators(region),
    )


# --- regioplan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingAgreement:
    agreement: Agreement
    budget: Decimal


@dataclass(frozen=True)
class GoalPlan:
    goal: RegionGoal  # with .action_list
    funding: list  # [FundingAgreement]: contracted agreements that serve the goal
    pending: list  # [FundingAgreement]: agreements that would, once the insurers approve them


@dataclass
class GoalSection:
    vision_goal: VisionGoal
    goals: list  # [GoalPlan]

    @property
    def action_counts(self) -> list:
        counts = Counter(a.status for plan in self.goals for a in plan.goal.action_list)
        return [counts.get(status, 0) for status in ActionStatus]


@dataclass
class Regioplan:
    region: object
    day: datetime.date
    sections: list
    action_statuses: list = field(default_factory=lambda: list(ActionStatus))

    @property
    def actions(self) -> list:
        return [a for s in self.sections for plan in s.goals for a in plan.goal.action_list]

    @property
    def goal_count(self) -> int:
        return sum(len(section.goals) for section in self.sections)

    @property
    def done_share(self) -> float | None:
        actions = self.actions
        if not actions:
            return None
        return sum(1 for a in actions if a.status == ActionStatus.DONE) / len(actions)

    @property
    def overdue(self) -> list:
        return [a for a in self.actions if a.overdue]

    @property
    def funded_goal_count(self) -> int:
        """Goals funded by a contracted agreement (approved or active)."""
        return sum(1 for s in self.sections for plan in s.goals if plan.funding)

    @property
    def pending_goal_count(self) -> int:
        """Goals not funded yet for which an agreement is being drawn up or reviewed."""
        return sum(1 for s in self.sections for p in s.goals if p.pending and not p.funding)


def regioplan(region, day: datetime.date) -> Regioplan:
    goals = list(
        RegionGoal.objects.in_region(region).prefetch_related(
            Prefetch(
                "actions",
                queryset=RegionAction.objects.with_overdue(day).order_by(
                    F("due_date").asc(nulls_last=True), "title"
                ),
                to_attr="action_list",
            )
        )
    )
    budgets = dict(
        BudgetLine.objects.in_region(region)
        .values("agreement")
        .annotate(total=Sum("amount"))
        .values_list("agreement", "total")
        .order_by()
    )
    # Contracted agreements fund a goal; drafts and those under review are shown apart; ended
    # and rejected ones no longer count.
    funding: dict[int, list[FundingAgreement]] = {}
    pending: dict[int, list[FundingAgreement]] = {}
    for link in (
        AgreementGoal.objects.in_region(region)
        .exclude(agreement__status__in=[AgreementStatus.ENDED, AgreementStatus.REJECTED])
        .select_related("agreement")
        .order_by("agreement__reference")
    ):
        (funding if link.agreement.is_contracted else pending).setdefault(link.goal_id, []).append(
            FundingAgreement(link.agreement, budgets.get(link.agreement_id, Decimal(0)))
        )
    sections = [
        GoalSection(
            vision_goal,
            [
                GoalPlan(goal, funding.get(goal.pk, []), pending.get(goal.pk, []))
                for goal in goals
                if goal.vision_goal == vision_goal
            ],
        )
        for vision_goal in VisionGoal
    ]
    return Regioplan(region=region, day=day, sections=sections)


# --- progress report --------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetYear:
    year: int
    planned: Decimal
    realised: Decimal | None  # None while nothing of the year is recorded as spent

    @property
    def difference(self) -> Decimal | None:
        return None if self.realised is None else self.realised - self.planned


@dataclass(frozen=True)
class StatusChange:
    moment: datetime.datetime
    old: str
    new: str
    by: object


@dataclass
class Changes:
    """What changed since the previous progress report of the agreement (by its period):
    measurements it did not show, and status changes and versions since it was asked for."""

    previous: object  # documents.models.Document
    measurements: list  # [(target, measurement)]
    status_changes: list
    versions: list

    @property
    def any(self) -> bool:
        return bool(self.measurements or self.status_changes or self.versions)


@dataclass
class ProgressReport:
    agreement: Agreement
    day: datetime.date
    period: Period | None
    parties: list
    budget_lines: list
    series: list  # [progress.services.TargetSeries], measurements up to the period's end
    changes: Changes | None
    versions: list
    reviews: list
    goals: list
    mandate_lines: list
    positions: list  # [agreements.services.Position]: each party's on the latest version
    segments: list = field(default_factory=lambda: list(Segment))

    @property
    def region(self):
        return self.agreement.region

    @property
    def main_tasks(self) -> list:
        return [MainTask(task) for task in sorted(self.agreement.main_tasks)]

    @property
    def who_decides(self) -> str | None:
        rule = PROCUREMENT_RULES.get(self.agreement.procurement_model)
        return str(rule.explanation) if rule else None

    @property
    def asks_contract_references(self) -> bool:
        """Whether each decider names its own contract (gelijkgerichte zorginkoop)."""
        rule = PROCUREMENT_RULES.get(self.agreement.procurement_model)
        return bool(rule and rule.needs_contract_reference)

    @property
    def position_rows(self) -> list:
        """(position, its role in words, the tone of its decision's pill) per party."""
        return [
            (position, ROLES[position.role], decision_tone(position.decision))
            for position in self.positions
        ]

    @property
    def budget_total(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines), Decimal(0))

    @property
    def budget_by_year(self) -> list:
        """(year, amount per NZa segment, amount from the sources without segments, total) for
        each year with a budget line."""
        years: dict[int, dict] = {}
        for line in self.budget_lines:
            amounts = years.setdefault(line.year, {})
            amounts[line.segment] = amounts.get(line.segment, Decimal(0)) + line.amount
        return [
            (
                year,
                [amounts.get(segment.value) for segment in self.segments],
                amounts.get(""),
                sum(amounts.values(), Decimal(0)),
            )
            for year, amounts in sorted(years.items())
        ]

    @property
    def has_other_sources(self) -> bool:
        return any(not line.segment for line in self.budget_lines)

    @property
    def planned_and_realised(self) -> list[BudgetYear]:
        years: dict[int, list] = {}
        for line in self.budget_lines:
            planned, realised = years.setdefault(line.year, [Decimal(0), None])
            spent = realised_amount(line)
            years[line.year] = [
                planned + line.amount,
                realised if spent is None else (realised or Decimal(0)) + spent,
            ]
        return [BudgetYear(year, *amounts) for year, amounts in sorted(years.items())]

    @property
    def mandates_ok(self) -> int:
        return sum(1 for line in self.mandate_lines if line.ok)

    @property
    def measured_targets(self) -> int:
        return sum(1 for row in self.series if row.measurements)

    @property
    def measurement_count(self) -> int:
        return sum(len(row.measurements) for row in self.series)


def decision_tone(review) -> str:
    """The pill of a decision: approving and following are good, rejecting and not following
    bad, the rest (a request for changes, following partly) a warning."""
    if review is None:
        return ""
    if review.decision in (
        ReviewDecision.APPROVE,
        ReviewDecision.FOLLOW_CONTENT,
        ReviewDecision.FOLLOW_PRICE,
        ReviewDecision.FOLLOW_BOTH,
    ):
        return "good"
    if review.decision in (ReviewDecision.REJECT, ReviewDecision.NOT_FOLLOW):
        return "bad"
    return "warning"


def previous_report(agreement: Agreement, period: Period):
    """The agreement's latest done progress report about a period before ``period``."""
    return (
        Document.objects.filter(
            agreement=agreement,
            kind=DocumentKind.PROGRESS_REPORT,
            status=DocumentStatus.DONE,
            period_end__lt=period.start,
        )
        .order_by("-period_end", "-created_at")
        .first()
    )


def status_changes(agreement: Agreement, since: datetime.datetime) -> list[StatusChange]:
    events = (
        MiddlewareEvents.objects.filter(
            pgh_model="agreements.AgreementEvent",
            pgh_obj_id=str(agreement.pk),
            pgh_created_at__gt=since,
        )
        .select_related("user")
        .order_by("pgh_created_at")
    )
    labels = dict(AgreementStatus.choices)
    return [
        StatusChange(
            event.pgh_created_at,
            str(labels.get(old, old)),
            str(labels.get(new, new)),
            event.user,
        )
        for event in events
        if event.pgh_diff and "status" in event.pgh_diff
        for old, new in [event.pgh_diff["status"]]
    ]


def changes_since(agreement: Agreement, period: Period, series: list) -> Changes | None:
    previous = previous_report(agreement, period)
    if previous is None:
        return None
    since = previous.created_at
    return Changes(
        previous=previous,
        measurements=[
            (row.target, measurement)
            for row in series
            for measurement in row.measurements
            if measurement.created_at > since or measurement.period_end > previous.period_end
        ],
        status_changes=status_changes(agreement, since),
        versions=list(
            AgreementVersion.objects.filter(agreement=agreement, created_at__gt=since)
            .select_related("submitted_by")
            .defer("snapshot")
            .order_by("number")
        ),
    )


def progress_report(
    agreement: Agreement, day: datetime.date, period: Period | None = None
) -> ProgressReport:
    """The progress report of ``agreement`` over ``period`` (none: everything up to ``day``)."""
    series = target_series(agreement, until=period.end if period else day)
    parties = list(agreement.parties.select_related("organisation"))
    versions = list(
        AgreementVersion.objects.filter(agreement=agreement)
        .select_related("submitted_by")
        .defer("snapshot")
        .order_by("number")
    )
    reviews = list(
        Review.objects.filter(agreement=agreement)
        .select_related("insurer", "version")
        .defer("version__snapshot")
        .order_by("created_at", "id")
    )
    latest = versions[-1] if versions else None
    signatures = (
        {s.party_id: s for s in Signature.objects.filter(version=latest)}
        if latest and agreement.is_signed_by_parties
        else {}
    )
    return ProgressReport(
        agreement=agreement,
        day=day,
        period=period,
        parties=parties,
        budget_lines=list(agreement.budget_lines.select_related("realisation")),
        series=series,
        changes=changes_since(agreement, period, series) if period else None,
        versions=versions,
        reviews=reviews,
        positions=positions_of(
            agreement,
            parties,
            [review for review in reviews if latest and review.version_id == latest.pk],
            signatures,
        ),
        goals=list(
            RegionGoal.objects.filter(pk__in=agreement.goals.values("goal_id")).order_by(
                "vision_goal", "title"
            )
        ),
        mandate_lines=mandate_check(agreement, day),
    )
