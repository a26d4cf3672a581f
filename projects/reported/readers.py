"""Read a source's wording (money, numbers, coordinates, dates) into a typed value."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from ..choices import DatePrecision

MONEY = "money"  # US$ million
NUMBER = "number"
COORDINATE = "coordinate"  # decimal degrees
DATE = "date"
YEAR = "year"

# The fields of each model that hold figures, and how their typed value is read.
FIGURE_FIELDS: dict[str, dict[str, str]] = {
    "project": {
        "cost_usd_million": MONEY,
        "capacity": NUMBER,
        "start_date": DATE,
        "completion_date": DATE,
        "latitude": COORDINATE,
        "longitude": COORDINATE,
    },
    "phase": {
        "reported_investment_usd_million": MONEY,
        "start_year": YEAR,
        "end_year": YEAR,
    },
    "meeting": {"date": DATE},
    # An indicator's year says what its value covers; the value's citations give it.
    "indicator": {"value": NUMBER},
}
# The precision field that goes with each date field.
DATE_PRECISION_FIELDS = {
    "start_date": "start_date_precision",
    "completion_date": "completion_date_precision",
    "date": "date_precision",
}
SCALE = {
    "trillion": Decimal(1_000_000),
    "billion": Decimal(1000),
    "bn": Decimal(1000),
    "b": Decimal(1000),
    "million": Decimal(1),
    "mn": Decimal(1),
    "mln": Decimal(1),
    "m": Decimal(1),
    "": Decimal("0.000001"),
}
NUMBER_RE = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
MONEY_RE = re.compile(
    r"(?:US\s?\$|USD|\$)\s?"
    + NUMBER_RE
    + r"[\s-]*(trillion|billion|bn|b|million|mn|mln|m)?"
    r"\b|" + NUMBER_RE + r"\s*(trillion|billion|million)\s*(?:US\s?)?dollars?",
    re.IGNORECASE,
)
PRODUCT_RE = re.compile(NUMBER_RE + r"\s*[x×]\s*" + NUMBER_RE, re.IGNORECASE)
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8}
# "two units of 660 MW", "two 660 MW plants", "four separate 180-megawatt units"
UNITS_RE = re.compile(
    r"\b("
    + "|".join(COUNT_WORDS)
    + r")\s+(?:[a-z]+\s+){0,3}?(?:of\s+)?"
    + NUMBER_RE
    + r"\s*-?\s*(?:MW|megawatt|mega\s?watt)",
    re.IGNORECASE,
)
PLAIN_RE = re.compile(r"-?" + NUMBER_RE)
MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
MONTH_RE = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    # Ranges give their first day: "4-8 June 2024", "August 31 to September 1, 2025".
    (
        re.compile(
            rf"\b{DAY_RE}\s*[-–]\s*\d{{1,2}}\s+{MONTH_RE},?\s+(\d{{4}})\b", re.I
        ),
        ("d", "mn", "y"),
    ),
    (
        re.compile(
            rf"\b{MONTH_RE}\s+{DAY_RE}\s*(?:to|[-–])\s*{MONTH_RE}\s+\d{{1,2}},?\s+"
            r"(\d{4})\b",
            re.I,
        ),
        ("mn", "d", "_", "y"),
    ),
    # A fiscal year, "2026-27", ends in its second year.
    (re.compile(r"(?<!\d)\d{2}(\d{2})[-–/](\d{2})\b(?!-)"), ("fy0", "fy")),
    (re.compile(rf"\b{MONTH_RE}\s+{DAY_RE},?\s+(\d{{4}})\b", re.I), ("mn", "d", "y")),
    (
        re.compile(rf"\b{DAY_RE}\s+(?:of\s+)?{MONTH_RE},?\s+(\d{{4}})\b", re.I),
        ("d", "mn", "y"),
    ),
    (re.compile(r"\b(\d{4})-(\d{2})\b"), ("y", "m")),
    (re.compile(rf"\b{MONTH_RE},?\s+(\d{{4}})\b", re.I), ("mn", "y")),
    (re.compile(r"\b(\d{4})\b"), ("y",)),
)


@dataclass(frozen=True)
class Reading:
    """A typed value read from a source's wording, with the rounding it implies."""

    number: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    date: datetime.date | None = None
    precision: str = ""


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _step(text: str) -> Decimal:
    """Half a unit of the last digit the wording gives: the rounding it implies."""
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return Decimal(1).scaleb(-decimals) / 2


def read_money(text: str) -> Reading | None:
    """US$ million from "$1.912bn", "US$ 1,420 million" or "1.6 billion dollars"."""
    match = MONEY_RE.search(text)
    if not match:
        return None
    if match.group(1):
        digits, unit = match.group(1), (match.group(2) or "").lower()
    else:
        digits, unit = match.group(3), match.group(4).lower()
    scale = SCALE[unit]
    return Reading(number=_decimal(digits) * scale, tolerance=_step(digits) * scale)


def read_number(text: str) -> Reading | None:
    """A number from "720 MW", "2 x 660 MW" (1,320) or "392 km"."""
    products = PRODUCT_RE.findall(text)
    if products:
        # "4x275MW plus 2x12MW": the units of each size, added up.
        return Reading(number=sum(_decimal(n) * _decimal(size) for n, size in products))
    units = UNITS_RE.search(text)
    if units:
        count = COUNT_WORDS[units.group(1).lower()]
        return Reading(number=count * _decimal(units.group(2)))
    match = PLAIN_RE.search(text)
    if not match:
        return None
    digits = match.group(0)
    # Capacities are kept in MW: "1.4GW" is 1,400 MW.
    scale = 1000 if re.match(r"\s*GW\b", text[match.end() :], re.I) else 1
    return Reading(number=_decimal(digits) * scale, tolerance=_step(digits) * scale)


DMS_RE = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s*[°˚º]\s*(?:(\d{1,2}(?:\.\d+)?)\s*['′’‘]\s*)?"
    r"(?:(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|''|”|(?=[NSEW]))\s*)?"
)


def read_coordinate(text: str) -> Reading | None:
    """Decimal degrees from "30.71422" or "33°35′59″ N"; south and west negative."""
    sign = -1 if re.search(r"\b[SW]\b", text) else 1
    ends = [m for m in DMS_RE.finditer(text) if m.group(2) or m.group(3)]
    if len(ends) == 2 and re.search(
        r"\bto\b|[-–]", text[ends[0].end() : ends[1].start()]
    ):
        # A range ("24° 44'N to 24° 51'N") reads as its middle, give or take half.
        low, high = (read_coordinate(m.group(0)).number for m in ends)
        return Reading(number=sign * (low + high) / 2, tolerance=abs(high - low) / 2)
    match = DMS_RE.search(text)
    if match and (match.group(2) or match.group(3)):
        degrees, minutes, seconds = (Decimal(g or 0) for g in match.groups())
        value = degrees + minutes / 60 + seconds / 3600
        # Half of the last unit given, plus the rounding of a stored decimal.
        last = Decimal(1) / 3600 if match.group(3) else Decimal(1) / 60
        return Reading(number=sign * value, tolerance=last / 2 + Decimal("0.00005"))
    reading = read_number(text)
    if reading is None:
        return None
    return Reading(number=sign * reading.number, tolerance=reading.tolerance)


def read_date(text: str) -> Reading | None:
    """A date at the precision the wording gives: day, month or year."""
    for pattern, parts in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        values = dict(zip(parts, match.groups(), strict=True))
        if "fy" in values:
            second = int(values["fy"])
            # "2011-12" stays December 2011; "2012-13" is a fiscal year.
            if second != (int(values["fy0"]) + 1) % 100 or 0 < second <= 12:
                continue
            century = int(match.group(0)[:2]) * 100
            values = {
                "y": str(century + int(values["fy"]) + (values["fy"] == "00") * 100)
            }
        month = MONTHS[values["mn"].lower()] if "mn" in values else values.get("m")
        try:
            date = datetime.date(
                int(values["y"]), int(month or 1), int(values.get("d") or 1)
            )
        except ValueError:
            continue
        precision = (
            DatePrecision.DAY
            if "d" in values
            else DatePrecision.MONTH
            if month
            else DatePrecision.YEAR
        )
        return Reading(date=date, precision=precision)
    return None


def read_year(text: str) -> Reading | None:
    reading = read_date(text)
    if reading is None:
        return None
    return Reading(number=Decimal(reading.date.year))


READERS = {
    MONEY: read_money,
    NUMBER: read_number,
    COORDINATE: read_coordinate,
    DATE: read_date,
    YEAR: read_year,
}


def figure_kind(model_name: str, field: str) -> str | None:
    return FIGURE_FIELDS.get(model_name, {}).get(field)


def read_reported(
    model_name: str, field: str, text: str, unit: str = ""
) -> Reading | None:
    kind = figure_kind(model_name, field)
    if kind is None or not text:
        return None
    if kind == NUMBER and "$" in unit and MONEY_RE.search(text):
        # A money indicator is kept in its own unit: "US$ billion" or "US$ million".
        reading = read_money(text)
        scale = SCALE.get(unit.split()[-1].lower(), Decimal(1))
        return Reading(
            number=reading.number / scale, tolerance=reading.tolerance / scale
        )
    return READERS[kind](text)


def dates_agree(a: tuple, b: tuple) -> bool:
    """Two partial dates agree when they are the same at the coarser precision."""
    order = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}
    coarser = min(a[1], b[1], key=lambda p: order.get(p, 2))
    keep = {DatePrecision.YEAR: 1, DatePrecision.MONTH: 2}.get(coarser, 3)
    as_tuple = lambda d: (d.year, d.month, d.day)[:keep]  # noqa: E731
    return as_tuple(a[0]) == as_tuple(b[0])
