"""Progress workflows: measurements, realised amounts, the reporting rhythm and KPI links of
running agreements; a region's phase and main-task changes; and what is due.

Like every app's services, each write takes the actor, runs in one transaction, records the
change history under the actor and raises :class:`DomainError` having written nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import transaction
from django.db.models import Count, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import (
    CONTRACTED_STATUSES,
    Agreement,
    AgreementStatus,
    AgreementType,
    BudgetLine,
    Target,
)
from agreements.signals import emit
from config.history import acting_as
from mandates.models import Mandate, MandateScope
from regions import formatting
from regions.errors import DomainError, save_validated
from regions.models import (
    Discipline,
    LegalForm,
    MainTask,
    Organisation,
    Phase,
    Region,
    RegionAction,
    RegionTask,
    TaskStatus,
)

from .models import (
    DEFAULT_RHYTHM,
    BudgetRealisation,
    Kpi,
    Measurement,
    RegionChange,
    ReportingRhythm,
    ReportingSchedule,
    TargetKpi,
    quarter_bounds,
)

# Measurements are recorded once the insurers approved the agreement and while it runs;
# realised amounts also after it ended (the last year is settled later).
MEASURABLE_STATUSES = CONTRACTED_STATUSES
REALISABLE_STATUSES = (*CONTRACTED_STATUSES, AgreementStatus.ENDED)
# An agreement between the regional parties that was concluded (it may have ended since).
CONCLUDED_STATUSES = REALISABLE_STATUSES


def _locked_agreement(agreement_id, statuses, message):
    agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
    if agreement.status not in statuses:
        raise DomainError.single(message, field="status", code="not_running", conflict=True)
    return agreement


# --- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        months = self.end.month - self.start.month + 1
        if self.start.year == self.end.year and self.start.day == 1:
            if months == 3 and self.start.month % 3 == 1:
                return _("K%(quarter)s %(year)s") % {
                    "quarter": (self.start.month - 1) // 3 + 1,
                    "year": self.start.year,
                }
            if months == 6 and self.start.month in (1, 7):
                return _("%(half)se halfjaar %(year)s") % {
                    "half": 1 if self.start.month == 1 else 2,
                    "year": self.start.year,
                }
            if months == 12:
                return str(self.start.year)
        return f"{formatting.day(self.start)} – {formatting.day(self.end)}"

    def holds(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def period_containing(rhythm: str, day: datetime.date) -> Period:
    """The calendar period of ``rhythm`` (a quarter, half year or year) that holds ``day``."""
    months = ReportingRhythm(rhythm).months
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    last_month = first_month + months - 1
    end = (
        datetime.date(day.year, 12, 31)
        if last_month == 12
        else datetime.date(day.year, last_month + 1, 1) - datetime.timedelta(days=1)
    )
    return Period(start, end)


def parse_quarter(text: str) -> Period | None:
    """``2026-K1`` or ``K1 2026`` (also with Q) as the quarter's period; ``None`` otherwise."""
    cleaned = text.strip().upper().replace("Q", "K").replace(" ", "-")
    parts = [part for part in cleaned.split("-") if part]
    if len(parts) != 2:
        return None
    quarter = next((p for p in parts if p.startswith("K")), None)
    year = next((p for p in parts if not p.startswith("K")), None)
    if not (quarter and year and quarter[1:].isdigit() and year.isdigit()):
        return None
    number, year_number = int(quarter[1:]), int(year)
    if not (1 <= number <= 4 and 2000 <= year_number <= 2100):
        return None
    return Period(*quarter_bounds(year_number, number))


def due_period(agreement: Agreement, rhythm: str, today: datetime.date) -> Period | None:
    """The latest reporting period of ``agreement`` that has ended by ``today``: the one a report
    is due for. ``None`` when no period of its running time has ended yet."""
    current = period_containing(rhythm, today)
    last_closed = period_containing(rhythm, current.start - datetime.timedelta(days=1))
    if last_closed.end < agreement.period_start:
        return None
    if last_closed.start > agreement.period_end:
        return period_containing(rhythm, agreement.period_end)
    return last_closed


# --- what is due -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportDue:
    """A report that is due and missing: the period and the targets without a measurement."""

    agreement: Agreement
    rhythm: str
    period: Period
    missing: list

    @property
    def rhythm_label(self) -> str:
        return ReportingRhythm(self.rhythm).label


def rhythm_of(agreement: Agreement) -> str:
    """The agreement's reporting rhythm; quarterly until someone chose another."""
    try:
        return agreement.reporting.rhythm
    except ReportingSchedule.DoesNotExist:
        return DEFAULT_RHYTHM


def reports_due(agreements, today: datetime.date) -> dict[int, ReportDue]:
    """Per approved or active agreement of ``agreements`` (a queryset the caller scoped), the
    report that is due and missing: its targets without a measurement in the latest period that
    has ended. One query whatever their number (a year's measurement dates per target)."""
    targets = (
        Target.objects.filter(
            agreement__in=agreements.filter(status__in=MEASURABLE_STATUSES).values("pk")
        )
        .select_related("agreement__reporting")
        .annotate(
            measured=ArrayAgg(
                "measurements__period_end",
                filter=Q(measurements__period_end__gt=today - datetime.timedelta(days=400)),
                default=Value([]),
            )
        )
        .order_by("agreement__reference", "name")
    )
    due = {}
    for target in targets:
        agreement = target.agreement
        rhythm = rhythm_of(agreement)
        period = due_period(agreement, rhythm, today)
        if period is None or any(period.holds(day) for day in target.measured):
            continue
        if agreement.pk not in due:
            due[agreement.pk] = ReportDue(agreement, rhythm, period, [])
        due[agreement.pk].missing.append(target)
    return due


# --- measurements, realised amounts, rhythm, KPI links ---------------------------------------


def record_measurement(
    actor,
    target: Target,
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
    today: datetime.date | None = None,
) -> Measurement:
    """Record what ``target`` measured over a period (a day: start and end the same)."""
    today = today or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        agreement = _locked_agreement(
            target.agreement_id,
            MEASURABLE_STATUSES,
            _("Metingen worden vastgelegd zodra de afspraak is goedgekeurd of actief is."),
        )
        if period_end and period_end > today:
            raise DomainError.single(
                _("De peildatum ligt in de toekomst."), field="period_end", code="future"
            )
        measurement = save_validated(
            Measurement(
                target=target,
                period_start=period_start,
                period_end=period_end,
                value=value,
                source=(source or "").strip(),
                note=note,
                recorded_by=actor,
            )
        )
        emit(agreement, "agreement.measurement_recorded", measurement=event_details(measurement))
        return measurement


def event_details(measurement: Measurement) -> dict:
    """The measurement in its event: fields of its API representation, in the same format,
    leaving out its free text (source and note; a party insurer reads them from the API)."""
    return {
        "id": measurement.pk,
        "target": measurement.target_id,
        "period_start": measurement.period_start.isoformat(),
        "period_end": measurement.period_end.isoformat(),
        "quarter": measurement.quarter,
        "value": f"{measurement.value:.2f}",
    }


def set_realisation(actor, budget_line: BudgetLine, *, amount, note="") -> BudgetRealisation:
    """Record (or correct) what was spent of ``budget_line``."""
    with transaction.atomic(), acting_as(actor):
        _locked_agreement(
            budget_line.agreement_id,
            REALISABLE_STATUSES,
            _("Een realisatie wordt vastgelegd zodra de afspraak is goedgekeurd."),
        )
        realisation = BudgetRealisation.objects.filter(
            budget_line=budget_line
        ).first() or BudgetRealisation(budget_line=budget_line)
        realisation.amount, realisation.note = amount, note
        return save_validated(realisation)


def set_rhythm(actor, agreement: Agreement, rhythm: str) -> ReportingSchedule:
    if rhythm not in ReportingRhythm.values:
        raise DomainError.single(
            _("Kies per kwartaal, per halfjaar of per jaar."), field="rhythm", code="invalid"
        )
    with transaction.atomic(), acting_as(actor):
        schedule, _created = ReportingSchedule.objects.get_or_create(
            agreement=agreement, defaults={"region_id": agreement.region_id, "rhythm": rhythm}
        )
        if schedule.rhythm != rhythm:
            schedule.rhythm = rhythm
            save_validated(schedule)
        return schedule


def link_kpi(actor, target: Target, kpi: Kpi | None) -> TargetKpi | None:
    """Let ``target`` measure ``kpi`` of the national catalogue (``None``: no KPI)."""
    with transaction.atomic(), acting_as(actor):
        link = TargetKpi.objects.filter(target=target).first()
        if kpi is None:
            if link is not None:
                link.delete()
            return None
        link = link or TargetKpi(target=target)
        link.kpi = kpi
        return save_validated(link)


@dataclass
class TargetSeries:
    """A target with its measurements in time order (and a chart of them, once drawn)."""

    target: Target
    measurements: list
    kpi: Kpi | None = None
    chart: str = ""

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def progress(self) -> float | None:
        """How far from the baseline to the goal the latest value is (0 = baseline, 1 = goal)."""
        target, latest = self.target, self.latest
        if latest is None or target.goal == target.baseline:
            return None
        return float((latest.value - target.baseline) / (target.goal - target.baseline))


def target_series(agreement: Agreement, *, until: datetime.date | None = None) -> list:
    """Every target of ``agreement`` with its measurements (up to ``until``), in two queries."""
    measurements = Measurement.objects.filter(agreement=agreement).select_related("recorded_by")
    if until is not None:
        measurements = measurements.filter(period_end__lte=until)
    by_target = defaultdict(list)
    for measurement in measurements.order_by("period_end", "period_start"):
        by_target[measurement.target_id].append(measurement)
    return [
        TargetSeries(
            target,
            by_target[target.pk],
            target.kpi_link.kpi if hasattr(target, "kpi_link") else None,
        )
        for target in agreement.targets.select_related("kpi_link__kpi").order_by("name")
    ]


def realised_amount(budget_line: BudgetLine) -> Decimal | None:
    """What was spent of ``budget_line`` (its realisation loaded by select_related), or None."""
    try:
        return budget_line.realisation.amount
    except BudgetRealisation.DoesNotExist:
        return None


def kpi_latest_values(regions=None) -> dict[int, list[tuple[int, Decimal]]]:
    """Per KPI id, the regions' latest measured values: ``[(region_id, value), ...]``.

    A region's latest value of a KPI is its measurement with the latest ``period_end`` (the
    peildatum) of any target linked to that KPI in an agreement that is approved, active or
    ended; of measurements with the same ``period_end`` (two targets, a day and a quarter), the
    one recorded last (the highest id). Figures only: no names, sources or notes. One query;
    ``regions`` narrows it (a queryset or ids).
    """
    rows = (
        Measurement.objects.filter(
            target__kpi_link__isnull=False, agreement__status__in=REALISABLE_STATUSES
        )
        .order_by("target__kpi_link__kpi_id", "region_id", "-period_end", "-id")
        .distinct("target__kpi_link__kpi_id", "region_id")
        .values_list("target__kpi_link__kpi_id", "region_id", "value")
    )
    if regions is not None:
        rows = rows.filter(region__in=regions)
    values = defaultdict(list)
    for kpi_id, region_id, value in rows:
        values[kpi_id].append((region_id, value))
    return dict(values)


# --- phase and main tasks --------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    phase: Phase
    label: str
    met: bool


PHASE_CRITERIA = {
    Phase.NETWORK: [
        ("parties", gettext_lazy("De partijen in de regio zijn bijeengebracht.")),
        ("plan", gettext_lazy("Het regioplan is uitgewerkt in een plan van aanpak.")),
    ],
    Phase.AGREEMENTS: [
        ("intent", gettext_lazy("Er is een intentieovereenkomst gesloten.")),
        ("cooperation", gettext_lazy("Er is een samenwerkingsovereenkomst gesloten.")),
    ],
    Phase.ORGANISATION: [
        ("entity", gettext_lazy("Er is een entiteit gevormd (een rechtsvorm, geen netwerk).")),
        (
            "representation",
            gettext_lazy(
                "De gemandateerde vertegenwoordiging is verbreed tot meer dan huisartsen, "
                "wijkverpleging en apotheek."
            ),
        ),
        (
            "insurer_agreement",
            gettext_lazy("Er zijn afspraken met zorgverzekeraars over doelen en taken (O&I)."),
        ),
    ],
    Phase.DEEPENING: [
        ("tasks", gettext_lazy("Het samenwerkingsverband heeft alle vijf hoofdtaken ingericht.")),
    ],
}


def phase_checklist(region: Region, today: datetime.date | None = None) -> list[Criterion]:
    """What the vision (seed 002 §6.1.2) expects of a region in each phase, and whether the
    region's data shows it. A guide with warnings: nothing here refuses a phase change."""
    today = today or timezone.localdate()
    concluded = set(
        Agreement.objects.filter(region=region, status__in=CONCLUDED_STATUSES)
        .values_list("type", flat=True)
        .distinct()
    )
    contracting = (
        Mandate.objects.filter(region=region)
        .valid_on(today)
        .covering(MandateScope.CONTRACTING)
        .aggregate(n=Count("discipline", distinct=True))["n"]
    )
    minimum = Discipline.objects.filter(is_regional_minimum=True).count()
    met = {
        "parties": Organisation.objects.filter(regions=region).count() >= 2,
        "plan": RegionAction.objects.filter(region=region).exists(),
        "intent": AgreementType.LETTER_OF_INTENT in concluded,
        "cooperation": AgreementType.COOPERATION in concluded,
        "entity": region.legal_form != LegalForm.NETWORK,
        "representation": contracting > minimum,
        "insurer_agreement": bool(
            concluded & {AgreementType.ORGANISATION_INFRASTRUCTURE, AgreementType.CARE_PROGRAMME}
        ),
        "tasks": RegionTask.objects.filter(region=region, status=TaskStatus.IN_PLACE).count()
        == len(MainTask),
    }
    return [
        Criterion(phase, str(label), met[key])
        for phase, criteria in PHASE_CRITERIA.items()
        for key, label in criteria
    ]


def unmet_for(checklist: list[Criterion], phase: str) -> list[Criterion]:
    """The criteria of ``phase`` and the phases before it that the region does not yet meet."""
    reached = Phase.values[: Phase.values.index(phase) + 1]
    return [c for c in checklist if c.phase in reached and not c.met]


def _evidence(region, evidence):
    if evidence is not None and evidence.region_id != region.pk:
        raise DomainError.single(
            _("Dit hoort bij een andere regio."), field="evidence", code="region"
        )
    return evidence


def change_phase(
    actor, region: Region, *, phase, changed_on, reason, evidence=None
) -> RegionChange:
    """Move ``region`` to ``phase``, recording who, when, from what and why."""
    with transaction.atomic(), acting_as(actor):
        locked = Region.objects.select_for_update().get(pk=region.pk)
        if phase == locked.phase:
            raise DomainError.single(
                _("De regio is al in deze fase."), field="phase", code="unchanged"
            )
        change = save_validated(
            RegionChange(
                region=locked,
                old_value=locked.phase,
                new_value=phase,
                changed_on=changed_on,
                reason=(reason or "").strip(),
                evidence=_evidence(locked, evidence),
                changed_by=actor,
            )
        )
        Region.objects.filter(pk=locked.pk).update(phase=phase, updated_at=timezone.now())
        region.phase = phase
        return change


def change_task(
    actor, region: Region, task: int, *, status, changed_on, reason, evidence=None
) -> RegionChange:
    """Set the status of main task ``task`` in ``region``, recording who, when, from and why."""
    if task not in MainTask.values:
        raise DomainError.single(_("Kies uit de vijf hoofdtaken."), field="task", code="invalid")
    with transaction.atomic(), acting_as(actor):
        current = RegionTask.objects.select_for_update().filter(region=region, task=task).first()
        old = current.status if current else TaskStatus.NOT_STARTED
        if status == old:
            raise DomainError.single(
                _("Deze hoofdtaak heeft deze status al."), field="status", code="unchanged"
            )
        change = save_validated(
            RegionChange(
                region=region,
                task=task,
                old_value=old,
                new_value=status,
                changed_on=changed_on,
                reason=(reason or "").strip(),
                evidence=_evidence(region, evidence),
                changed_by=actor,
            )
        )
        current = current or RegionTask(region=region, task=task)
        current.status = status
        save_validated(current)
        return change


def evidence_choices(region):
    """Agreements that can show a change: the region's, except drafts and rejected ones."""
    return (
        Agreement.objects.filter(region=region)
        .exclude(status__in=[AgreementStatus.DRAFT, AgreementStatus.REJECTED])
        .order_by("reference")
    )


def recent_changes(region, limit=None):
    changes = RegionChange.objects.filter(region=region).select_related("changed_by", "evidence")
    return changes[:limit] if limit else changes
