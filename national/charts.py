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


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[datetime.date, float]]  # values between 0 and 1


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


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar], maximum=None):
    """Horizontal bars, one per label, scaled to ``maximum`` (default: the largest value)."""
    maximum = maximum or max((bar.value for bar in bars), default=0) or 1
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    height = max(len(bars), 1) * ROW_HEIGHT + 4
    parts = _open(chart_id, title, description, width, height)
    for index, bar in enumerate(bars):
        y = index * ROW_HEIGHT + 2
        length = PLOT_WIDTH * min(bar.value / maximum, 1)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{ROW_HEIGHT - 6}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}">{escape(bar.text)}</text>'
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


def line_chart(chart_id: str, title: str, description: str, series: list[Series]) -> SafeString:
    """Shares (0-100%) over time, one line per series, with a legend below."""
    width, left, right, top, plot_height = 670, 50, 20, 10, 200
    plot_width = width - left - right
    labels = [s.label for s in series]
    height = top + plot_height + 30 + 20 * _legend_lines(labels, 2)
    parts = _open(chart_id, title, description, width, height)
    for share in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_height * (1 - share)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ccc"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{round(share * 100)}%</text>"
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
                f"{x_of(day):.1f},{top + plot_height * (1 - value):.1f}" for day, value in s.points
            )
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            for day, value in s.points[-1:]:
                parts.append(
                    f'<circle cx="{x_of(day):.1f}" cy="{top + plot_height * (1 - value):.1f}" '
                    f'r="3" fill="{colour}"/>'
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
