"""Partial dates: a year, a month or a day, stored as a date and its precision.

A date known only to the year is kept as 1 January with precision "year" and always
shown as the year alone; this module parses, truncates and formats them, once.
"""

import calendar
import datetime
import re

from .choices import DatePrecision

# ISO 8601 at any of the three precisions: 2016, 2016-04, 2016-04-10.
PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PARTIAL_DATE_PATTERN = PARTIAL_DATE_RE.pattern
_INVALID = "{!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD"


def truncate_date(value: datetime.date | None, precision: str) -> datetime.date | None:
    """Drop the parts of a date that its precision says are unknown."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def format_partial_date(value: datetime.date | None, precision: str) -> str | None:
    """ISO 8601 at the stored precision: 2016, 2016-04 or 2016-04-10."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _parts(text: str) -> tuple[int, int | None, int | None]:
    match = PARTIAL_DATE_RE.fullmatch(text)
    if not match:
        raise ValueError(_INVALID.format(text))
    year, month, day = (int(part) if part else None for part in match.groups())
    return year, month, day


def parse_partial_date(value) -> tuple[datetime.date, str] | None:
    """'2016', '2016-04' or '2016-04-10' (or a date) to a date and its precision."""
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    year, month, day = _parts(str(value))
    try:
        date = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(_INVALID.format(str(value))) from None
    if day is not None:
        return date, DatePrecision.DAY
    return date, DatePrecision.MONTH if month is not None else DatePrecision.YEAR


def partial_date_span(text: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the year, month or day a partial date names."""
    year, month, day = _parts(text)
    try:
        if day is not None:
            date = datetime.date(year, month, day)
            return date, date
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, 1), datetime.date(year, month, last)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(_INVALID.format(text)) from None


class ProjectDatesMixin:
    """How a project (the model or a chart's row) shows its dates and place."""

    @property
    def start_date_display(self) -> str | None:
        return format_partial_date(self.start_date, self.start_date_precision)

    @property
    def completion_date_display(self) -> str | None:
        return format_partial_date(self.completion_date, self.completion_date_precision)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None
