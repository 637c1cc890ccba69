"""Amounts of money as every page writes them: 「¥16,900.00」, with a unit 「¥16,900.00 / 台」.

One format everywhere (the standard contract's: two decimals, thousands grouped), so a price on a
card, a service page, an order and its contract reads the same. No amount is 「面议」.
"""

from decimal import Decimal

from django.utils.translation import gettext as _


def format_amount(value):
    """16900 → "16,900.00" (no currency sign), as the standard contract writes it."""
    return f"{Decimal(value):,.2f}"


def format_yuan(value, unit=""):
    """16900 → "¥16,900.00"; with `unit` "¥16,900.00 / 台"; None → "面议"."""
    if value is None or value == "":
        return _("面议")
    text = f"¥{format_amount(value)}"
    return f"{text} / {unit}" if unit else text


def format_yuan_range(low, high):
    """ "¥1,000.00 – ¥2,000.00"; a missing end is 面议 for the whole range."""
    if low is None or high is None:
        return _("面议")
    return f"{format_yuan(low)} – {format_yuan(high)}"
