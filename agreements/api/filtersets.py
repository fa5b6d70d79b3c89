import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from api.filtersets import RegionFilterSet, StableOrderingFilter

from ..models import Agreement, AgreementStatus, AgreementType


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


YEAR_HELP = _("Alleen afspraken waarvan de looptijd (een deel van) dit jaar beslaat.")


class AgreementFilterSet(RegionFilterSet):
    status = django_filters.ChoiceFilter(
        choices=AgreementStatus.choices, help_text=_("Alleen afspraken met deze status.")
    )
    type = django_filters.ChoiceFilter(
        choices=AgreementType.choices, help_text=_("Alleen afspraken van deze soort.")
    )
    year = extend_schema_field(
        {"type": "integer", "minimum": 2000, "maximum": 2100, "description": YEAR_HELP}
    )(YearFilter(method="filter_year", min_value=2000, max_value=2100, help_text=YEAR_HELP))
    ordering = StableOrderingFilter(
        fields=("updated_at", "reference"),
        field_labels={"updated_at": _("gewijzigd op"), "reference": _("kenmerk")},
        help_text=_("Sorteer op updated_at of reference; met een '-' ervoor aflopend."),
    )

    class Meta:
        model = Agreement
        fields = ["region", "status", "type", "year", "updated_since"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(
            period_start__lte=datetime.date(value, 12, 31),
            period_end__gte=datetime.date(value, 1, 1),
        )
