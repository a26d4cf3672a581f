"""Figures as each language's readers expect them: one home for the pages' numbers.

Every language prints Western digits (0-9): Urdu newspapers and the data's Urdu
sources give figures in them, and a figure then reads the same on a page, in its
citation, in the API and in a CSV. Money is the one figure whose unit changes:
Chinese readers count large sums in 亿 (10^8) and 万 (10^4), so a Chinese page
says 19.12亿美元 where an English one says US$1,912 million; the value is exact,
never rounded. Other units (MW, km, acres) keep the data's unit in every
language.
"""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

# US$ million in one 亿 (10^8) dollars, and 万 (10^4) dollars in one US$ million.
MILLION_PER_YI = Decimal(100)
WAN_PER_MILLION = Decimal(100)
# A cost is kept to the thousand dollars (3 places in US$ million): 5 in 亿.
YI_PLACES = 5


def plain_number(value, grouped: bool = True, places: int = 3) -> str:
    """1912.5 -> "1,912.5"; 1320.000 -> "1,320": no trailing zeros, no 1e3."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = f"{value:{',' if grouped else ''}.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def counts_in_yi() -> bool:
    """The page's language counts money in 亿 and 万 (Chinese)."""
    return (get_language() or "").lower().startswith("zh")


def usd_million_text(value) -> str:
    """A sum in US$ million as a sentence of the page's language says it."""
    value = Decimal(str(value))
    if counts_in_yi():
        if value >= MILLION_PER_YI:
            yi = plain_number(value / MILLION_PER_YI, grouped=False, places=YI_PLACES)
            return f"{yi}亿美元"
        return f"{plain_number(value * WAN_PER_MILLION, grouped=False)}万美元"
    return _("US$%(amount)s million") % {"amount": plain_number(value)}


def usd_table_value(value) -> str:
    """A cost in the unit of a table's column: 亿美元 in Chinese, else US$ million."""
    value = Decimal(str(value))
    if counts_in_yi():
        return plain_number(value / MILLION_PER_YI, places=YI_PLACES)
    return plain_number(value)
