import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constraints import FieldCheckConstraint, FieldUniqueConstraint
from ..tenancy import RegionOwned


class IndicatorKind(models.TextChoices):
    """Figures a region records about itself; the regiobeeld shows each beside the country's."""

    SHARE_75_PLUS = "share_75_plus", _("aandeel inwoners van 75 jaar en ouder")
    GPS_PER_10000 = "gps_per_10000", _("huisartsen per 10.000 inwoners")
    PRACTICES_WITH_PATIENT_STOP = (
        "practices_patient_stop",
        _("huisartsenpraktijken met een patiëntenstop"),
    )
    DISTRICT_NURSES_PER_10000 = (
        "district_nurses_per_10000",
        _("wijkverpleegkundigen per 10.000 inwoners"),
    )
    SHARE_CHRONIC_CONDITION = (
        "share_chronic",
        _("aandeel inwoners met een chronische aandoening"),
    )

    @property
    def unit(self) -> str:
        return INDICATOR_UNITS[self]


INDICATOR_UNITS = {
    IndicatorKind.SHARE_75_PLUS: "%",
    IndicatorKind.GPS_PER_10000: _("per 10.000"),
    IndicatorKind.PRACTICES_WITH_PATIENT_STOP: "%",
    IndicatorKind.DISTRICT_NURSES_PER_10000: _("per 10.000"),
    IndicatorKind.SHARE_CHRONIC_CONDITION: "%",
}
PERCENTAGE_KINDS = [kind for kind, unit in INDICATOR_UNITS.items() if unit == "%"]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RegionIndicator(RegionOwned):
    """A figure the region recorded for a year (e.g. from CBS or Nivel), shown in the regiobeeld."""

    kind = models.CharField(_("indicator"), max_length=40, choices=IndicatorKind.choices)
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(
        _("waarde"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    source = models.CharField(
        _("bron"), max_length=120, blank=True, help_text=_("Bijvoorbeeld CBS of Nivel.")
    )

    class Meta:
        ordering = ["region", "kind", "-year"]
        verbose_name = _("indicator van de regio")
        verbose_name_plural = _("indicatoren van de regio")
        constraints = [
            FieldUniqueConstraint(
                fields=["region", "kind", "year"],
                name="region_indicator_once_a_year",
                field="year",
                violation_error_code="duplicate",
                violation_error_message=_("Deze indicator is voor dit jaar al vastgelegd."),
            ),
            FieldCheckConstraint(
                condition=Q(value__gte=0),
                name="region_indicator_not_negative",
                field="value",
                violation_error_code="negative",
                violation_error_message=_("Een waarde kan niet negatief zijn."),
            ),
            FieldCheckConstraint(
                condition=~Q(kind__in=PERCENTAGE_KINDS) | Q(value__lte=100),
                name="region_indicator_share_at_most_100",
                field="value",
                violation_error_code="percentage_above_100",
                violation_error_message=_("Een percentage ligt tussen 0 en 100."),
            ),
            FieldCheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="region_indicator_year_sane",
                field="year",
                violation_error_code="year_out_of_range",
                violation_error_message=_("Kies een jaar van 2000 tot en met 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}: {self.value}"

    @property
    def unit(self) -> str:
        return IndicatorKind(self.kind).unit
