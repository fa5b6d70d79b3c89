"""The national dashboard, its drill-down per region and its exports (read-only)."""

import csv
import io
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from agreements.models import INSURER_SOURCES, AgreementStatus, FundingSource, Segment
from regions import charts
from regions.formatting import MISSING, decimal_number, euro, number, percentage, rounded
from regions.models import PHASE_ORDER, MainTask, Phase, Region

from .forms import ANY_REASON, RegionFilterForm, table_for
from .services import (
    CareOfficeRegion,
    DashboardAccess,
    KpiDistribution,
    Reason,
    care_office_regions,
    dashboard_access,
    kpi_distributions,
    national_overview,
    needing_attention,
    region_detail,
)
from .table import NUMERIC, Kind, column_groups, columns
from .tiles import CARE_OFFICE_TILES

XLSX_FORMATS = {Kind.COUNT: "#,##0", Kind.SHARE: "0.0%", Kind.EURO: "#,##0.00"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def access_or_403(user) -> DashboardAccess:
    access = dashboard_access(user)
    if access is None:
        raise PermissionDenied
    return access


MAP_FIGURES = {
    "coverage": gettext_lazy("dekking"),
    "phase": gettext_lazy("fase"),
    "mandates": gettext_lazy("kernmandaten"),
    "roadmap": gettext_lazy("routekaart"),
}


@require_GET
@login_required
def dashboard(request):
    access = access_or_403(request.user)
    overview = national_overview(timezone.localdate())
    # What depends only on the figures and the regions the user sees is kept with the figures
    # (national_overview keeps them while nothing they read changes): built once, not per request.
    kept, scope = overview.kept, access.region_ids
    table = overview.table
    table_columns = columns(table)
    visible = [row for row in table.rows if access.shows(row.region_id)]
    form = RegionFilterForm(request.GET, rows=visible, columns=table_columns)
    rows = form.apply(visible)
    totals = overview.totals
    map_figure = request.GET.get("map")
    map_figure = map_figure if map_figure in MAP_FIGURES else "coverage"
    care_offices = kept(("care_offices", scope), lambda: care_office_regions(visible))
    context = {
        "access": access,
        "overview": overview,
        "totals": totals,
        "form": form,
        # Django writes a select's every option through a template: the filters as they are
        # when the page opens (none set) are written once for their options, also for the
        # overviews after changes in regions (the columns come from the reference data).
        "filters": (
            overview.kept_with_reference(("filters", form.options), partial(filter_fields, form))
            if form.is_valid() and not form.has_changed()
            else filter_fields(form)
        ),
        "columns": table_columns,
        "groups": column_groups(table_columns[1:]),  # the region column has the corner
        "headers": sort_headers(request, table_columns, form.sort_key),
        "rows": rows,
        "table_body": table_body(rows, table_columns),
        "aims": aims(overview),
        "roadmap": roadmap_card(overview),
        "attention": kept(("attention", scope), lambda: attention_card(visible)),
        "figures": national_figures(totals),
        "exports": export_links(request.GET.urlencode()),
        "statuses": [
            (label, number(totals.agreements_by_status[status]))
            for status, label in AgreementStatus.choices
        ],
        "contracting": contracting_card(overview),
        "care_office_head": CARE_OFFICE_HEAD,
        "care_offices": kept(
            ("care_office_rows", scope),
            lambda: [care_office_row(office) for office in care_offices],
        ),
        "map": kept(("map", scope, map_figure), lambda: care_office_map(care_offices, map_figure)),
        "map_figures": [
            (key, label, f"?{query_with(request, map=key)}#kaart", key == map_figure)
            for key, label in MAP_FIGURES.items()
        ],
        "distributions": kept(("distributions", scope), lambda: distributions(table, visible)),
        # The trend's charts read the snapshots alone: kept for the overviews after changes in
        # regions too.
        "charts": [
            *overview.kept_with_reference(
                ("trend_charts", totals.regions_expected),
                lambda: trend_charts(overview.trend, totals.regions_expected),
            ),
            *kept("charts", lambda: figures_charts(overview)),
        ],
    }
    return render(
        request, "national/dashboard.html", context, status=200 if form.is_valid() else 400
    )


def filter_fields(form) -> SafeString:
    return render_to_string("national/filters.html", {"form": form})


def table_body(rows, table_columns) -> SafeString:
    """The rows of the table as HTML, written here rather than in the template (57 to 570 rows
    of 23 cells): the region's name is each row's header and its drill-down link. Each row is
    written once for its figures (kept with the row, which later overviews share while the
    region does not change); a request puts them in its order."""
    base = reverse("national:region", args=["-"])[:-2]
    shown = {}  # the same value of the same kind is written once: most cells are small counts

    def cell(column, row) -> str:
        key = (column.kind, column.value(row))
        if key not in shown:
            text = escape(column.display_value(key[1]))
            shown[key] = f'<td class="{column.kind.value}">{text}</td>'
        return shown[key]

    def row_html(row) -> str:
        return (
            f'<tr><th scope="row"><a href="{base}{escape(row.code)}/">{escape(row.name)}</a></th>'
            + "".join(cell(column, row) for column in table_columns[1:])
            + "</tr>"
        )

    return mark_safe("".join(row.kept("table_row", partial(row_html, row)) for row in rows))


def query_with(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


def table_link(**filters) -> str:
    return f"{reverse('national:dashboard')}?{urlencode(filters)}#regios"


def signed(value, decimals=0) -> str:
    """A change as people write it: +1,8, ±0, or 1,8 after a minus sign (not a hyphen)."""
    if not value:
        return "±0"
    text = number(abs(value), decimals)
    return f"+{text}" if value > 0 else f"−{text}"


def change_lines(overview, attribute: str, points: bool) -> list[tuple[str, str]]:
    """The change of a national figure since last month and last quarter, as (label, text)."""
    lines = []
    for months, label in ((1, _("Sinds vorige maand")), (3, _("Sinds vorig kwartaal"))):
        change = overview.change(attribute, months)
        if change.delta is None:
            text = _("nog geen momentopname van toen")
        elif points:
            text = _("%(change)s procentpunt") % {"change": signed(change.delta * 100, 1)}
        else:
            text = signed(change.delta)
        lines.append((label, text))
    return lines


@dataclass(frozen=True)
class Aim:
    title: str
    share: str
    detail: str
    changes: list[tuple[str, str]]


def aims(overview) -> list[Aim]:
    """The two aims of the vision for 2030: how far the country is, against every region the
    country expects and every inhabitant of the regions, with their change."""
    totals = overview.totals
    missing = totals.regions_missing
    return [
        Aim(
            _("Elke regio een samenwerkingsverband met alle disciplines vertegenwoordigd"),
            percentage(totals.share_all_mandated, 1),
            _("%(n)s van %(total)s regio's; %(missing)s nog niet in het platform")
            % {
                "n": number(totals.regions_all_mandated),
                "total": number(totals.regions_expected),
                "missing": number(missing),
            }
            if missing
            else _("%(n)s van %(total)s regio's")
            % {
                "n": number(totals.regions_all_mandated),
                "total": number(totals.regions_expected),
            },
            change_lines(overview, "share_all_mandated", points=True),
        ),
        Aim(
            _("Elke inwoner in een wijk met een compleet hecht wijkverband"),
            percentage(totals.coverage, 1),
            _(
                "%(covered)s van %(population)s inwoners; %(unassigned)s nog niet ingedeeld. "
                "%(complete)s van %(neighbourhoods)s wijken compleet."
            )
            % {
                "covered": number(totals.covered_population),
                "population": number(totals.population),
                "unassigned": number(totals.unassigned_population),
                "complete": number(totals.complete_neighbourhoods),
                "neighbourhoods": number(totals.neighbourhoods),
            },
            change_lines(overview, "coverage", points=True),
        ),
    ]


def roadmap_years(roadmap, year: int) -> list[tuple[str, str, bool]]:
    """The roadmap as (years, phase, holds this year): consecutive years of a phase together."""
    spans = []
    for known, phase in sorted(roadmap.years.items()):
        if spans and spans[-1][2] == phase and spans[-1][1] == known - 1:
            spans[-1][1] = known
        else:
            spans.append([known, known, phase])
    expected = roadmap.expected_phase(year)
    return [
        (
            str(first) if first == last else f"{first}–{last}",
            str(Phase(phase).label),
            phase == expected and first <= year and (year <= last or last == max(roadmap.years)),
        )
        for first, last, phase in spans
    ]


def roadmap_card(overview) -> dict:
    """Regions per phase against the phase the roadmap expects this year."""
    table, totals = overview.table, overview.totals
    expected = table.expected_phase
    by_phase = totals.regions_by_phase
    behind_colour, on_colour = charts.PALETTE[1], charts.PALETTE[0]
    bars = []
    for phase, label in Phase.choices:
        behind = expected is not None and PHASE_ORDER[phase] < PHASE_ORDER[expected]
        text = number(by_phase[phase])
        if phase == expected:
            text = _("%(n)s · verwacht in %(year)d") % {"n": text, "year": table.day.year}
        bars.append(
            charts.Bar(str(label), by_phase[phase], text, behind_colour if behind else on_colour)
        )
    title = _("Regio's per fase tegen de routekaart")
    return {
        "chart": Chart(
            title,
            charts.bar_chart(
                "chart-roadmap",
                title,
                _(
                    "Het aantal regio's in elke fase; regio's in een fase vóór de fase die de "
                    "routekaart dit jaar verwacht, staan achter op de routekaart."
                ),
                bars,
                max(totals.regions, 1),
                label_width=130,
                plot_width=170,
                value_width=160,
                legend=[
                    (behind_colour, _("achter op de routekaart")),
                    (on_colour, _("op of voor de routekaart")),
                ],
            ),
            [_("Fase"), _("Regio's")],
            [(bar.label, [number(bar.value)]) for bar in bars],
        ),
        "expected": str(Phase(expected).label) if expected else None,
        "behind": number(totals.regions_behind_roadmap),
        "regions": number(totals.regions),
        "changes": change_lines(overview, "regions_behind_roadmap", points=False),
        "years": roadmap_years(table.roadmap, table.day.year),
        "link": table_link(attention=Reason.ROADMAP),
    }


def attention_card(rows) -> dict:
    """The regions that need attention, each with its reasons, and the count per reason."""
    needing = needing_attention(rows)
    per_reason = Counter(code for row in needing for code in row.attention_codes)
    base = reverse("national:region", args=["-"])[:-2]  # not reversed per region: hundreds
    regions = [(f"{base}{row.code}/", row.name, row.attention) for row in needing]
    return {
        "regions": regions,
        "list": attention_list(regions),
        "count": len(needing),
        "of": len(rows),
        "reasons": [
            (label, number(per_reason[code]), table_link(attention=code))
            for code, label in Reason.choices
        ],
        "link": table_link(attention=ANY_REASON),
    }


def attention_list(regions) -> SafeString:
    """The items of the attention list as HTML, written here rather than in the template: at
    570 regions it can list hundreds, each with its reasons."""
    if not regions:
        none = _("Geen regio vraagt nu aandacht.")  # outside the f-string: makemessages finds it
        return mark_safe(f"<li>{escape(none)}</li>")
    return mark_safe(
        "".join(
            f'<li><a href="{escape(link)}">{escape(name)}</a><ul class="reasons">'
            + "".join(
                f'<li class="reason reason--{reason.code}">{escape(reason.text)}</li>'
                for reason in reasons
            )
            + "</ul></li>"
            for link, name, reasons in regions
        )
    )


CARE_OFFICE_HEAD = [
    (Kind.COUNT.value, gettext_lazy("Regio's")),
    (Kind.COUNT.value, gettext_lazy("Inwoners")),
    (Kind.COUNT.value, gettext_lazy("Niet ingedeeld")),
    (Kind.SHARE.value, gettext_lazy("Dekking")),
    (Kind.COUNT.value, gettext_lazy("Alle kernmandaten")),
    (Kind.COUNT.value, gettext_lazy("Achter op routekaart")),
    (Kind.COUNT.value, gettext_lazy("Vraagt aandacht")),
    (Kind.COUNT.value, gettext_lazy("Open opgeschaald")),
    (Kind.EURO.value, gettext_lazy("Budget")),
]


def care_office_row(office: CareOfficeRegion) -> dict:
    """A zorgkantoorregio's totals as the page shows them, with its regions to open."""
    base = reverse("national:region", args=["-"])[:-2]
    return {
        "name": office.name,
        "link": table_link(care_office_region=office.name),
        "regions": [(f"{base}{row.code}/", row.name) for row in office.rows],
        "cells": [
            (kind, text)
            for (kind, _label), text in zip(
                CARE_OFFICE_HEAD,
                [
                    number(office.regions),
                    number(office.population),
                    number(office.unassigned_population),
                    percentage(office.coverage, 1),
                    number(office.regions_core_mandated),
                    number(office.regions_behind_roadmap),
                    number(office.regions_needing_attention),
                    number(office.open_escalated_bottlenecks),
                    euro(office.contracted_budget),
                ],
                strict=True,
            )
        ],
    }


# The insurer sources as the columns of the contracting table (their labels are long).
SOURCE_HEADERS = {
    FundingSource.INSURER_NZA: gettext_lazy("NZa-beleidsregel huisartsenzorg en MDZ"),
    FundingSource.ZVW_OTHER: gettext_lazy("Overige Zvw-middelen"),
}


def contracting_card(overview) -> dict:
    """Contracting per insurer (``national.services.insurer_contracting``) and the contracted
    budget per funding source, as the page shows them: national figures, no region's rows."""
    contracting, year = overview.contracting, overview.table.day.year
    budget_title = _("Gecontracteerd budget %(year)d") % {"year": year}
    head = [
        (Kind.COUNT.value, _("Besloten")),
        (Kind.COUNT.value, _("Gecontracteerd")),
        (Kind.COUNT.value, _("Kan volgen")),
        (Kind.COUNT.value, _("Gevolgd")),
        (Kind.SHARE.value, _("Volgpercentage")),
        *((Kind.EURO.value, SOURCE_HEADERS[source]) for source in INSURER_SOURCES),
        (Kind.EURO.value, budget_title),
    ]
    rows = [
        (
            row.insurer,
            list(
                zip(
                    (kind for kind, _label in head),
                    [
                        number(row.decided),
                        number(row.contracted),
                        number(row.may_follow),
                        number(row.followed),
                        percentage(row.follow_rate),
                        *(euro(row.budget.get(source, 0)) for source in INSURER_SOURCES),
                        euro(row.contracted_budget),
                    ],
                    strict=True,
                )
            ),
        )
        for row in contracting.insurers
    ]
    by_source = contracting.budget_by_source
    return {
        "head": head,
        "rows": rows,
        "definitions": [
            (
                _("Besloten"),
                _(
                    "Afspraken waarover de zorgverzekeraar volgens het inkoopmodel besluit en "
                    "waarover zij op de laatste versie een besluit vastlegde: goedkeuren, "
                    "wijziging vragen of afwijzen."
                ),
            ),
            (
                _("Gecontracteerd"),
                _(
                    "Goedgekeurde en actieve afspraken waarin de zorgverzekeraar gecontracteerd "
                    "is: zij keurde goed (individueel, gelijkgericht), volgt (volgen), of de "
                    "besluiters besloten voor allen (collectief, representatie)."
                ),
            ),
            (
                _("Kan volgen, gevolgd en volgpercentage"),
                _(
                    "Afspraken onder volgen die de preferente zorgverzekeraar goedkeurde, waarbij "
                    "deze zorgverzekeraar een andere partij is; gevolgd: op inhoud, prijs, beide "
                    "of gedeeltelijk (haar laatste volgbesluit); het volgpercentage is gevolgd "
                    "van kan volgen."
                ),
            ),
            (
                budget_title,
                _(
                    "De budgetregels van %(year)d met een zorgverzekeraar als bron in de "
                    "afspraken waarin zij gecontracteerd is. Bij gelijkgerichte zorginkoop op "
                    "inhoud en prijs haar aandeel in de kosten, bij de andere inkoopmodellen het "
                    "hele bedrag: de bedragen van de zorgverzekeraars tellen daarom niet op tot "
                    "het landelijke totaal."
                )
                % {"year": year},
            ),
        ],
        "budget_title": _("Gecontracteerd budget %(year)d per financieringsbron") % {"year": year},
        "by_source": [
            (capfirst(label), euro(by_source[source])) for source, label in FundingSource.choices
        ],
        "budget_total": euro(sum(by_source.values())),
    }


def national_figures(totals) -> list[tuple[str, str]]:
    return [
        (
            _("Regio's in het platform"),
            _("%(n)s van %(total)s")
            % {"n": number(totals.regions), "total": number(totals.regions_expected)},
        ),
        (
            _("Regio's met alle hoofdtaken ingericht"),
            number(totals.regions_all_tasks_in_place),
        ),
        (
            _("Regio's met mandaat voor contractering voor alle kerndisciplines"),
            number(totals.regions_core_mandated),
        ),
        (_("Wijken"), number(totals.neighbourhoods)),
        (_("Inwoners nog niet ingedeeld"), number(totals.unassigned_population)),
        (_("Open opgeschaalde knelpunten"), number(totals.open_escalated_bottlenecks)),
        (
            _("Gecontracteerd budget %(year)d") % {"year": totals.date.year},
            euro(totals.contracted_budget),
        ),
    ]


def sort_headers(request, table_columns, current: str):
    """Per column: its header, the link that sorts by it (toggling direction) and aria-sort."""
    headers = []
    for column in table_columns:
        query = request.GET.copy()
        if current == column.key:
            query["sort"], aria_sort = f"-{column.key}", "ascending"
        elif current == f"-{column.key}":
            query["sort"], aria_sort = column.key, "descending"
        else:
            query["sort"], aria_sort = column.key, None
        headers.append((column, f"?{query.urlencode()}", aria_sort))
    return headers


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the table of its data, for those who cannot see the chart."""

    title: str
    svg: SafeString
    head: list[str]
    body: list[tuple[str, list[str]]]  # per row: its header, and its cells

    @cached_property
    def table(self) -> SafeString:
        """The data as a table in a disclosure (written here: a page has ten of them)."""
        head = "".join(f'<th scope="col">{escape(header)}</th>' for header in self.head)
        rows = "".join(
            f'<tr><th scope="row">{escape(label)}</th>'
            + "".join(f'<td class="count">{escape(cell)}</td>' for cell in cells)
            + "</tr>"
            for label, cells in self.body
        )
        summary = _("Gegevens als tabel")  # outside the f-string, where makemessages finds it
        return mark_safe(
            f"<details><summary>{escape(summary)}</summary><table>"
            f"<caption>{escape(self.title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></details>"
        )


def bar_chart(chart_id, title, description, head, bars, maximum=None) -> Chart:
    return Chart(
        title,
        charts.bar_chart(chart_id, title, description, bars, maximum),
        head,
        [(bar.label, [bar.shown]) for bar in bars],
    )


def trend_charts(snapshots: list, regions_expected: int) -> list[Chart]:
    """The charts of the national trend: the snapshots (and the regions expected) alone."""
    trend = trend_series(snapshots)
    trend_title = _("Voortgang naar de doelen van 2030")
    phases_title = _("Regio's per fase en achter op de routekaart")
    phase_series = [
        charts.Line(
            str(label),
            [(snapshot.date, snapshot.regions_by_phase.get(phase, 0)) for snapshot in snapshots],
        )
        for phase, label in Phase.choices
    ] + [
        charts.Line(
            _("achter op de routekaart"),
            [
                (snapshot.date, snapshot.regions_behind_roadmap)
                for snapshot in snapshots
                if snapshot.regions_behind_roadmap is not None
            ],
        )
    ]
    return [
        Chart(
            trend_title,
            charts.line_chart(
                "chart-trend",
                trend_title,
                _(
                    "Per dag: het aandeel van de verwachte regio's met alle "
                    "eerstelijnsdisciplines vertegenwoordigd voor contractering, en het aandeel "
                    "inwoners in een wijk met een compleet hecht wijkverband, landelijk."
                ),
                trend,
            ),
            [_("Datum"), *(series.label for series in trend)],
            [
                (
                    date_format(snapshot.date, "j F Y"),  # the style of the page, in any language
                    [
                        percentage(snapshot.share_all_mandated, 1),
                        percentage(snapshot.coverage, 1),
                    ],
                )
                for snapshot in table_rows(snapshots)
            ],
        ),
        Chart(
            phases_title,
            charts.line_chart(
                "chart-phases",
                phases_title,
                _(
                    "Per dag: het aantal regio's in elke fase en het aantal regio's achter op de "
                    "routekaart, landelijk."
                ),
                phase_series,
                maximum=max(regions_expected, 1),
                tick=number,
            ),
            [_("Datum"), *(series.label for series in phase_series)],
            [
                (
                    date_format(snapshot.date, "j F Y"),
                    [
                        *(
                            number(snapshot.regions_by_phase.get(phase, 0))
                            for phase in Phase.values
                        ),
                        number(snapshot.regions_behind_roadmap),
                    ],
                )
                for snapshot in table_rows(snapshots)
            ],
        ),
    ]


def figures_charts(overview) -> list[Chart]:
    """The charts of today's national figures: mandates per discipline, agreements per
    insurer."""
    regions = overview.totals.regions
    insurer_rows = [
        (insurer.insurer, [insurer.by_status[status] for status in AgreementStatus.values])
        for insurer in overview.insurers
    ]
    insurers_title = _("Afspraken per zorgverzekeraar en status")
    return [
        bar_chart(
            "chart-disciplines",
            _("Mandaten per discipline"),
            _("Per eerstelijnsdiscipline: het aantal regio's met een geldig mandaat, landelijk."),
            [_("Discipline"), _("Regio's met een geldig mandaat")],
            [
                charts.Bar(
                    line.discipline.name,
                    line.regions_mandated,
                    _("%(n)s van %(total)s")
                    % {"n": number(line.regions_mandated), "total": number(regions)},
                )
                for line in overview.disciplines
            ],
            maximum=regions,
        ),
        Chart(
            insurers_title,
            charts.stacked_bar_chart(
                "chart-insurers",
                insurers_title,
                _(
                    "Per zorgverzekeraar: het aantal afspraken waarbij zij partij is, "
                    "opgesplitst naar status, landelijk."
                ),
                insurer_rows,
                list(AgreementStatus.labels),
            ),
            [_("Zorgverzekeraar"), *AgreementStatus.labels],
            [(name, [number(n) for n in counts]) for name, counts in insurer_rows],
        ),
    ]


def table_rows(snapshots: list) -> list:
    """The snapshots a trend's data table lists: the first, the last of every month and the
    latest (the chart draws every day)."""
    by_month = {(snapshot.date.year, snapshot.date.month): snapshot for snapshot in snapshots}
    return sorted({*snapshots[:1], *by_month.values()}, key=lambda snapshot: snapshot.date)


def trend_series(snapshots) -> list[charts.Line]:
    def series(label, attribute):
        return charts.Line(
            label,
            [
                (snapshot.date, float(value))
                for snapshot in snapshots
                if (value := getattr(snapshot, attribute)) is not None
            ],
        )

    return [
        series(_("regio's met alle disciplines vertegenwoordigd"), "share_all_mandated"),
        series(_("inwoners in een wijk met compleet wijkverband"), "coverage"),
    ]


# --- the map and the distributions ------------------------------------------------------------


def share_step(value) -> str:
    """The colour of a share: five steps of 20%."""
    return charts.SEQUENTIAL[min(int(float(value) * 5), 4)]


SHARE_LEGEND = [
    (charts.SEQUENTIAL[0], "0–20%"),
    (charts.SEQUENTIAL[1], "20–40%"),
    (charts.SEQUENTIAL[2], "40–60%"),
    (charts.SEQUENTIAL[3], "60–80%"),
    (charts.SEQUENTIAL[4], "80–100%"),
]


def map_value(office: CareOfficeRegion, figure: str) -> tuple[str, str]:
    """The colour and the text of a zorgkantoorregio for ``figure``."""
    if figure == "phase":
        phase = office.earliest_phase
        return charts.SEQUENTIAL[PHASE_ORDER[phase] + 1], str(Phase(phase).label)
    value = {
        "coverage": office.coverage,
        "mandates": office.share_core_mandated,
        "roadmap": office.share_on_roadmap,
    }[figure]
    if value is None:
        return charts.EMPTY, "–"
    return share_step(value), percentage(value)


def care_office_map(offices: list[CareOfficeRegion], figure: str) -> Chart:
    known = {office.name: office for office in offices}
    descriptions = {
        "coverage": _(
            "Per zorgkantoorregio: het aandeel van de inwoners van haar regio's dat in een wijk "
            "met een compleet hecht wijkverband woont."
        ),
        "phase": _("Per zorgkantoorregio: de vroegste fase van haar regio's."),
        "mandates": _(
            "Per zorgkantoorregio: het aandeel van haar regio's met een mandaat voor "
            "contractering voor elke kerndiscipline."
        ),
        "roadmap": _(
            "Per zorgkantoorregio: het aandeel van haar regio's dat niet achter op de "
            "routekaart staat."
        ),
    }
    tiles, body = [], []
    for name, (column, row, short) in CARE_OFFICE_TILES.items():
        office = known.get(name)
        fill, text = map_value(office, figure) if office else (charts.EMPTY, "–")
        tiles.append(charts.Tile(name, short, column, row, fill, text))
        body.append((name, [number(office.regions if office else 0), text]))
    body += [
        (office.name, [number(office.regions), map_value(office, figure)[1]])
        for office in offices
        if office.name not in CARE_OFFICE_TILES
    ]
    if figure == "phase":
        legend = [
            (charts.SEQUENTIAL[index + 1], str(label))
            for index, (_phase, label) in enumerate(Phase.choices)
        ]
    else:
        legend = SHARE_LEGEND
    legend = [*legend, (charts.EMPTY, _("geen regio's"))]
    title = _("Zorgkantoorregio's naar %(figure)s") % {"figure": MAP_FIGURES[figure]}
    return Chart(
        title,
        charts.tile_map("chart-map", title, descriptions[figure], tiles, legend),
        [_("Zorgkantoorregio"), _("Regio's"), capfirst(MAP_FIGURES[figure])],
        body,
    )


@dataclass(frozen=True)
class Distribution:
    key: str
    title: str
    unit: str
    values: list
    scale: charts.Scale
    show: Callable
    low: str
    high: str


def distributions(table, rows) -> list[Chart]:
    """Per figure, the regions as dots along its axis with the national median marked."""
    disciplines = len(table.disciplines)
    tasks = len(MainTask)
    most = max((row.open_escalated_bottlenecks for row in rows), default=0)
    figures = [
        Distribution(
            "coverage",
            _("Dekking"),
            _("inwoners in een wijk met compleet wijkverband"),
            [float(row.coverage) for row in rows if row.coverage is not None],
            charts.Scale(0, 1, 20),
            lambda value: percentage(value, 1),
            "0%",
            "100%",
        ),
        Distribution(
            "disciplines_contracting",
            _("Disciplines vertegenwoordigd voor contractering"),
            _("van %(n)d eerstelijnsdisciplines") % {"n": disciplines},
            [row.disciplines_contracting for row in rows],
            charts.Scale.whole_numbers(0, disciplines),
            lambda value: number(value, 1),
            "0",
            number(disciplines),
        ),
        Distribution(
            "tasks_in_place",
            _("Hoofdtaken ingericht"),
            _("van %(n)d hoofdtaken") % {"n": tasks},
            [row.tasks_in_place for row in rows],
            charts.Scale.whole_numbers(0, tasks),
            lambda value: number(value, 1),
            "0",
            number(tasks),
        ),
        Distribution(
            "open_escalated_bottlenecks",
            _("Open opgeschaalde knelpunten"),
            _("per regio"),
            [row.open_escalated_bottlenecks for row in rows],
            charts.Scale.whole_numbers(0, most) if most <= 30 else charts.Scale(0, most, 30),
            lambda value: number(value, 1),
            "0",
            number(most),
        ),
    ]
    return [distribution_chart(figure) for figure in figures]


def distribution_chart(figure: Distribution) -> Chart:
    values, scale, show = figure.values, figure.scale, figure.show
    median = statistics.median(values) if values else None
    counts = Counter(scale.bin(value) for value in values)
    return Chart(
        figure.title,
        charts.dot_plot(
            f"chart-distribution-{figure.key}",
            figure.title,
            _("Elke stip is een regio (%(unit)s); de streep is de landelijke mediaan.")
            % {"unit": figure.unit},
            values,
            scale,
            median=median,
            median_text=_("mediaan %(value)s") % {"value": show(median)} if values else "",
            low_text=figure.low,
            high_text=figure.high,
        ),
        [_("Waarde"), _("Regio's")],
        [
            (bin_label(scale, index, show), [number(counts[index])])
            for index in range(scale.bins)
            if counts[index]
        ]
        + ([(_("mediaan"), [show(median)])] if values else []),
    )


def bin_label(scale, index: int, show) -> str:
    """The values of a column of the dot plot: one whole number, or a range."""
    width = (scale.high - scale.low) / scale.bins
    low = scale.low + index * width
    if scale.discrete:
        return number(low + 0.5)
    return _("%(low)s tot %(high)s") % {"low": show(low), "high": show(low + width)}


@require_GET
@login_required
def kpis(request):
    """Per KPI of the catalogue, the spread of the regions' latest values with the median."""
    access = access_or_403(request.user)
    regions, figures = kpi_distributions(access)
    return render(
        request,
        "national/kpis.html",
        {
            "access": access,
            "regions": regions,
            "kpis": [kpi_summary(figure, regions) for figure in figures],
        },
    )


def kpi_summary(figure: KpiDistribution, regions: int) -> dict:
    kpi, values = figure.kpi, figure.values

    def show(value) -> str:
        text = decimal_number(value)
        return f"{text}{kpi.unit}" if kpi.unit == "%" else f"{text} {kpi.unit}"

    counts = {"n": number(len(values)), "total": number(regions)}
    chart = None
    if values:
        low = min(0, values[0])
        high = max(values[-1], kpi.national_aim or 0, 100 if kpi.unit == "%" else 0)
        chart = distribution_chart(
            Distribution(
                f"kpi-{kpi.code}",
                kpi.name,
                f"{kpi.unit}, {kpi.get_direction_display()}",
                [float(value) for value in values],
                charts.Scale(float(low), float(high if high > low else low + 1), 20),
                show,
                show(low),
                show(high),
            )
        )
    return {
        "kpi": kpi,
        "direction": kpi.get_direction_display(),
        "measured": _("%(n)s van %(total)s") % counts,
        "measured_regions": _("%(n)s van %(total)s regio's") % counts,
        "median": show(figure.median) if values else MISSING,
        "aim": show(kpi.national_aim) if kpi.national_aim is not None else MISSING,
        "chart": chart,
    }


@require_GET
@login_required
def detail(request, code):
    # 404 rather than 403 for those without access: a region's URL must not confirm it exists.
    access = dashboard_access(request.user)
    region = get_object_or_404(access.regions if access else Region.objects.none(), code=code)
    day = timezone.localdate()
    detail = region_detail(region, day)
    table = detail.table
    figures = detail.figures
    return render(
        request,
        "national/region_detail.html",
        {
            "region": region,
            "detail": detail,
            "row": figures,
            "region_population": number(figures.region_population),
            "unassigned": number(figures.unassigned_population),
            "figures": [
                (
                    column,
                    column.display(figures),
                    column.display_value(column.median(table.rows)),
                )
                for column in columns(table)
                if column.kind in NUMERIC
            ],
            "trend": region_trend(detail),
            "budget": [
                (
                    Segment(segment).label if segment else capfirst(FundingSource(source).label),
                    euro(amount),
                )
                for source, segment, amount in detail.budget_by_source
            ],
        },
    )


def region_trend(detail) -> Chart:
    """The region's own figures over time, from its daily snapshots."""
    disciplines, tasks = len(detail.table.disciplines), len(MainTask)
    snapshots = detail.trend
    title = _("Verloop van de regio")

    def series(label, value):
        return charts.Line(label, [(snapshot.date, value(snapshot)) for snapshot in snapshots])

    lines = [
        series(
            _("inwoners in een wijk met compleet wijkverband"),
            lambda snapshot: float(snapshot.coverage or 0),
        ),
        series(
            _("disciplines vertegenwoordigd voor contractering"),
            lambda snapshot: snapshot.disciplines_contracting / (disciplines or 1),
        ),
        series(_("hoofdtaken ingericht"), lambda snapshot: snapshot.tasks_in_place / tasks),
    ]
    return Chart(
        title,
        charts.line_chart(
            "chart-region-trend",
            title,
            _(
                "Per dag: het aandeel inwoners in een wijk met een compleet hecht wijkverband, "
                "van de eerstelijnsdisciplines vertegenwoordigd voor contractering en van de "
                "hoofdtaken ingericht, in deze regio."
            ),
            lines,
        ),
        [
            _("Datum"),
            _("Fase"),
            _("Dekking"),
            _("Disciplines vertegenwoordigd voor contractering (van %(n)d)") % {"n": disciplines},
            _("Hoofdtaken ingericht (van %(n)d)") % {"n": tasks},
            _("Open opgeschaalde knelpunten"),
            _("Achter op de routekaart"),
        ],
        [
            (
                date_format(snapshot.date, "j F Y"),
                [
                    snapshot.get_phase_display(),
                    percentage(snapshot.coverage, 1),
                    number(snapshot.disciplines_contracting),
                    number(snapshot.tasks_in_place),
                    number(snapshot.open_escalated_bottlenecks),
                    _("ja") if snapshot.behind_roadmap else _("nee"),
                ],
            )
            for snapshot in table_rows(snapshots)
        ],
    )


def bad_filter(form) -> HttpResponse:
    problems = "\n".join(
        f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
    )
    return HttpResponse(
        _("De filters kloppen niet:") + "\n" + problems,
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def attachment(response, table, extension) -> HttpResponse:
    name = f"landelijk-overzicht-{table.day:%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_value(column, row):
    value = column.value(row)
    if column.kind is Kind.SHARE:
        return "" if value is None else rounded(value * 100, 1)
    if column.kind is Kind.YES_NO:
        return column.display(row)
    return value


@require_GET
@login_required
def export_csv(request):
    """The table as CSV: UTF-8 with a byte-order mark (for Excel), Dutch headers, and plain
    numbers (a point as decimal mark, shares as percentages) for other programs."""
    table, table_columns, form = table_for(request.user, request.GET)
    if not form.is_valid():
        return bad_filter(form)
    rows = form.apply(table.rows)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_("Regiocode"), *(column.label for column in table_columns)])
    for row in rows:
        writer.writerow([row.code, *(export_value(column, row) for column in table_columns)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return attachment(response, table, "csv")


@require_GET
@login_required
def export_xlsx(request):
    table, table_columns, form = table_for(request.user, request.GET)
    if not form.is_valid():
        return bad_filter(form)
    rows = form.apply(table.rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Landelijk overzicht"))
    bold = Font(bold=True)

    def header(text):
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        return cell

    sheet.append([header(_("Regiocode")), *(header(column.label) for column in table_columns)])
    for row in rows:
        cells = [row.code]
        for column in table_columns:
            value = column.value(row)
            if column.kind in XLSX_FORMATS and value is not None:
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = XLSX_FORMATS[column.kind]
            cells.append(value)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return attachment(HttpResponse(output.getvalue(), content_type=XLSX_TYPE), table, "xlsx")


def export_links(query: str) -> dict:
    suffix = f"?{query}" if query else ""
    return {
        "csv": reverse("national:export_csv") + suffix,
        "xlsx": reverse("national:export_xlsx") + suffix,
    }
