from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import Phase

from .services import Reason, RegionFigures, RegionTable, dashboard_access, region_table
from .table import Column, columns, sort_rows

DEFAULT_SORT = "region"
ANY_REASON = "any"


class RegionFilterForm(forms.Form):
    """Filters and sort order of the national table (page, exports and API alike).

    The choices come from the rows the user may see, so neither a filter nor its choices reveal
    anything of other regions; a sort key outside the table's columns is refused.
    """

    care_office_region = forms.ChoiceField(label=_("Zorgkantoorregio"), required=False)
    phase = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("alle fasen")), *Phase.choices]
    )
    lead_insurer = forms.TypedChoiceField(
        label=_("Preferente zorgverzekeraar"), required=False, coerce=int, empty_value=None
    )
    attention = forms.ChoiceField(
        label=_("Vraagt aandacht"),
        required=False,
        choices=[
            ("", _("alle regio's")),
            (ANY_REASON, _("om een of meer redenen")),
            *Reason.choices,
        ],
    )
    sort = forms.ChoiceField(label=_("Sorteren op"), required=False)

    def __init__(self, data, *, rows: list[RegionFigures], columns: list[Column]):
        super().__init__(data)
        self.columns = {column.key: column for column in columns}
        care_offices = sorted({row.care_office_region for row in rows}, key=str.casefold)
        self.fields["care_office_region"].choices = [
            ("", _("alle zorgkantoorregio's")),
            *((name, name) for name in care_offices),
        ]
        insurers = sorted(
            {(row.lead_insurer_id, row.lead_insurer) for row in rows if row.lead_insurer_id},
            key=lambda insurer: insurer[1].casefold(),
        )
        self.fields["lead_insurer"].choices = [("", _("alle zorgverzekeraars")), *insurers]
        # What the choices hold of the rows (the rest comes from the columns and the language).
        self.options = (tuple(care_offices), tuple(insurers))
        self.fields["sort"].choices = [("", _("regio"))] + [
            choice
            for column in columns
            for choice in (
                (column.key, f"{column.label} ↑"),
                (f"-{column.key}", f"{column.label} ↓"),
            )
        ]

    @property
    def sort_key(self) -> str:
        """The current sort choice (``key`` or ``-key``); the default when the form is invalid."""
        sort = self.cleaned_data.get("sort") if self.is_valid() else None
        return sort or DEFAULT_SORT

    def apply(self, rows: list[RegionFigures]) -> list[RegionFigures]:
        """The rows that pass the valid filters, in the chosen order."""
        data = self.cleaned_data if self.is_valid() else {}
        if care_office := data.get("care_office_region"):
            rows = [row for row in rows if row.care_office_region == care_office]
        if phase := data.get("phase"):
            rows = [row for row in rows if row.phase == phase]
        if insurer := data.get("lead_insurer"):
            rows = [row for row in rows if row.lead_insurer_id == insurer]
        if (reason := data.get("attention")) == ANY_REASON:
            rows = [row for row in rows if row.attention]
        elif reason:
            rows = [row for row in rows if reason in row.attention_codes]
        key = self.sort_key
        return sort_rows(rows, self.columns[key.lstrip("-")], descending=key.startswith("-"))


def table_for(user, params) -> tuple[RegionTable, list[Column], RegionFilterForm]:
    """Today's table of the regions ``user`` may see, its columns, and the filters in ``params``
    (for the exports and the API); :class:`PermissionDenied` for those who may see nothing."""
    access = dashboard_access(user)
    if access is None:
        raise PermissionDenied
    table = region_table(timezone.localdate(), access.region_ids)
    table_columns = columns(table)
    return table, table_columns, RegionFilterForm(params, rows=table.rows, columns=table_columns)
