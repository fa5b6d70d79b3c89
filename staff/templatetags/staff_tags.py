"""Template filters and tags of the staff pages: numbers, euros, shares and the coverage chart.
Every number a page shows goes through one of the filters (``regions.formatting``)."""

import math

from django import template

from agreements.models import AgreementStatus, ReviewDecision
from mandates.models import MandateScope
from regions import formatting
from regions.models import MainTask

register = template.Library()


@register.filter
def number(value) -> str:
    """A whole number with thousands separators: ``12.000``."""
    return formatting.number(value)


@register.filter
def decimal(value) -> str:
    """A number with as many decimals as it has, at most two: ``2`` · ``2,5`` · ``1.250,25``."""
    return formatting.decimal_number(value)


# ``€ 1.234.568``; ``|euro:2`` with cents: ``€ 1.234.567,89`` (``€ 1,234,567.89`` in English).
register.filter("euro", formatting.euro)


@register.filter
def share(fraction, digits=0) -> str:
    """A fraction (0.25) as a percentage in the current locale (``25%``; a dash when unknown)."""
    return formatting.percentage(fraction, int(digits))


@register.inclusion_tag("staff/includes/coverage_chart.html")
def coverage_chart(coverage, label):
    """A ring chart of the population covered by complete alliances (inline SVG, no script)."""
    radius = 40
    circumference = 2 * math.pi * radius
    fraction = float(coverage.share or 0)
    return {
        "coverage": coverage,
        "label": label,
        "radius": radius,
        "circumference": f"{circumference:.2f}",
        "covered_length": f"{circumference * fraction:.2f}",
        "uncovered_population": coverage.population - coverage.covered_population,
    }


# A recorded review says what was decided ("goedgekeurd"), not the choice ("goedkeuren").
DECIDED = {
    ReviewDecision.APPROVE: AgreementStatus.APPROVED.label,
    ReviewDecision.REQUEST_CHANGES: AgreementStatus.CHANGES_REQUESTED.label,
    ReviewDecision.REJECT: AgreementStatus.REJECTED.label,
}


@register.filter
def decided(decision) -> str:
    """A decision as what it did to the agreement; a follow decision by its own name."""
    return str(DECIDED.get(decision) or ReviewDecision(decision).label)


@register.filter
def scope_labels(scopes) -> list[str]:
    """A mandate's scope codes as their Dutch names."""
    return [str(MandateScope(scope).label) for scope in scopes]


@register.filter
def main_task_labels(tasks) -> list[str]:
    return [str(MainTask(task).label) for task in tasks]
