"""The columns of the national table, shared by the page, the CSV and xlsx exports and the API:
Dutch header, value, Dutch display format and sort key of each."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter

from django.utils.translation import gettext as _

from agreements.models import AgreementStatus
from regions.formatting import euro, number, percentage
from regions.models import MainTask, Phase

from .services import RegionFigures, RegionTable

PHASE_ORDER = {phase: index for index, phase in enumerate(Phase.values)}


class Kind(Enum):
    TEXT = "text"
    COUNT = "count"
    SHARE = "share"  # a fraction, shown as a percentage
    EURO = "euro"


FORMATS = {
    Kind.TEXT: lambda value: value or "–",
    Kind.COUNT: number,
    Kind.SHARE: lambda value: percentage(value, 1),
    Kind.EURO: euro,
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[RegionFigures], object]
    kind: Kind = Kind.COUNT
    sort_value: Callable[[RegionFigures], object] | None = None

    def display(self, row: RegionFigures) -> str:
        return FORMATS[self.kind](self.value(row))

    def sort_key(self, row: RegionFigures):
        value = (self.sort_value or self.value)(row)
        return value.casefold() if isinstance(value, str) else value


def agreements_with(status):
    return lambda row: row.agreements[status]


def columns(table: RegionTable) -> list[Column]:
    """The table's columns, with the denominators and the year in their Dutch headers."""
    return [
        Column("region", _("Regio"), attrgetter("name"), Kind.TEXT),
        Column(
            "care_office_region", _("Zorgkantoorregio"), attrgetter("care_office_region"), Kind.TEXT
        ),
        Column(
            "phase",
            _("Fase"),
            attrgetter("phase_label"),
            Kind.TEXT,
            sort_value=lambda row: PHASE_ORDER[row.phase],
        ),
        Column(
            "tasks_in_place",
            _("Hoofdtaken ingericht (van %(n)d)") % {"n": len(MainTask)},
            attrgetter("tasks_in_place"),
        ),
        Column(
            "core_mandated",
            _("Kerndisciplines met mandaat voor contractering (van %(n)d)")
            % {"n": len(table.core_disciplines)},
            attrgetter("core_mandated"),
        ),
        Column(
            "disciplines_mandated",
            _("Disciplines gemandateerd (van %(n)d)") % {"n": len(table.disciplines)},
            attrgetter("disciplines_mandated"),
        ),
        Column("neighbourhoods", _("Wijken"), attrgetter("neighbourhoods")),
        Column(
            "complete_neighbourhoods",
            _("Wijken met compleet wijkverband"),
            attrgetter("complete_neighbourhoods"),
        ),
        Column(
            "coverage",
            _("Inwoners in een wijk met compleet wijkverband (%)"),
            attrgetter("coverage"),
            Kind.SHARE,
        ),
        Column(
            "open_escalated_bottlenecks",
            _("Open opgeschaalde knelpunten"),
            attrgetter("open_escalated_bottlenecks"),
        ),
        *(
            Column(
                f"agreements_{status}",
                _("Afspraken: %(status)s") % {"status": label},
                agreements_with(status),
            )
            for status, label in AgreementStatus.choices
        ),
        Column(
            "contracted_budget",
            _("Gecontracteerd budget %(year)d (EUR)") % {"year": table.day.year},
            attrgetter("contracted_budget"),
            Kind.EURO,
        ),
        Column(
            "lead_insurer", _("Preferente zorgverzekeraar"), attrgetter("lead_insurer"), Kind.TEXT
        ),
    ]


def sort_keys() -> list[str]:
    """Every way to sort the table: a column's key, ascending, or with a minus, descending."""
    keys = [column.key for column in columns(RegionTable(datetime.date.min, [], []))]
    return [*keys, *(f"-{key}" for key in keys)]


def sort_rows(rows: list[RegionFigures], column: Column, descending=False) -> list[RegionFigures]:
    """Rows ordered by ``column``, ties by region name; rows without a value always last."""
    by_name = sorted(rows, key=lambda row: row.name.casefold())
    present = [row for row in by_name if column.sort_key(row) is not None]
    missing = [row for row in by_name if column.sort_key(row) is None]
    return sorted(present, key=column.sort_key, reverse=descending) + missing
