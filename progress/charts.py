"""Trend charts of a target's measurements, drawn on the server as inline SVG (no JavaScript):
a sparkline for the staff pages and a larger chart with dates and values for the PDF."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from regions.formatting import decimal_number

FONT = "Liberation Sans, DejaVu Sans, sans-serif"
LINE = "#1f4e79"
GOAL = "#2e7d5b"
BASELINE = "#9aa5b1"
MUTED = "#6b7785"


def _scale(values: list, low: float, high: float):
    """A function from a value to its y between ``high`` (top) and ``low`` (bottom)."""
    smallest, largest = min(values), max(values)
    if smallest == largest:
        smallest, largest = smallest - 1, largest + 1
    return lambda value: high + (low - high) * (largest - float(value)) / (largest - smallest)


def _svg(width, height, body, title) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="9"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _line(x1, y1, x2, y2, colour, dashed=False) -> str:
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}"'
        f' stroke-width="1"{dash}/>'
    )


def _points(xs, ys) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


def sparkline(values: list[Decimal], *, goal: Decimal, title: str, width=120, height=28):
    """The measurements as a small line, the goal dashed; the latest value as a dot."""
    if not values:
        return ""
    y = _scale([*map(float, values), float(goal)], height - 3, 3)
    step = (width - 6) / max(len(values) - 1, 1)
    xs = [3 + step * index for index in range(len(values))]
    ys = [y(value) for value in values]
    body = [_line(0, y(goal), width, y(goal), GOAL, dashed=True)]
    if len(values) > 1:
        body.append(
            f'<polyline points="{_points(xs, ys)}" fill="none" stroke="{LINE}" stroke-width="1.5"/>'
        )
    body.append(f'<circle cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" r="2.5" fill="{LINE}"/>')
    return _svg(width, height, body, title)


def trend_chart(points: list[tuple[str, Decimal]], *, baseline, goal, title, width=480, height=150):
    """Every measurement as a labelled point (its period and value) between the baseline and
    the goal lines, for the progress report."""
    if not points:
        return ""
    left, right, top, bottom = 70, width - 20, 14, height - 28
    values = [float(value) for _label, value in points]
    y = _scale([*values, float(baseline), float(goal)], bottom, top)
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
    return _svg(width, height, body, title)
