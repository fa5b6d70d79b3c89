import datetime
from collections import Counter

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regions.constraints import FieldCheckConstraint
from regions.errors import DomainError, Problem
from regions.formatting import ANONYMISED
from regions.models import Discipline, Organisation
from regions.tenancy import RegionOwned, RegionScopedQuerySet

EXPIRING_WITHIN = datetime.timedelta(days=90)


class MandateScope(models.TextChoices):
    CONTRACTING = "contracting", _("contractering met zorgverzekeraars")
    REGIONAL_PLAN = "regional_plan", _("regiobeeld en regioplan")
    ACUTE_CARE = "acute_care", _("ROAZ en acute zorg")
    CARE_PROGRAMMES = "care_programmes", _("zorgprogramma's")
    MUNICIPALITIES = "municipalities", _("afspraken met gemeenten")
    TRANSMURAL = "transmural", _("transmurale afspraken")
    BRIDGING_CARE = "bridging_care", _("overbruggingszorg")


class MandateStatus(models.TextChoices):
    VALID = "valid", _("geldig")
    EXPIRING = "expiring", _("verloopt binnenkort")
    NOT_YET_VALID = "not_yet_valid", _("nog niet geldig")
    EXPIRED = "expired", _("verlopen")
    REVOKED = "revoked", _("ingetrokken")


def covers(scope: str) -> Q:
    """Mandates whose scope includes ``scope``."""
    return Q(scope__contains=[scope])


class MandateQuerySet(RegionScopedQuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            valid_from__lte=day,
        )

    def covering(self, scope: str):
        return self.filter(covers(scope))

    def with_status(self, status, day: datetime.date):
        """The mandates whose :meth:`Mandate.status_on` ``day`` is ``status``, as one query."""
        not_revoked = Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)
        expiring = Q(valid_until__lte=day + EXPIRING_WITHIN)
        match MandateStatus(status):
            case MandateStatus.REVOKED:
                return self.filter(revoked_on__lte=day)
            case MandateStatus.NOT_YET_VALID:
                return self.filter(not_revoked, valid_from__gt=day)
            case MandateStatus.EXPIRED:
                return self.filter(not_revoked, valid_from__lte=day, valid_until__lt=day)
            case MandateStatus.EXPIRING:
                return self.valid_on(day).filter(expiring)
            case MandateStatus.VALID:
                return self.valid_on(day).exclude(expiring)

    def status_counts(self, day: datetime.date) -> dict[int, Counter]:
        """Per discipline (its id): how many of these mandates have each status on ``day``."""
        counts: dict[int, Counter] = {}
        for mandate in self.only("discipline_id", "valid_from", "valid_until", "revoked_on"):
            counts.setdefault(mandate.discipline_id, Counter())[mandate.status_on(day)] += 1
        return counts


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Mandate(RegionOwned):
    """A delegate mandated by a monodisciplinary organisation to represent a discipline."""

    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("discipline")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mandates",
        limit_choices_to={"kind": Organisation.Kind.MONODISCIPLINARY},
        verbose_name=_("mandaterende organisatie"),
    )
    delegate_name = models.CharField(_("gemandateerde"), max_length=120)
    delegate_email = models.EmailField(_("e-mailadres gemandateerde"), blank=True)
    scope = ArrayField(
        models.CharField(max_length=20, choices=MandateScope.choices),
        verbose_name=_("reikwijdte"),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    backing_practitioners = models.PositiveIntegerField(_("zorgverleners achter het mandaat"))
    discipline_practitioners = models.PositiveIntegerField(
        _("zorgverleners van de discipline in de regio")
    )
    revoked_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    revocation_reason = models.TextField(_("reden van intrekking"), blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["region", "discipline__sort_order", "-valid_from"]
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")
        constraints = [
            FieldCheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="mandate_period_ordered",
                field="valid_until",
                violation_error_code="before_start",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
            FieldCheckConstraint(
                condition=Q(discipline_practitioners__gt=0),
                name="mandate_discipline_has_practitioners",
                field="discipline_practitioners",
                violation_error_code="no_practitioners",
                violation_error_message=_(
                    "De discipline telt ten minste één zorgverlener in de regio."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(backing_practitioners__lte=F("discipline_practitioners")),
                name="mandate_backing_within_total",
                field="backing_practitioners",
                violation_error_code="backing_exceeds_total",
                violation_error_message=_(
                    "Er kunnen niet meer zorgverleners achter het mandaat staan dan er zijn."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(scope__len__gt=0),
                name="mandate_scope_not_empty",
                field="scope",
                violation_error_code="required",
                violation_error_message=_("Kies ten minste één onderwerp."),
            ),
            FieldCheckConstraint(
                condition=Q(revoked_on__isnull=True)
                | (Q(revoked_on__gte=F("valid_from")) & ~Q(revocation_reason="")),
                name="mandate_revocation_complete",
                field="revoked_on",
                violation_error_code="revocation_incomplete",
                violation_error_message=_(
                    "Een intrekking heeft een reden en ligt niet vóór de ingangsdatum."
                ),
            ),
        ]
        indexes = [models.Index(fields=["region", "discipline"], name="mandate_region_discipline")]

    def __str__(self):
        return f"{self.discipline} – {self.delegate_name}"

    @property
    def is_anonymised(self) -> bool:
        return self.delegate_name == ANONYMISED

    @property
    def backing_share(self):
        return self.backing_practitioners / self.discipline_practitioners

    def status_on(self, day: datetime.date) -> MandateStatus:
        if self.revoked_on is not None and self.revoked_on <= day:
            return MandateStatus.REVOKED
        if self.valid_from > day:
            return MandateStatus.NOT_YET_VALID
        if self.valid_until is not None and self.valid_until < day:
            return MandateStatus.EXPIRED
        if self.valid_until is not None and self.valid_until <= day + EXPIRING_WITHIN:
            return MandateStatus.EXPIRING
        return MandateStatus.VALID

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.status_on(day) in (MandateStatus.VALID, MandateStatus.EXPIRING)

    def covers(self, scope: str) -> bool:
        return scope in self.scope

    @staticmethod
    def organisation_choices(region):
        """Who may mandate in ``region``: the monodisciplinary organisations that work in it."""
        return Organisation.objects.working_in(region).filter(
            kind=Organisation.Kind.MONODISCIPLINARY
        )

    def clean(self):
        super().clean()
        problems = []
        if self.discipline_id and not self.discipline.is_primary_care:
            problems.append(
                Problem(
                    _("Alleen eerstelijnsdisciplines kunnen gemandateerd worden."),
                    "discipline",
                    "not_primary_care",
                )
            )
        if self.organisation_id:
            if self.organisation.kind != Organisation.Kind.MONODISCIPLINARY:
                problems.append(
                    Problem(
                        _("Een mandaat wordt gegeven door een monodisciplinaire organisatie."),
                        "organisation",
                        "not_monodisciplinary",
                    )
                )
            elif self.discipline_id and self.organisation.discipline_id != self.discipline_id:
                problems.append(
                    Problem(
                        _("Deze organisatie vertegenwoordigt een andere discipline."),
                        "organisation",
                        "other_discipline",
                    )
                )
            elif (
                self.region_id
                and not self.organisation_choices(self.region_id)
                .filter(pk=self.organisation_id)
                .exists()
            ):
                problems.append(
                    Problem(
                        _("Deze organisatie werkt niet in deze regio."),
                        "organisation",
                        "region",
                    )
                )
        if problems:
            raise DomainError(*problems)
