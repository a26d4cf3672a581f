"""Whether citations agree, and whether a record's figures equal their headlines."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..dates import format_partial_date
from .readers import DATE_PRECISION_FIELDS, FIGURE_FIELDS, dates_agree, read_reported
from .typed import citation_unit


def _tolerance(citation, model_name: str) -> Decimal:
    reading = read_reported(
        model_name, citation.field, citation.reported_value, citation_unit(citation)
    )
    if reading is not None and reading.number == citation.value_number:
        return reading.tolerance
    return Decimal(0)


def citations_agree(a, b, model_name: str) -> bool:
    """Whether two citations of one field report the same figure, within rounding."""
    if a.value_date is not None and b.value_date is not None:
        return dates_agree(
            (a.value_date, a.value_date_precision),
            (b.value_date, b.value_date_precision),
        )
    if a.value_number is None or b.value_number is None:
        return True
    gap = abs(a.value_number - b.value_number)
    return gap <= _tolerance(a, model_name) + _tolerance(b, model_name)


def sources_disagree(citations, model_name: str) -> bool:
    """Whether the reported facts of one field conflict; plans are not facts."""
    facts = [c for c in citations if not c.is_planned and c.typed_value is not None]
    return any(
        not citations_agree(a, b, model_name)
        for index, a in enumerate(facts)
        for b in facts[index + 1 :]
    )


def record_value_matches(record, field: str, citation) -> bool:
    """Whether a record's figure equals its headline citation's typed value."""
    value = getattr(record, field)
    if field in DATE_PRECISION_FIELDS:
        precision = getattr(record, DATE_PRECISION_FIELDS[field])
        return (
            value is not None
            and citation.value_date is not None
            and citation.value_date_precision == precision
            and dates_agree((value, precision), (citation.value_date, precision))
        )
    if value is None or citation.value_number is None:
        return False
    try:
        return Decimal(str(value)) == citation.value_number
    except InvalidOperation:
        return False


def headline_errors(record, citations, *, require: bool = False) -> dict[str, str]:
    """Figures of a record that differ from their headline citation's typed value.

    With ``require``, a figure without any headline citation is an error too (the data
    files hold every figure with its source; an editor may add a figure first).
    """
    model_name = record._meta.model_name
    errors = {}
    for field in FIGURE_FIELDS.get(model_name, {}):
        headlines = [c for c in citations if c.field == field and c.is_headline]
        value = getattr(record, field)
        if not headlines:
            if require and value is not None:
                errors[field] = "This figure has no headline citation."
            continue
        headline = headlines[0]
        if value is None or not record_value_matches(record, field, headline):
            shown = "empty" if value is None else _display(record, field)
            errors[field] = (
                f"The figure ({shown}) differs from its headline citation, which "
                f"reports {headline.reported_value!r} "
                f"({headline.typed_value_display}). Add or choose the citation that "
                "supports the new figure."
            )
    return errors


def _display(record, field: str) -> str:
    value = getattr(record, field)
    if field in DATE_PRECISION_FIELDS:
        return format_partial_date(value, getattr(record, DATE_PRECISION_FIELDS[field]))
    return format(Decimal(str(value)).normalize(), "f")
