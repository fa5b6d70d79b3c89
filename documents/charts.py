"""Charts for the PDFs, drawn on the server: no browser, no JavaScript.

Each function returns markup that is safe to put in a template. Charts of a fixed size are
inline SVG with few elements (one ``<rect>`` per bar segment, one ``<text>`` per label) because
WeasyPrint draws every SVG element itself and that, more than layout, is where a chart's time
goes. A chart with a row per neighbourhood or municipality grows with the region: it is a table
(:func:`bar_table`), because an SVG cannot break across pages and a table can.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from regions.formatting import number, percentage

FONT = "Liberation Sans, DejaVu Sans, sans-serif"
INK = "#1d2b3a"
MUTED = "#6b7785"
GRID = "#d5dbe1"
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

LABEL_WIDTH = 160
ROW_HEIGHT = 16
BAR_HEIGHT = 10
VALUE_WIDTH = 70


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = "primary"
    shown: str | None = None  # the value as printed; ``number(value)`` when None


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    values: tuple  # one per series


def _svg(width: float, height: float, body: list[str], title: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="9" fill="{INK}">'
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


def _legend(series, y, x=LABEL_WIDTH) -> list[str]:
    body = []
    for item in series:
        body.append(_rect(x, y - 7, 8, 8, item.colour))
        body.append(_text(x + 11, y, item.name, colour=MUTED))
        x += 16 + 5.2 * len(item.name)
    return body


def horizontal_bars(
    bars: list[Bar],
    *,
    title: str,
    width: float = 520,
    maximum: float | None = None,
    band: tuple[float, float] | None = None,
    band_label: str = "",
    legend: list[Series] | None = None,
) -> SafeString:
    """One bar per row, its label on the left and its value on the right.

    ``band`` shades a range of values (e.g. the norm of 10,000-20,000 inhabitants).
    """
    scale_max = maximum or max([bar.value for bar in bars] + [band[1] if band else 0, 1])
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    top = (14 if legend else 0) + (12 if band else 0) + 4
    height = top + ROW_HEIGHT * len(bars) + 4

    def x_of(value):
        return LABEL_WIDTH + plot * min(value, scale_max) / scale_max

    body = []
    if band:
        body.append(
            f'<rect x="{x_of(band[0]):.1f}" y="{top - 14}" '
            f'width="{x_of(band[1]) - x_of(band[0]):.1f}" height="{height - top + 12}" '
            f'fill="{TRACK}"/>'
        )
        body.append(_text(x_of(band[0]) + 3, top - 5, band_label, colour=MUTED, size=8))
    if legend:
        body += _legend(legend, 9)
    for index, bar in enumerate(bars):
        y = top + index * ROW_HEIGHT
        body.append(_text(LABEL_WIDTH - 6, y + 8.5, bar.label, anchor="end"))
        body.append(
            _rect(LABEL_WIDTH, y + 1, x_of(bar.value) - LABEL_WIDTH, BAR_HEIGHT, bar.colour)
        )
        shown = bar.shown if bar.shown is not None else number(bar.value)
        body.append(_text(x_of(bar.value) + 4, y + 8.5, shown, colour=MUTED))
    return _svg(width, height, body, title)


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
            segments = [(bar.value, bar.colour)]
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
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    top = 20
    height = top + ROW_HEIGHT * len(bars) + 4
    body = _legend(series, 9)
    for index, (bar, total) in enumerate(zip(bars, totals, strict=True)):
        y = top + index * ROW_HEIGHT
        body.append(_text(LABEL_WIDTH - 6, y + 8.5, bar.label, anchor="end"))
        x = LABEL_WIDTH
        for value, item in zip(bar.values, series, strict=True):
            if value:
                segment = plot * value / scale_max
                body.append(_rect(x, y + 1, segment, BAR_HEIGHT, item.colour))
                x += segment
        body.append(_text(x + 4, y + 8.5, number(total), colour=MUTED))
    return _svg(width, height, body, title)


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
    return _svg(180, 100, body, title)


def progress_bar(share: float | None, *, title: str, width: float = 120) -> SafeString:
    """A small bar from baseline (0) to goal (1); a share beyond either end is drawn at the end."""
    height = 10
    body = [_rect(0, 1, width, height - 2, TRACK)]
    if share is not None:
        clamped = max(0.0, min(share, 1.0))
        colour = "good" if share >= 1 else "secondary" if share > 0 else "bad"
        body.append(_rect(0, 1, width * clamped, height - 2, colour))
    return _svg(width, height, body, title)


def comparison_bar(value: float, reference: float | None, *, title: str, width=120) -> SafeString:
    """The region's value (dark) above the national figure (light), on the same scale."""
    scale_max = max(value, reference or 0, 1e-9)
    body = [_rect(0, 0, width * value / scale_max, 6, "primary")]
    if reference is not None:
        body.append(_rect(0, 8, width * reference / scale_max, 6, "neutral"))
    return _svg(width, 14, body, title)
