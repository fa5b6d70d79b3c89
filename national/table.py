"""The columns of the national table, shared by the page, the CSV and xlsx exports and the API:
Dutch header, group, definition, value, Dutch display format and sort key of each."""

import datetime
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter

from django.utils.translation import gettext as _

from agreements.models import AgreementStatus
from regions.formatting import euro, number, percentage
from regions.models import PHASE_ORDER, MainTask

from .services import RegionFigures, RegionTable


class Kind(Enum):
    TEXT = "text"
    COUNT = "count"
    SHARE = "share"  # a fraction, shown as a percentage
    EURO = "euro"
    YES_NO = "yes-no"


FORMATS = {
    Kind.TEXT: lambda value: value or "–",
    Kind.COUNT: number,
    Kind.SHARE: lambda value: percentage(value, 1),
    Kind.EURO: euro,
    Kind.YES_NO: lambda value: _("ja") if value else _("nee"),
}
# Kinds with a national median on the drill-down page
NUMERIC = {Kind.COUNT, Kind.SHARE, Kind.EURO}


class Group(Enum):
    REGION = "region"
    PHASE = "phase"
    MANDATES = "mandates"
    ALLIANCES = "alliances"
    AGREEMENTS = "agreements"
    BUDGET = "budget"

    @property
    def label(self) -> str:
        return {
            Group.REGION: _("Regio"),
            Group.PHASE: _("Fase en hoofdtaken"),
            Group.MANDATES: _("Mandaten"),
            Group.ALLIANCES: _("Wijkverbanden"),
            Group.AGREEMENTS: _("Afspraken"),
            Group.BUDGET: _("Budget"),
        }[self]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[RegionFigures], object]
    kind: Kind = Kind.COUNT
    sort_value: Callable[[RegionFigures], object] | None = None
    group: Group = Group.REGION
    definition: str = ""  # how the figure is computed, in a sentence or two

    def display(self, row: RegionFigures) -> str:
        return FORMATS[self.kind](self.value(row))

    def sort_key(self, row: RegionFigures):
        value = (self.sort_value or self.value)(row)
        return value.casefold() if isinstance(value, str) else value

    def median(self, rows: list[RegionFigures]):
        """The median of the rows that have a value; ``None`` for text or without values."""
        if self.kind not in NUMERIC:
            return None
        values = [value for row in rows if (value := self.value(row)) is not None]
        return statistics.median(values) if values else None

    def display_value(self, value) -> str:
        return FORMATS[self.kind](value)


def agreements_with(status):
    return lambda row: row.agreements[status]


def columns(table: RegionTable) -> list[Column]:
    """The table's columns in their groups, with the denominators and the year in their Dutch
    headers."""
    core = ", ".join(discipline.name for discipline in table.core_disciplines)
    return [
        Column("region", _("Regio"), attrgetter("name"), Kind.TEXT),
        Column(
            "care_office_region",
            _("Zorgkantoorregio"),
            attrgetter("care_office_region"),
            Kind.TEXT,
            definition=_("De zorgkantoorregio waarin de regio ligt, zoals de regio die opgaf."),
        ),
        Column(
            "lead_insurer",
            _("Preferente zorgverzekeraar"),
            attrgetter("lead_insurer"),
            Kind.TEXT,
            definition=_("De marktleider in de regio, die als eerste contracteert."),
        ),
        Column(
            "phase",
            _("Fase"),
            attrgetter("phase_label"),
            Kind.TEXT,
            sort_value=lambda row: PHASE_ORDER[row.phase],
            group=Group.PHASE,
            definition=_(
                "De fase waarin het samenwerkingsverband nu is: netwerkfase, afsprakenfase, "
                "organisatiefase of verdiepingsfase. Sorteren volgt de volgorde van de fasen."
            ),
        ),
        Column(
            "behind_roadmap",
            _("Achter op de routekaart"),
            attrgetter("behind_roadmap"),
            Kind.YES_NO,
            group=Group.PHASE,
            definition=_(
                "Ja als de fase van de regio vóór de fase ligt die de landelijke routekaart "
                "dit jaar verwacht (%(phase)s)."
            )
            % {"phase": table.expected_phase_label},
        ),
        Column(
            "tasks_in_place",
            _("Hoofdtaken ingericht (van %(n)d)") % {"n": len(MainTask)},
            attrgetter("tasks_in_place"),
            group=Group.PHASE,
            definition=_("Het aantal van de vijf hoofdtaken met de status ‘ingericht’."),
        ),
        Column(
            "core_mandated",
            _("Kerndisciplines met mandaat voor contractering (van %(n)d)")
            % {"n": len(table.core_disciplines)},
            attrgetter("core_mandated"),
            group=Group.MANDATES,
            definition=_(
                "Het aantal van de kerndisciplines (%(core)s) met vandaag een geldig mandaat "
                "waarvan de reikwijdte contractering met zorgverzekeraars omvat."
            )
            % {"core": core},
        ),
        Column(
            "disciplines_contracting",
            _("Disciplines vertegenwoordigd voor contractering (van %(n)d)")
            % {"n": len(table.disciplines)},
            attrgetter("disciplines_contracting"),
            group=Group.MANDATES,
            definition=_(
                "Het aantal eerstelijnsdisciplines met vandaag een geldig mandaat voor "
                "contractering; specialisten ouderengeneeskunde en artsen verstandelijk "
                "gehandicapten tellen ook mee als een zorgorganisatie van hun discipline in de "
                "regio werkt. Het doel voor 2030: alle disciplines."
            ),
        ),
        Column(
            "disciplines_mandated",
            _("Disciplines gemandateerd (van %(n)d)") % {"n": len(table.disciplines)},
            attrgetter("disciplines_mandated"),
            group=Group.MANDATES,
            definition=_(
                "Het aantal eerstelijnsdisciplines met vandaag een geldig mandaat, voor welke "
                "reikwijdte ook."
            ),
        ),
        Column(
            "population",
            _("Inwoners"),
            attrgetter("population"),
            group=Group.ALLIANCES,
            definition=_(
                "Alle inwoners van de regio zoals de regio die vastlegde; zolang dat ontbreekt "
                "(of de wijken samen meer inwoners hebben) de inwoners van de wijken samen."
            ),
        ),
        Column(
            "unassigned_population",
            _("Inwoners nog niet ingedeeld"),
            attrgetter("unassigned_population"),
            group=Group.ALLIANCES,
            definition=_("De inwoners van de regio die nog in geen geregistreerde wijk wonen."),
        ),
        Column(
            "neighbourhoods",
            _("Wijken"),
            attrgetter("neighbourhoods"),
            group=Group.ALLIANCES,
            definition=_("Het aantal wijken dat de regio registreerde."),
        ),
        Column(
            "complete_neighbourhoods",
            _("Wijken met compleet wijkverband"),
            attrgetter("complete_neighbourhoods"),
            group=Group.ALLIANCES,
            definition=_(
                "Wijken met voor elke kernspeler (huisarts, wijkverpleging, apotheek, sociaal "
                "domein) een actieve contactpersoon."
            ),
        ),
        Column(
            "coverage",
            _("Inwoners in een wijk met compleet wijkverband (%)"),
            attrgetter("coverage"),
            Kind.SHARE,
            group=Group.ALLIANCES,
            definition=_(
                "De inwoners van wijken met een compleet wijkverband, gedeeld door alle inwoners "
                "van de regio (ook die nog niet zijn ingedeeld)."
            ),
        ),
        Column(
            "open_escalated_bottlenecks",
            _("Open opgeschaalde knelpunten"),
            attrgetter("open_escalated_bottlenecks"),
            group=Group.ALLIANCES,
            definition=_(
                "Knelpunten die een wijk naar de regio opschaalde en die nog niet zijn opgelost."
            ),
        ),
        *(
            Column(
                f"agreements_{status}",
                _("Afspraken: %(status)s") % {"status": label},
                agreements_with(status),
                group=Group.AGREEMENTS,
                definition=_("Het aantal afspraken van de regio met de status ‘%(status)s’.")
                % {"status": label},
            )
            for status, label in AgreementStatus.choices
        ),
        Column(
            "contracted_budget",
            _("Gecontracteerd budget %(year)d (EUR)") % {"year": table.day.year},
            attrgetter("contracted_budget"),
            Kind.EURO,
            group=Group.BUDGET,
            definition=_(
                "De som van de begrotingsregels voor %(year)d in goedgekeurde en actieve afspraken."
            )
            % {"year": table.day.year},
        ),
    ]


def column_groups(table_columns: list[Column]) -> list[tuple[Group, int]]:
    """The groups of ``table_columns`` in order, each with the number of columns it spans."""
    groups = []
    for column in table_columns:
        if groups and groups[-1][0] is column.group:
            groups[-1] = (column.group, groups[-1][1] + 1)
        else:
            groups.append((column.group, 1))
    return groups


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
