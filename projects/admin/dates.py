"""Partial dates in the admin's forms: typed and shown as YYYY, YYYY-MM or YYYY-MM-DD.

A date known to the year is stored as 1 January with precision "year"
(projects.dates). The form shows it as "2016", not "2016-01-01", and takes
"2016" or "2016-04" as well as a full ISO date: a partial date sets its
precision, so the two cannot disagree; a full date leaves the precision select
to decide (the model truncates the date to it).
"""

import datetime

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError

from ..choices import DatePrecision
from ..dates import format_partial_date, parse_partial_date
from ..reported import DATE_PRECISION_FIELDS

# Each date field an admin form may hold, and the field of its precision.
PRECISION_OF = {**DATE_PRECISION_FIELDS, "value_date": "value_date_precision"}
ISO = "%Y-%m-%d"


class PartialDate(datetime.date):
    """A date that remembers the precision it was typed at."""

    precision = DatePrecision.DAY


class PartialDateField(forms.DateField):
    """YYYY, YYYY-MM or YYYY-MM-DD; the value carries the precision typed."""

    widget = AdminDateWidget(format=ISO)

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "YYYY-MM-DD, or YYYY-MM or YYYY when the sources say no more."
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            parsed = parse_partial_date(str(value).strip())
        except ValueError:
            raise ValidationError(
                "Enter a date as YYYY-MM-DD, YYYY-MM or YYYY.", code="invalid"
            ) from None
        date, precision = parsed
        typed = PartialDate(date.year, date.month, date.day)
        typed.precision = precision
        return typed


class PartialDatesMixin:
    """For a ModelForm: its date fields take and show partial dates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, precision_name in PRECISION_OF.items():
            field = self.fields.get(name)
            if field is None or precision_name not in self.fields:
                continue
            extra = {"help_text": field.help_text} if field.help_text else {}
            self.fields[name] = PartialDateField(
                required=field.required, label=field.label, **extra
            )
            value = self.initial.get(name)
            if isinstance(value, datetime.date):
                precision = self.initial.get(precision_name) or DatePrecision.DAY
                self.initial[name] = format_partial_date(value, precision)

    def clean(self):
        cleaned = super().clean()
        for name, precision_name in PRECISION_OF.items():
            value = cleaned.get(name)
            if isinstance(value, PartialDate) and value.precision != DatePrecision.DAY:
                cleaned[precision_name] = value.precision
        return cleaned
