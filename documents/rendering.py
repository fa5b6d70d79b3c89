"""Turn a document's data into a PDF: Django templates (Dutch) → HTML → WeasyPrint.

The steps are timed apart (queries, charts, templates, WeasyPrint's layout, writing the PDF)
so the benchmark can tell how much of a render is spent outside WeasyPrint.
"""

import time
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from agreements.models import Segment
from neighbourhoods.models import NORM_POPULATION, Bottleneck
from regions import charts
from regions.charts import Bar, Series, StackedBar, trend_chart
from regions.formatting import number
from regions.models import ActionStatus

from . import content
from .fingerprints import fingerprint
from .models import DocumentKind

# Tagged (accessible) and archivable: PDF/A-3a is PDF/A-3 with the structure tags of PDF/UA.
PDF_OPTIONS = {"pdf_variant": "pdf/a-3a", "pdf_tags": True}
TEMPLATES = {
    DocumentKind.REGIOBEELD: "documents/pdf/regiobeeld.html",
    DocumentKind.REGIOPLAN: "documents/pdf/regioplan.html",
    DocumentKind.PROGRESS_REPORT: "documents/pdf/progress_report.html",
}
STEPS = ("queries", "charts", "template", "layout", "write")
OUTSIDE_WEASYPRINT = ("queries", "charts", "template")


@dataclass
class Timings:
    seconds: dict = field(default_factory=dict)

    def measure(self, step: str):
        return _Stopwatch(self, step)

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    @property
    def outside_weasyprint(self) -> float:
        return sum(self.seconds.get(step, 0.0) for step in OUTSIDE_WEASYPRINT)


class _Stopwatch:
    def __init__(self, timings: Timings, step: str):
        self.timings, self.step = timings, step

    def __enter__(self):
        self.started = time.perf_counter()

    def __exit__(self, *exc):
        elapsed = time.perf_counter() - self.started
        self.timings.seconds[self.step] = self.timings.seconds.get(self.step, 0.0) + elapsed


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    page_count: int
    fingerprint: str
    timings: Timings


def compose(
    kind: str, region, agreement=None, *, period=None, requested_by=None, day=None, timings=None
) -> tuple[str, str]:
    """The HTML of a document of ``kind`` and the fingerprint of the data it was made from
    (a progress report: over ``period``)."""
    kind = DocumentKind(kind)
    day = day or timezone.localdate()
    timings = timings or Timings()
    with translation.override("nl"):
        with timings.measure("queries"):
            print_of = fingerprint(kind, region.pk, agreement.pk if agreement else None)
            if kind == DocumentKind.REGIOBEELD:
                data = content.regiobeeld(region, day)
            elif kind == DocumentKind.REGIOPLAN:
                data = content.regioplan(region, day)
            else:
                data = content.progress_report(agreement, day, period)
        with timings.measure("charts"):
            figures = CHARTS[kind](data)
        with timings.measure("template"):
            html = render_to_string(
                TEMPLATES[kind],
                {
                    "data": data,
                    "charts": figures,
                    "region": region,
                    "agreement": agreement,
                    "kind": kind,
                    "day": day,
                    "requested_by": requested_by,
                    "made_at": timezone.localtime(),
                },
            )
    return html, print_of


def render(
    kind: str, region, agreement=None, *, period=None, requested_by=None, day=None
) -> Rendered:
    """The PDF of a document of ``kind`` about ``region`` (or ``agreement`` over ``period``),
    as of ``day``."""
    timings = Timings()
    html, print_of = compose(
        kind,
        region,
        agreement,
        period=period,
        requested_by=requested_by,
        day=day,
        timings=timings,
    )
    with timings.measure("layout"):
        document = HTML(string=html).render(**PDF_OPTIONS)
    with timings.measure("write"):
        pdf = document.write_pdf(**PDF_OPTIONS)
    return Rendered(pdf, len(document.pages), print_of, timings)


# --- the charts of each document --------------------------------------------------------------


def regiobeeld_charts(data: content.Regiobeeld) -> dict:
    low, high = NORM_POPULATION
    population = charts.bar_table(
        [
            Bar(n.name, n.population, colour="good" if n.is_complete else "bad")
            for n in data.neighbourhoods
        ],
        band=(low, high),
        band_label=_("norm %(low)s–%(high)s") % {"low": number(low), "high": number(high)},
        legend=[
            Series(_("compleet wijkverband"), "good"),
            Series(_("niet compleet"), "bad"),
        ],
    )
    by_municipality = charts.bar_table(
        [
            StackedBar(name, (complete, incomplete))
            for name, complete, incomplete, _ in data.municipalities
        ],
        legend=[Series(_("compleet"), "good"), Series(_("niet compleet"), "bad")],
    )
    bottleneck_colours = {
        Bottleneck.Status.OPEN: "bad",
        Bottleneck.Status.IN_PROGRESS: "warning",
        Bottleneck.Status.RESOLVED: "good",
    }
    bottlenecks = charts.stacked_bars(
        [StackedBar(str(theme.label), tuple(counts)) for theme, counts, _ in data.theme_rows],
        [Series(str(status.label), bottleneck_colours[status]) for status in data.statuses],
        title=_("Knelpunten per thema en status"),
    )
    return {
        "coverage": charts.gauge(
            data.coverage.share,
            title=_("Dekking: inwoners in een wijk met een compleet wijkverband"),
            caption=_("van de inwoners gedekt"),
        ),
        "population": population,
        "by_municipality": by_municipality,
        "bottlenecks": bottlenecks,
        "indicators": [
            (
                row,
                charts.comparison_bar(
                    float(row.value),
                    float(row.national) if row.national is not None else None,
                    title=_("%(kind)s: regio tegenover Nederland") % {"kind": row.kind.label},
                ),
            )
            for row in data.indicators
        ],
    }


ACTION_COLOURS = {
    ActionStatus.PLANNED: "neutral",
    ActionStatus.IN_PROGRESS: "secondary",
    ActionStatus.DONE: "good",
    ActionStatus.POSTPONED: "warning",
}


def regioplan_charts(data: content.Regioplan) -> dict:
    return {
        "done": charts.gauge(
            data.done_share,
            title=_("Afgeronde acties"),
            caption=_("van de acties afgerond"),
        ),
        "actions": charts.stacked_bars(
            [
                StackedBar(
                    _("Doel %(number)s") % {"number": s.vision_goal.value}, tuple(s.action_counts)
                )
                for s in data.sections
            ],
            [Series(str(status.label), ACTION_COLOURS[status]) for status in ActionStatus],
            title=_("Acties per doel van de visie, naar status"),
        ),
    }


SEGMENT_COLOURS = {Segment.S1: "neutral", Segment.S2: "primary", Segment.S3: "secondary"}


def progress_report_charts(data: content.ProgressReport) -> dict:
    return {
        "budget": charts.stacked_bars(
            [
                StackedBar(str(year), tuple(float(a or 0) / 1000 for a in amounts))
                for year, amounts, _other, _total in data.budget_by_year
            ],
            [Series(segment.value, SEGMENT_COLOURS[segment]) for segment in data.segments],
            title=_("Budget per jaar en segment (× € 1.000)"),
        ),
        "targets": [
            (
                row,
                trend_chart(
                    [(m.period_label, m.value) for m in row.measurements],
                    baseline=row.target.baseline,
                    goal=row.target.goal,
                    title=_("%(name)s: metingen, nulmeting en streefwaarde")
                    % {"name": row.target.name},
                ),
            )
            for row in data.series
        ],
    }


CHARTS = {
    DocumentKind.REGIOBEELD: regiobeeld_charts,
    DocumentKind.REGIOPLAN: regioplan_charts,
    DocumentKind.PROGRESS_REPORT: progress_report_charts,
}
