"""Server-rendered SVG charts: no JavaScript, a title and description for screen readers, and
every chart beside a table of its data (in the template).

Every text that goes into the SVG is escaped here; the numbers are formatted by the caller.
"""

import datetime
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Distinguishable for the common colour-vision deficiencies (Okabe-Ito), darkest first.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999999")
LABEL_WIDTH = 250
PLOT_WIDTH = 330
VALUE_WIDTH = 90
ROW_HEIGHT = 22
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown beside the bar
    colour: str = PALETTE[0]


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[datetime.date, float]]  # values between 0 and the chart's maximum


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


def _legend(labels: list[str], top: int, width: int, per_line: int) -> list[str]:
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
            f'fill="{bar.colour}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}">{escape(bar.text)}</text>'
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
    parts.extend(_legend(segment_labels, top, width, 4))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def percent_tick(share: float) -> str:
    return f"{round(share * 100)}%"


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    series: list[Series],
    *,
    maximum: float = 1,
    tick=percent_tick,
) -> SafeString:
    """Values from 0 to ``maximum`` (default shares, 0-100%) over time, one line per series,
    with a legend below; ``tick`` writes the axis' values."""
    width, left, right, top, plot_height = 670, 50, 20, 10, 200
    plot_width = width - left - right
    labels = [s.label for s in series]
    height = top + plot_height + 30 + 20 * _legend_lines(labels, 2)
    parts = _open(chart_id, title, description, width, height)
    for step in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_height * (1 - step)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ccc"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(tick(step * maximum))}</text>"
        )
    days = sorted({day for s in series for day, _value in s.points})
    if days:
        first, last = days[0], days[-1]
        span = (last - first).days or 1

        def x_of(day):
            return left + plot_width * ((day - first).days / span if last != first else 0.5)

        for index, s in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            points = " ".join(
                f"{x_of(day):.1f},{top + plot_height * (1 - value / maximum):.1f}"
                for day, value in s.points
            )
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            for day, value in s.points[-1:]:
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
    parts.extend(_legend(labels, top + plot_height + 28, width, 2))
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
