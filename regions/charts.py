"""Charts drawn on the server as SVG: no browser, no JavaScript, a title for screen readers.

Two looks, one module. On screen (the national dashboard, the staff pages' sparklines) charts
use a palette safe for the common colour-vision deficiencies in the page's font, and each chart
stands beside a table of its data (in the template). In the PDFs they use the documents' palette
and font; those charts have few elements (one ``<rect>`` per bar segment, one ``<text>`` per
label) because WeasyPrint draws every SVG element itself and that, more than layout, is where a
chart's time goes, and a chart with a row per neighbourhood or municipality is a table
(:func:`bar_table`), because an SVG cannot break across pages and a table can.

Every text that goes into the SVG is escaped here; numbers are formatted by the caller or with
``regions.formatting``. Each function returns markup that is safe to put in a template.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .formatting import decimal_number, number, percentage


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str | None = None  # the value as written beside the bar; in print ``number(value)``
    colour: str | None = None  # on screen PALETTE[0]; in print a name of COLOURS, "primary"


@dataclass(frozen=True)
class Line:
    """A line of :func:`line_chart`."""

    label: str
    points: list[tuple[datetime.date, float]]  # values between 0 and the chart's maximum


@dataclass(frozen=True)
class Series:
    """A series of a print chart's stacked bars: its name in the legend and its colour."""

    name: str
    colour: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    values: tuple  # one per series


def _points(xs, ys) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


# --- on screen ---------------------------------------------------------------------------------

# Distinguishable for the common colour-vision deficiencies (Okabe-Ito), darkest first.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999999")
LABEL_WIDTH = 250
PLOT_WIDTH = 330
VALUE_WIDTH = 90
ROW_HEIGHT = 22
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _legend_lines(labels: list[str], per_line: int) -> int:
    return -(-len(labels) // per_line)


def _screen_legend(labels: list[str], top: int, width: int, per_line: int) -> list[str]:
    """Colour keys in the palette's order, ``per_line`` to a line of 20 px from ``top``."""
    parts, column = [], width // per_line
    for index, label in enumerate(labels):
        x, y = (index % per_line) * column, top + (index // per_line) * 20
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{x + 16}" y="{y + 10}">{escape(label)}</text>'
        )
    return parts


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: list[Bar],
    maximum=None,
    *,
    label_width=LABEL_WIDTH,
    plot_width=PLOT_WIDTH,
    value_width=VALUE_WIDTH,
    legend: list[tuple[str, str]] = (),
):
    """Horizontal bars, one per label, scaled to ``maximum`` (default: the largest value), with
    an optional ``legend`` of (colour, label) below."""
    maximum = maximum or max((bar.value for bar in bars), default=0) or 1
    width = label_width + plot_width + value_width
    top = max(len(bars), 1) * ROW_HEIGHT + 4
    height = top + (20 * len(legend) + 8 if legend else 0)
    parts = _open(chart_id, title, description, width, height)
    for index, bar in enumerate(bars):
        y = index * ROW_HEIGHT + 2
        length = plot_width * min(bar.value / maximum, 1)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{ROW_HEIGHT - 6}" '
            f'fill="{bar.colour or PALETTE[0]}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}">{escape(bar.shown)}</text>'
        )
    for index, (colour, label) in enumerate(legend):
        y = top + 8 + index * 20
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{label_width + 16}" y="{y + 10}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stacked_bar_chart(
    chart_id: str,
    title: str,
    description: str,
    rows: list[tuple[str, list[int]]],
    segment_labels: list[str],
) -> SafeString:
    """One horizontal bar per row, split into segments (with a legend), scaled to the largest."""
    maximum = max((sum(values) for _label, values in rows), default=0) or 1
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    top = max(len(rows), 1) * ROW_HEIGHT + 8
    height = top + 20 * _legend_lines(segment_labels, 4)
    parts = _open(chart_id, title, description, width, height)
    for index, (label, values) in enumerate(rows):
        y = index * ROW_HEIGHT + 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
        )
        x = float(LABEL_WIDTH)
        for segment, value in enumerate(values):
            length = PLOT_WIDTH * value / maximum
            if length:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" '
                    f'height="{ROW_HEIGHT - 6}" fill="{PALETTE[segment % len(PALETTE)]}"/>'
                )
            x += length
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(values)}</text>')
    parts.extend(_screen_legend(segment_labels, top, width, 4))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def percent_tick(share: float) -> str:
    return f"{round(share * 100)}%"


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    lines: list[Line],
    *,
    maximum: float = 1,
    tick=percent_tick,
) -> SafeString:
    """Values from 0 to ``maximum`` (default shares, 0-100%) over time, one line per
    :class:`Line`, with a legend below; ``tick`` writes the axis' values."""
    width, left, right, top, plot_height = 670, 50, 20, 10, 200
    plot_width = width - left - right
    labels = [line.label for line in lines]
    height = top + plot_height + 30 + 20 * _legend_lines(labels, 2)
    parts = _open(chart_id, title, description, width, height)
    for step in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_height * (1 - step)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ccc"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(tick(step * maximum))}</text>"
        )
    days = sorted({day for line in lines for day, _value in line.points})
    if days:
        first, last = days[0], days[-1]
        span = (last - first).days or 1

        def x_of(day):
            return left + plot_width * ((day - first).days / span if last != first else 0.5)

        for index, line in enumerate(lines):
            colour = PALETTE[index % len(PALETTE)]
            points = _points(
                [x_of(day) for day, _value in line.points],
                [top + plot_height * (1 - value / maximum) for _day, value in line.points],
            )
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            for day, value in line.points[-1:]:
                parts.append(
                    f'<circle cx="{x_of(day):.1f}" '
                    f'cy="{top + plot_height * (1 - value / maximum):.1f}" r="3" fill="{colour}"/>'
                )
        axis_y = top + plot_height + 16
        parts.append(f'<text x="{left}" y="{axis_y}">{first:%d-%m-%Y}</text>')
        if last != first:
            parts.append(
                f'<text x="{left + plot_width}" y="{axis_y}" text-anchor="end">'
                f"{last:%d-%m-%Y}</text>"
            )
    parts.extend(_screen_legend(labels, top + plot_height + 28, width, 2))
    parts.append("</svg>")
    return mark_safe("".join(parts))


# --- distributions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """The axis of a distribution: from ``low`` to ``high``, in ``bins`` columns of dots.

    Whole numbers (``discrete``) get a column each, centred on the number."""

    low: float
    high: float
    bins: int
    discrete: bool = False

    @classmethod
    def whole_numbers(cls, low: int, high: int) -> "Scale":
        return cls(low - 0.5, high + 0.5, high - low + 1, discrete=True)

    def bin(self, value: float) -> int:
        span = (self.high - self.low) or 1
        return max(0, min(self.bins - 1, int((value - self.low) / span * self.bins)))

    def fraction(self, value: float) -> float:
        return (value - self.low) / ((self.high - self.low) or 1)


def dot_plot(
    chart_id: str,
    title: str,
    description: str,
    values: list[float],
    scale: Scale,
    *,
    median: float | None,
    median_text: str,
    low_text: str,
    high_text: str,
) -> SafeString:
    """One dot per region, stacked in columns along the axis (a histogram that still shows
    each region), with the median marked by a line: outliers stand apart."""
    width, left, right, plot_height, axis = 620, 12, 12, 96, 34
    top = 20
    plot_width = width - left - right
    column_width = plot_width / scale.bins
    stacks = [0] * scale.bins
    for value in values:
        stacks[scale.bin(value)] += 1
    step = min(10.0, plot_height / max(max(stacks, default=1), 1))
    radius = max(1.2, min(4.0, step / 2 - 0.3, column_width / 2 - 0.5))
    height = top + plot_height + axis
    base = top + plot_height
    parts = _open(chart_id, title, description, width, height)
    parts.append(
        f'<line x1="{left}" x2="{left + plot_width}" y1="{base + 2}" y2="{base + 2}" '
        f'stroke="#8a939d"/>'
    )
    placed = [0] * scale.bins
    for value in sorted(values):
        index = scale.bin(value)
        x = left + column_width * (index + 0.5)
        y = base - step * (placed[index] + 0.5)
        placed[index] += 1
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{PALETTE[0]}"/>')
    if median is not None:
        x = left + plot_width * scale.fraction(median)
        anchor = "start" if x < width / 2 else "end"
        shift = 4 if anchor == "start" else -4
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{base + 6}" '
            f'stroke="{PALETTE[1]}" stroke-width="2" stroke-dasharray="4 2"/>'
            f'<text x="{x + shift:.1f}" y="{top - 8}" text-anchor="{anchor}" '
            f'fill="#8f3d00">{escape(median_text)}</text>'
        )
    parts.append(
        f'<text x="{left}" y="{base + 20}">{escape(low_text)}</text>'
        f'<text x="{left + plot_width}" y="{base + 20}" text-anchor="end">{escape(high_text)}'
        "</text></svg>"
    )
    return mark_safe("".join(parts))


# --- the tile map ----------------------------------------------------------------------------

INK = "#1b1f24"
EMPTY = "#ffffff"
# From light to dark: five steps for shares (0-20% … 80-100%) or the four phases in order.
SEQUENTIAL = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
TILE_WIDTH, TILE_HEIGHT, TILE_GAP = 112, 50, 4


@dataclass(frozen=True)
class Tile:
    name: str  # read aloud and in the data table
    short: str  # written on the tile
    column: int
    row: int
    fill: str
    text: str  # the figure written on the tile


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def text_colour(fill: str) -> str:
    """Ink or white on ``fill``, whichever contrasts more."""
    on_fill = _luminance(fill)
    ink = (on_fill + 0.05) / (_luminance(INK) + 0.05)
    white = 1.05 / (on_fill + 0.05)
    return INK if ink >= white else "#ffffff"


def tile_map(
    chart_id: str,
    title: str,
    description: str,
    tiles: list[Tile],
    legend: list[tuple[str, str]],
) -> SafeString:
    """The zorgkantoorregio's as tiles laid out roughly as the country, each coloured by a
    figure and carrying it as text, with a legend of (colour, label) below."""
    columns = max((tile.column for tile in tiles), default=0) + 1
    rows = max((tile.row for tile in tiles), default=0) + 1
    width = columns * (TILE_WIDTH + TILE_GAP)
    top = rows * (TILE_HEIGHT + TILE_GAP) + 8
    per_line = 3
    height = top + 20 * _legend_lines([label for _colour, label in legend], per_line)
    parts = _open(chart_id, title, description, width, height)
    for tile in tiles:
        x, y = tile.column * (TILE_WIDTH + TILE_GAP), tile.row * (TILE_HEIGHT + TILE_GAP)
        colour = text_colour(tile.fill)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{TILE_WIDTH}" height="{TILE_HEIGHT}" rx="4" '
            f'fill="{tile.fill}" stroke="#8a939d" stroke-width="0.5"/>'
            f'<text x="{x + TILE_WIDTH / 2}" y="{y + 20}" text-anchor="middle" fill="{colour}" '
            f'font-size="11">{escape(tile.short)}</text>'
            f'<text x="{x + TILE_WIDTH / 2}" y="{y + 38}" text-anchor="middle" fill="{colour}" '
            f'font-weight="700">{escape(tile.text)}</text>'
        )
    for index, (colour, label) in enumerate(legend):
        x = (index % per_line) * (width // per_line)
        y = top + (index // per_line) * 20
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}" stroke="#8a939d" '
            f'stroke-width="0.5"/><text x="{x + 16}" y="{y + 10}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


# --- in the PDFs --------------------------------------------------------------------------------

PRINT_FONT = "Liberation Sans, DejaVu Sans, sans-serif"
PRINT_INK = "#1d2b3a"
MUTED = "#6b7785"
TRACK = "#e8ecf0"

# The palette of every document; colour blind safe in the pairs that are put side by side.
COLOURS = {
    "primary": "#1f4e79",
    "secondary": "#5b8db8",
    "good": "#2e7d5b",
    "warning": "#d89b2b",
    "bad": "#b8483c",
    "neutral": "#9aa5b1",
}

PRINT_LABEL_WIDTH = 160
PRINT_ROW_HEIGHT = 16
PRINT_BAR_HEIGHT = 10
PRINT_VALUE_WIDTH = 70


def _print_svg(width, height, body: list[str], title: str, *, fixed_size=False) -> SafeString:
    """A print chart as wide as its column, or at its own size (``fixed_size``, in the text's
    colour where it stands)."""
    size = f'width="{width}" height="{height}"' if fixed_size else 'width="100%"'
    ink = "" if fixed_size else f' fill="{PRINT_INK}"'
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'{size} role="img" aria-label="{escape(title)}" '
        f'font-family="{PRINT_FONT}" font-size="9"{ink}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x, y, content, *, anchor="start", size=None, colour=None, weight=None) -> str:
    attributes = f'x="{x:.1f}" y="{y:.1f}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if size:
        attributes += f' font-size="{size}"'
    if colour:
        attributes += f' fill="{colour}"'
    if weight:
        attributes += f' font-weight="{weight}"'
    return f"<text {attributes}>{escape(content)}</text>"


def _rect(x, y, width, height, colour) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" '
        f'fill="{COLOURS.get(colour, colour)}"/>'
    )


def _print_legend(series, y, x=PRINT_LABEL_WIDTH) -> list[str]:
    body = []
    for item in series:
        body.append(_rect(x, y - 7, 8, 8, item.colour))
        body.append(_text(x + 11, y, item.name, colour=MUTED))
        x += 16 + 5.2 * len(item.name)
    return body


# The share of a bar table's plot column that the longest bar takes; the rest is for its value.
PLOT_SHARE = 0.8


def bar_table(
    bars: list,
    *,
    legend: list[Series],
    band: tuple[float, float] | None = None,
    band_label: str = "",
) -> SafeString:
    """Bars as the rows of a table: one row per :class:`Bar`, or per :class:`StackedBar` with a
    segment per series of ``legend``. The page breaks between rows and the legend (with the
    band's label) repeats at the top of every page, however many rows the region has.

    ``band`` shades a range of values (e.g. the norm of 10,000-20,000 inhabitants).
    """
    totals = [sum(bar.values) if isinstance(bar, StackedBar) else bar.value for bar in bars]
    scale_max = max([*totals, band[1] if band else 0, 1])

    def share(value) -> float:
        return 100 * PLOT_SHARE * min(value, scale_max) / scale_max

    shading = ""
    if band:
        low, high = share(band[0]), share(band[1])
        shading = (
            f' style="background-image: linear-gradient(to right, transparent {low:.2f}%, '
            f'{TRACK} {low:.2f}%, {TRACK} {high:.2f}%, transparent {high:.2f}%)"'
        )
    keys = "".join(
        f'<span class="key"><span class="swatch" style="background: {COLOURS[item.colour]}">'
        f"</span>{escape(item.name)}</span>"
        for item in legend
    )
    head = f'<tr><td></td><td class="legend">{keys}</td></tr>'
    if band:
        head += (
            f'<tr><td></td><td class="band-label"{shading}><span style="margin-left: '
            f'{share(band[0]):.2f}%">{escape(band_label)}</span></td></tr>'
        )
    rows = []
    for bar, total in zip(bars, totals, strict=True):
        if isinstance(bar, StackedBar):
            segments = zip(bar.values, (item.colour for item in legend), strict=True)
            shown = number(total)
        else:
            segments = [(bar.value, bar.colour or "primary")]
            shown = bar.shown if bar.shown is not None else number(bar.value)
        drawn = "".join(
            f'<span class="bar" style="width: {share(value):.2f}%; '
            f'background: {COLOURS.get(colour, colour)}"></span>'
            for value, colour in segments
            if value
        )
        rows.append(
            f'<tr><th scope="row">{escape(bar.label)}</th><td{shading}>{drawn}'
            f'<span class="value">{escape(shown)}</span></td></tr>'
        )
    return mark_safe(
        f'<table class="bar-table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    )


def stacked_bars(
    bars: list[StackedBar], series: list[Series], *, title: str, width: float = 520
) -> SafeString:
    """One bar per row made of a segment per series, with the row total on the right."""
    totals = [sum(bar.values) for bar in bars]
    scale_max = max([*totals, 1])
    plot = width - PRINT_LABEL_WIDTH - PRINT_VALUE_WIDTH
    top = 20
    height = top + PRINT_ROW_HEIGHT * len(bars) + 4
    body = _print_legend(series, 9)
    for index, (bar, total) in enumerate(zip(bars, totals, strict=True)):
        y = top + index * PRINT_ROW_HEIGHT
        body.append(_text(PRINT_LABEL_WIDTH - 6, y + 8.5, bar.label, anchor="end"))
        x = PRINT_LABEL_WIDTH
        for value, item in zip(bar.values, series, strict=True):
            if value:
                segment = plot * value / scale_max
                body.append(_rect(x, y + 1, segment, PRINT_BAR_HEIGHT, item.colour))
                x += segment
        body.append(_text(x + 4, y + 8.5, number(total), colour=MUTED))
    return _print_svg(width, height, body, title)


def gauge(share: float | None, *, title: str, caption: str, colour: str = "good") -> SafeString:
    """A half-circle gauge from 0 to 100 % with the share in the middle."""
    radius, thickness, centre_x, centre_y = 70, 16, 90, 82

    def point(fraction, r):
        angle = math.pi * (1 - fraction)
        return centre_x + r * math.cos(angle), centre_y - r * math.sin(angle)

    def arc(fraction_to):
        outer, inner = radius, radius - thickness
        x0, y0 = point(0, outer)
        x1, y1 = point(fraction_to, outer)
        x2, y2 = point(fraction_to, inner)
        x3, y3 = point(0, inner)
        return (
            f"M{x0:.1f},{y0:.1f} A{outer},{outer} 0 0,1 {x1:.1f},{y1:.1f} "
            f"L{x2:.1f},{y2:.1f} A{inner},{inner} 0 0,0 {x3:.1f},{y3:.1f} Z"
        )

    body = [f'<path d="{arc(0.9999)}" fill="{TRACK}"/>']
    if share:
        body.append(f'<path d="{arc(min(float(share), 0.9999))}" fill="{COLOURS[colour]}"/>')
    shown = percentage(share) if share is not None else "–"
    body.append(_text(centre_x, centre_y - 8, shown, anchor="middle", size=20, weight="bold"))
    body.append(_text(centre_x, centre_y + 14, caption, anchor="middle", colour=MUTED))
    body.append(_text(centre_x - radius + thickness / 2, centre_y + 14, "0", anchor="middle"))
    body.append(_text(centre_x + radius - thickness / 2, centre_y + 14, "100", anchor="middle"))
    return _print_svg(180, 100, body, title)


def comparison_bar(value: float, reference: float | None, *, title: str, width=120) -> SafeString:
    """The region's value (dark) above the national figure (light), on the same scale."""
    scale_max = max(value, reference or 0, 1e-9)
    body = [_rect(0, 0, width * value / scale_max, 6, "primary")]
    if reference is not None:
        body.append(_rect(0, 8, width * reference / scale_max, 6, "neutral"))
    return _print_svg(width, 14, body, title)


# --- a target's measurements: a sparkline on screen, a trend chart in the progress report -----

LINE = COLOURS["primary"]
GOAL = COLOURS["good"]
BASELINE = COLOURS["neutral"]


def _y_scale(values: list, low: float, high: float):
    """A function from a value to its y between ``high`` (top) and ``low`` (bottom)."""
    smallest, largest = min(values), max(values)
    if smallest == largest:
        smallest, largest = smallest - 1, largest + 1
    return lambda value: high + (low - high) * (largest - float(value)) / (largest - smallest)


def _line(x1, y1, x2, y2, colour, dashed=False) -> str:
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}"'
        f' stroke-width="1"{dash}/>'
    )


def sparkline(values: list[Decimal], *, goal: Decimal, title: str, width=120, height=28):
    """The measurements as a small line, the goal dashed; the latest value as a dot."""
    if not values:
        return ""
    y = _y_scale([*map(float, values), float(goal)], height - 3, 3)
    step = (width - 6) / max(len(values) - 1, 1)
    xs = [3 + step * index for index in range(len(values))]
    ys = [y(value) for value in values]
    body = [_line(0, y(goal), width, y(goal), GOAL, dashed=True)]
    if len(values) > 1:
        body.append(
            f'<polyline points="{_points(xs, ys)}" fill="none" stroke="{LINE}" stroke-width="1.5"/>'
        )
    body.append(f'<circle cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" r="2.5" fill="{LINE}"/>')
    return _print_svg(width, height, body, title, fixed_size=True)


def trend_chart(points: list[tuple[str, Decimal]], *, baseline, goal, title, width=480, height=150):
    """Every measurement as a labelled point (its period and value) between the baseline and
    the goal lines, for the progress report."""
    if not points:
        return ""
    left, right, top, bottom = 70, width - 20, 14, height - 28
    values = [float(value) for _label, value in points]
    y = _y_scale([*values, float(baseline), float(goal)], bottom, top)
    step = (right - left) / max(len(points) - 1, 1)
    xs = (
        [left + step * index for index in range(len(points))]
        if len(points) > 1
        else [(left + right) / 2]
    )
    ys = [y(value) for value in values]
    body = []
    for name, value, colour in (
        (_("nulmeting"), baseline, BASELINE),
        (_("streefwaarde"), goal, GOAL),
    ):
        body.append(_line(left, y(value), right, y(value), colour, dashed=True))
        body.append(
            f'<text x="{left - 4}" y="{y(value) + 3:.1f}" text-anchor="end" fill="{colour}">'
            f"{escape(name)} {escape(decimal_number(value))}</text>"
        )
    if len(points) > 1:
        body.append(
            f'<polyline points="{_points(xs, ys)}" fill="none" stroke="{LINE}" stroke-width="1.5"/>'
        )
    for (label, value), x, point_y in zip(points, xs, ys, strict=True):
        body.append(f'<circle cx="{x:.1f}" cy="{point_y:.1f}" r="3" fill="{LINE}"/>')
        body.append(
            f'<text x="{x:.1f}" y="{point_y - 6:.1f}" text-anchor="middle" font-weight="bold">'
            f"{escape(decimal_number(value))}</text>"
        )
        body.append(
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(label)}</text>"
        )
    return _print_svg(width, height, body, title, fixed_size=True)
