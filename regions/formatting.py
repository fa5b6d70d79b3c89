"""Numbers, shares, euros and dates as people read them, in the active language (Dutch by
default): 12.345 · 12,5 · 46% · € 1.250.000 · 27 november 2026. Rounded half up
(``number_format`` alone truncates)."""

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, get_format, number_format
from django.utils.translation import get_language

MISSING = "–"
# What stands where a person's name was once it is anonymised (e-mail and phone become empty).
ANONYMISED = "geanonimiseerd"


def rounded(value, decimals: int = 0) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return MISSING
    value = rounded(value, decimals)
    separators = _separators(get_language())
    if separators is None:
        return number_format(value, decimals, force_grouping=True)
    # What number_format writes, at a fraction of its cost (the national table has thousands of
    # cells): the value has its decimals already, Python groups by three; no "-0".
    return f"{value or abs(value):,f}".translate(separators)


@functools.cache
def _separators(language) -> dict | None:
    """The decimal and thousands separators of ``language`` as a translation of Python's, or
    ``None`` where it does not group by three."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return str.maketrans(
        {
            ".": get_format("DECIMAL_SEPARATOR", language),
            ",": get_format("THOUSAND_SEPARATOR", language),
        }
    )


def decimal_number(value) -> str:
    """As many decimals as the value has, at most two: 12 / 12,5 / 12,25."""
    if value is None or value == "":
        return MISSING
    value = rounded(value, 2)
    decimals = next(d for d in (0, 1, 2) if value == rounded(value, d))
    return number(value, decimals)


def percentage(share, decimals: int = 0) -> str:
    """A share (0.455) as a percentage (46%)."""
    if share is None or share == "":
        return MISSING
    return number(Decimal(str(share)) * 100, decimals) + "%"


def euro(amount, decimals: int = 0) -> str:
    if amount is None or amount == "":
        return MISSING
    return "€\u00a0" + number(amount, decimals)


def day(value) -> str:
    """A date (or its ISO text, as JSON stores it): 27 november 2026."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return date_format(value)


def moment(value) -> str:
    """A point in time (or its ISO text) in the local time zone: 27 november 2026 14:05."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        value = parse_datetime(value)
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")
