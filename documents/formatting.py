"""Dutch number formatting for the documents: 12.345, 12,5 %, € 1.250.000."""

from decimal import Decimal

from django.utils.formats import number_format


def number(value, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return number_format(round(Decimal(str(value)), decimals), decimals, force_grouping=True)


def decimal_number(value) -> str:
    """As many decimals as the value has, at most two: 12 / 12,5 / 12,25."""
    if value is None:
        return "–"
    value = Decimal(str(value)).quantize(Decimal("0.01"))
    decimals = (
        0
        if value == value.to_integral()
        else (1 if value * 10 == (value * 10).to_integral() else 2)
    )
    return number(value, decimals)


def percentage(share, decimals: int = 0) -> str:
    """A share (0.455) as a percentage (46 %)."""
    if share is None:
        return "–"
    return f"{number(Decimal(str(share)) * 100, decimals)} %"


def euro(amount) -> str:
    if amount is None:
        return "–"
    return f"€ {number(amount)}"
