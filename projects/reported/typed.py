"""A citation's typed value: read from its wording, or checked against it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from .readers import DATE, Reading, dates_agree, figure_kind, read_reported


def citation_unit(citation) -> str:
    """An indicator's unit, which its value is read in; other units are fixed."""
    from django.contrib.contenttypes.models import ContentType

    if not citation.content_type_id:
        return ""
    if ContentType.objects.get_for_id(citation.content_type_id).model != "indicator":
        return ""
    return getattr(citation.content_object, "unit", "") or ""


def read_typed_value(citation, model_name: str) -> None:
    """Set a citation's typed value from its wording where it can be read."""
    kind = figure_kind(model_name, citation.field)
    reading = read_reported(
        model_name, citation.field, citation.reported_value, citation_unit(citation)
    )
    if reading is None:
        return
    if kind == DATE:
        citation.value_date, citation.value_date_precision = (
            reading.date,
            reading.precision,
        )
    else:
        citation.value_number = reading.number.quantize(Decimal("0.000001"))


def fill_typed_value(citation, model) -> None:
    """Check a figure citation's wording and typed value, reading one from the other.

    The typed value is read from the wording when left blank; one given beside a
    wording it can be read from must agree with it within the wording's rounding
    (a rupee figure, converted at a stated rate, cannot be read and is taken as given).
    """
    model_name = model._meta.model_name
    kind = figure_kind(model_name, citation.field)
    if kind is None:
        return
    if not citation.reported_value:
        raise ValidationError(
            {"reported_value": "Give the figure as the source states it."}
        )
    reading = read_reported(
        model_name, citation.field, citation.reported_value, citation_unit(citation)
    )
    if kind == DATE:
        _fill_date(citation, reading)
    else:
        _fill_number(citation, reading)


def _fill_date(citation, reading: Reading | None) -> None:
    if citation.value_date is None:
        if reading is None:
            raise ValidationError(
                {
                    "value_date": "No date could be read from the reported value; "
                    "enter the typed date and its precision."
                }
            )
        citation.value_date = reading.date
        citation.value_date_precision = reading.precision
    elif not citation.value_date_precision:
        raise ValidationError({"value_date_precision": "Give the date's precision."})
    elif reading is not None and not dates_agree(
        (reading.date, reading.precision),
        (citation.value_date, citation.value_date_precision),
    ):
        raise ValidationError(
            {
                "value_date": f"The reported value {citation.reported_value!r} "
                f"says {reading.date.isoformat()}, not this date."
            }
        )
    citation.value_number = None


def _fill_number(citation, reading: Reading | None) -> None:
    if citation.value_number is None:
        if reading is None:
            raise ValidationError(
                {
                    "value_number": "No figure could be read from the reported value; "
                    "enter the typed value in the field's unit."
                }
            )
        citation.value_number = reading.number.quantize(Decimal("0.000001"))
    elif reading is not None and abs(reading.number - citation.value_number) > (
        reading.tolerance
    ):
        raise ValidationError(
            {
                "value_number": f"The reported value {citation.reported_value!r} "
                f"reads as {format(reading.number.normalize(), 'f')}, not "
                f"{format(citation.value_number.normalize(), 'f')}."
            }
        )
    citation.value_date, citation.value_date_precision = None, ""
