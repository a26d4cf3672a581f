"""Formatting for the pages: numbers with separators, and unknown said as unknown."""

from decimal import Decimal

from django import template
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..dashboard import field_label as dashboard_field_label
from ..numbers import plain_number, usd_million_text, usd_table_value

register = template.Library()

# Said in the page's language: built when it is shown, not when imported.
UNKNOWN = lazy(
    lambda: format_html('<span class="unknown">{}</span>', _("unknown")), SafeString
)()


@register.filter
def cell(value):
    """A table cell: numbers with thousands separators, None as "unknown"."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return plain_number(value)
    return value


@register.filter
def active_filters(form) -> int:
    """How many of a filter form's fields the visitor set; the sort order is not one."""
    return sum(1 for name in form.fields if name != "ordering" and form.data.get(name))


@register.filter
def number(value):
    if value is None:
        return UNKNOWN
    return plain_number(value)


@register.filter
def usd_million(value):
    """US$1,912 million (19.125亿美元 in Chinese), or "unknown"."""
    if value is None:
        return UNKNOWN
    return usd_million_text(value)


@register.filter
def usd_cell(value):
    """A cost in a table whose column names the unit ("Cost (US$ million)")."""
    if value is None:
        return UNKNOWN
    return usd_table_value(value)


@register.filter
def percent(value):
    if value is None:
        return UNKNOWN
    return f"{float(value):.0f}%"


@register.filter
def coordinate(value):
    """A latitude or longitude as stored, without trailing zeros."""
    if value is None:
        return UNKNOWN
    return format(Decimal(value).normalize(), "f")


@register.filter
def field_label(citation):
    """The readable name of the field a citation supports: "Cost (US$ million)"."""
    model = citation.content_type.model_class()
    if model is None:
        return citation.field
    return dashboard_field_label(model, citation.field)
