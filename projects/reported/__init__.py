"""Reported values: read a source's wording into a typed value, and compare them.

A citation keeps a figure twice: as the source states it ("$1.912bn", "2 x 660 MW",
"June 29, 2022") and as a typed value in the field's unit (1912, 1320, 2022-06-29 to
the day). The typed values are what "sources disagree" compares and what a record's
figure must equal when the citation holds the headline.
"""

from .agreement import (
    citations_agree,
    headline_errors,
    record_value_matches,
    sources_disagree,
)
from .readers import (
    DATE_PRECISION_FIELDS,
    FIGURE_FIELDS,
    figure_kind,
    read_coordinate,
    read_date,
    read_money,
    read_number,
    read_reported,
)
from .typed import fill_typed_value, read_typed_value

__all__ = [
    "DATE_PRECISION_FIELDS",
    "FIGURE_FIELDS",
    "citations_agree",
    "figure_kind",
    "fill_typed_value",
    "headline_errors",
    "read_coordinate",
    "read_date",
    "read_money",
    "read_number",
    "read_reported",
    "read_typed_value",
    "record_value_matches",
    "sources_disagree",
]
