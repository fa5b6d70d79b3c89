"""The national dashboard, its drill-down per region and its exports (read-only)."""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from agreements.models import AgreementStatus, Segment
from regions.formatting import euro, number, percentage, rounded
from regions.models import Phase, Region

from . import charts
from .forms import RegionFilterForm, table_for
from .services import (
    DashboardAccess,
    dashboard_access,
    national_overview,
    region_detail,
)
from .table import Kind, columns

XLSX_FORMATS = {Kind.COUNT: "#,##0", Kind.SHARE: "0.0%", Kind.EURO: "#,##0.00"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def access_or_403(user) -> DashboardAccess:
    access = dashboard_access(user)
    if access is None:
        raise PermissionDenied
    return access


@require_GET
@login_required
def dashboard(request):
    access = access_or_403(request.user)
    overview = national_overview(timezone.localdate())
    table = overview.table
    table_columns = columns(table)
    visible = [row for row in table.rows if access.shows(row.region_id)]
    form = RegionFilterForm(request.GET, rows=visible, columns=table_columns)
    rows = form.apply(visible)
    totals = overview.totals
    context = {
        "access": access,
        "overview": overview,
        "totals": totals,
        "form": form,
        "columns": table_columns,
        "headers": sort_headers(request, table_columns, form.sort_key),
        # the first column, the region's name, is each row's header and its drill-down link
        "rows": [
            (
                reverse("national:region", args=[row.code]),
                row.name,
                [(column.kind.value, column.display(row)) for column in table_columns[1:]],
            )
            for row in rows
        ],
        "aims": aims(totals),
        "figures": national_figures(totals),
        "exports": export_links(request.GET.urlencode()),
        "statuses": [
            (label, number(totals.agreements_by_status[status]))
            for status, label in AgreementStatus.choices
        ],
        "charts": dashboard_charts(overview, rows),
    }
    return render(
        request, "national/dashboard.html", context, status=200 if form.is_valid() else 400
    )


def aims(totals) -> list[tuple[str, str, str]]:
    """The two aims of the vision for 2030: how far the country is, as a share and a count."""
    return [
        (
            _("Elke regio een samenwerkingsverband met alle disciplines gemandateerd"),
            percentage(totals.share_all_mandated, 1),
            _("%(n)s van %(total)s regio's")
            % {
                "n": number(totals.regions_all_mandated),
                "total": number(totals.regions),
            },
        ),
        (
            _("Elke wijk een compleet hecht wijkverband"),
            percentage(totals.share_complete_neighbourhoods, 1),
            _("%(n)s van %(total)s wijken; %(coverage)s van de inwoners")
            % {
                "n": number(totals.complete_neighbourhoods),
                "total": number(totals.neighbourhoods),
                "coverage": percentage(totals.coverage, 1),
            },
        ),
    ]


def national_figures(totals) -> list[tuple[str, str]]:
    return [
        (_("Regio's"), number(totals.regions)),
        (
            _("Regio's met alle hoofdtaken ingericht"),
            number(totals.regions_all_tasks_in_place),
        ),
        (
            _("Regio's met mandaat voor contractering voor alle kerndisciplines"),
            number(totals.regions_core_mandated),
        ),
        (_("Wijken"), number(totals.neighbourhoods)),
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


def bar_chart(chart_id, title, description, head, bars, maximum=None) -> Chart:
    return Chart(
        title,
        charts.bar_chart(chart_id, title, description, bars, maximum),
        head,
        [(bar.label, [bar.text]) for bar in bars],
    )


def dashboard_charts(overview, rows) -> list[Chart]:
    totals = overview.totals
    regions = totals.regions
    by_phase = totals.regions_by_phase
    insurer_rows = [
        (insurer.insurer, [insurer.by_status[status] for status in AgreementStatus.values])
        for insurer in overview.insurers
    ]
    trend = trend_series(overview.trend)
    trend_title = _("Voortgang naar de doelen van 2030")
    insurers_title = _("Afspraken per zorgverzekeraar en status")
    return [
        Chart(
            trend_title,
            charts.line_chart(
                "chart-trend",
                trend_title,
                _(
                    "Per dag: het aandeel regio's met alle eerstelijnsdisciplines gemandateerd, "
                    "het aandeel wijken met een compleet hecht wijkverband en het aandeel "
                    "inwoners in zo'n wijk, landelijk."
                ),
                trend,
            ),
            [_("Datum"), *(series.label for series in trend)],
            [
                (
                    date_format(snapshot.date, "j F Y"),  # the style of the page, in any language
                    [
                        percentage(snapshot.share_all_mandated, 1),
                        percentage(snapshot.share_complete_neighbourhoods, 1),
                        percentage(snapshot.coverage, 1),
                    ],
                )
                for snapshot in overview.trend
            ],
        ),
        bar_chart(
            "chart-phases",
            _("Regio's per fase"),
            _("Het aantal regio's in elke fase, landelijk."),
            [_("Fase"), _("Regio's")],
            [
                charts.Bar(label, by_phase[phase], number(by_phase[phase]))
                for phase, label in Phase.choices
            ],
        ),
        bar_chart(
            "chart-coverage",
            _("Dekking per regio"),
            _(
                "Per regio in de tabel: het aandeel inwoners dat in een wijk met een compleet "
                "hecht wijkverband woont."
            ),
            [_("Regio"), _("Inwoners in een wijk met compleet wijkverband")],
            [
                charts.Bar(row.name, float(row.coverage or 0), percentage(row.coverage, 1))
                for row in rows
            ],
            maximum=1,
        ),
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


def trend_series(snapshots) -> list[charts.Series]:
    def series(label, attribute):
        return charts.Series(
            label,
            [
                (snapshot.date, float(value))
                for snapshot in snapshots
                if (value := getattr(snapshot, attribute)) is not None
            ],
        )

    return [
        series(_("regio's met alle disciplines gemandateerd"), "share_all_mandated"),
        series(_("wijken met compleet wijkverband"), "share_complete_neighbourhoods"),
        series(_("inwoners in een wijk met compleet wijkverband"), "coverage"),
    ]


@require_GET
@login_required
def detail(request, code):
    # 404 rather than 403 for those without access: a region's URL must not confirm it exists.
    access = dashboard_access(request.user)
    region = get_object_or_404(access.regions if access else Region.objects.none(), code=code)
    day = timezone.localdate()
    detail = region_detail(region, day)
    table_columns = columns(detail.table)
    return render(
        request,
        "national/region_detail.html",
        {
            "region": region,
            "detail": detail,
            "figures": [(column, column.display(detail.figures)) for column in table_columns],
            "budget": [
                (Segment(segment).label, euro(amount))
                for segment, amount in detail.budget_by_segment
            ],
        },
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
