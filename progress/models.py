"""Progress over time: measurements of running agreements' targets, the national KPI catalogue,
realised budget, the reporting rhythm, and the history of a region's phase and main tasks.

This app depends on ``agreements`` and ``regions``; they never import it.
"""

import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementChild, BudgetLine, Target
from regions import formatting
from regions.constraints import FieldCheckConstraint, FieldUniqueConstraint
from regions.errors import DomainError
from regions.models import MainTask, Phase, TaskStatus
from regions.tenancy import RegionOwned


class Direction(models.TextChoices):
    HIGHER = "higher", _("hoger is beter")
    LOWER = "lower", _("lager is beter")


class Kpi(models.Model):
    """National reference data: an indicator from the vision documents that targets can use,
    so that regions' figures can be compared."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    unit = models.CharField(_("eenheid"), max_length=40)
    direction = models.CharField(_("richting"), max_length=10, choices=Direction.choices)
    definition = models.TextField(_("definitie"))
    national_aim = models.DecimalField(
        _("landelijk streven"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kernindicator")
        verbose_name_plural = _("kernindicatoren")

    def __str__(self):
        return self.name


class ReportingRhythm(models.TextChoices):
    QUARTERLY = "quarterly", _("per kwartaal")
    HALF_YEARLY = "half_yearly", _("per halfjaar")
    YEARLY = "yearly", _("per jaar")

    @property
    def months(self) -> int:
        return {"quarterly": 3, "half_yearly": 6, "yearly": 12}[self.value]


DEFAULT_RHYTHM = ReportingRhythm.QUARTERLY


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ReportingSchedule(AgreementChild):
    """How often the region reports on an agreement's targets (quarterly when not set)."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="reporting", verbose_name=_("afspraak")
    )
    rhythm = models.CharField(
        _("rapportageritme"),
        max_length=20,
        choices=ReportingRhythm.choices,
        default=DEFAULT_RHYTHM,
    )

    class Meta:
        verbose_name = _("rapportageritme")
        verbose_name_plural = _("rapportageritmes")

    def __str__(self):
        return f"{self.agreement.reference}: {self.get_rhythm_display()}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class TargetKpi(AgreementChild):
    """The KPI of the national catalogue a target measures."""

    target = models.OneToOneField(
        Target, on_delete=models.CASCADE, related_name="kpi_link", verbose_name=_("doelstelling")
    )
    kpi = models.ForeignKey(
        Kpi, on_delete=models.PROTECT, related_name="targets", verbose_name=_("kernindicator")
    )

    class Meta:
        verbose_name = _("kernindicator van een doelstelling")
        verbose_name_plural = _("kernindicatoren van doelstellingen")

    def __str__(self):
        return f"{self.target}: {self.kpi}"

    def inherit_region(self):
        if self.target_id is not None and self.agreement_id is None:
            self.agreement_id = self.target.agreement_id
        super().inherit_region()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Measurement(AgreementChild):
    """The value a target had over a period (a day or a quarter), with its source."""

    target = models.ForeignKey(
        Target,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("doelstelling"),
    )
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("peildatum"))
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    source = models.CharField(_("bron"), max_length=200)
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        ordering = ["target", "period_end"]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        constraints = [
            FieldUniqueConstraint(
                fields=["target", "period_start", "period_end"],
                name="measurement_once_per_period",
                field="period_end",
                violation_error_code="duplicate",
                violation_error_message=_(
                    "Voor deze doelstelling is over deze periode al een meting vastgelegd."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="measurement_period_ordered",
                field="period_end",
                violation_error_code="before_start",
                violation_error_message=_("De peildatum ligt vóór het begin van de periode."),
            ),
        ]
        indexes = [models.Index(fields=["agreement", "period_end"], name="measurement_period")]

    def __str__(self):
        return f"{self.target}: {self.value} ({self.period_label})"

    def inherit_region(self):
        if self.target_id is not None and self.agreement_id is None:
            self.agreement_id = self.target.agreement_id
        super().inherit_region()

    @property
    def quarter(self) -> int | None:
        """The quarter (1-4) when the period is one whole calendar quarter."""
        return quarter_of(self.period_start, self.period_end)

    @property
    def period_label(self) -> str:
        quarter = self.quarter
        if quarter:
            return _("K%(quarter)s %(year)s") % {"quarter": quarter, "year": self.period_end.year}
        if self.period_start == self.period_end:
            return formatting.day(self.period_end)
        return f"{formatting.day(self.period_start)} – {formatting.day(self.period_end)}"


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = (
        datetime.date(year, 12, 31)
        if end_month == 12
        else datetime.date(year, end_month + 1, 1) - datetime.timedelta(days=1)
    )
    return start, end


def quarter_of(start: datetime.date, end: datetime.date) -> int | None:
    quarter = (start.month - 1) // 3 + 1
    return quarter if (start, end) == quarter_bounds(start.year, quarter) else None


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class BudgetRealisation(AgreementChild):
    """What was actually spent of one budget line (its year and segment)."""

    budget_line = models.OneToOneField(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="realisation",
        verbose_name=_("budgetregel"),
    )
    amount = models.DecimalField(_("gerealiseerd (EUR)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gte=0),
                name="realisation_not_negative",
                field="amount",
                violation_error_code="negative",
                violation_error_message=_("Een bedrag kan niet negatief zijn."),
            ),
        ]

    def __str__(self):
        return f"{self.budget_line}: € {self.amount}"

    def inherit_region(self):
        if self.budget_line_id is not None and self.agreement_id is None:
            self.agreement_id = self.budget_line.agreement_id
        super().inherit_region()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RegionChange(RegionOwned):
    """One change of the region's phase (``task`` empty) or of one main task's status: who,
    when, from what to what, why, and optionally the agreement that shows it."""

    task = models.PositiveSmallIntegerField(
        _("hoofdtaak"), choices=MainTask.choices, null=True, blank=True
    )
    old_value = models.CharField(_("van"), max_length=20, blank=True)
    new_value = models.CharField(_("naar"), max_length=20)
    changed_on = models.DateField(_("datum"))
    reason = models.TextField(_("reden"))
    evidence = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("onderbouwing (afspraak)"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        ordering = ["region", "-changed_on", "-created_at"]
        verbose_name = _("wijziging van fase of hoofdtaak")
        verbose_name_plural = _("wijzigingen van fase en hoofdtaken")
        constraints = [
            FieldCheckConstraint(
                condition=(Q(task__isnull=True) & Q(new_value__in=Phase.values))
                | (Q(task__gte=1, task__lte=5) & Q(new_value__in=TaskStatus.values)),
                name="region_change_value_known",
                field="new_value",
                violation_error_code="unknown_value",
                violation_error_message=_("Kies een fase of een status uit de lijst."),
            ),
            FieldCheckConstraint(
                condition=~Q(reason=""),
                name="region_change_has_reason",
                field="reason",
                violation_error_code="required",
                violation_error_message=_("Vermeld de reden van de wijziging."),
            ),
        ]

    def __str__(self):
        return f"{self.region}: {self.subject} {self.old_label} → {self.new_label}"

    @property
    def is_phase(self) -> bool:
        return self.task is None

    @property
    def subject(self) -> str:
        return str(_("Fase")) if self.is_phase else self.get_task_display()

    def _label(self, value) -> str:
        choices = Phase if self.is_phase else TaskStatus
        return str(choices(value).label) if value in choices.values else value

    @property
    def old_label(self) -> str:
        return self._label(self.old_value) if self.old_value else "–"

    @property
    def new_label(self) -> str:
        return self._label(self.new_value)

    def clean(self):
        super().clean()
        if self.evidence_id and self.region_id and self.evidence.region_id != self.region_id:
            raise DomainError.single(
                _("Dit hoort bij een andere regio."), field="evidence", code="region"
            )
