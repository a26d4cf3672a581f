"""The API's project filters: several values per filter, and modified_since.

The pages keep the one-value FilterSets of projects.filters; the API's lists and
stats take these, which extend them.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import extend_schema_field

from ..choices import Province, Status
from ..filters import (
    PhaseFilter,
    ProjectFilterSet,
    SlugFilter,
    choice_filter,
)
from ..models import Sector

# The API's project filters: several values for phase, sector, status and
# province, and modified_since for incremental sync. The pages keep one value each.

MAX_VALUES = 50


class MultiValueWidget(forms.TextInput):
    """Every value of a parameter, repeated or comma-separated, as one list."""

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if raw is None:
            return None
        values = raw if isinstance(raw, list | tuple) else [raw]
        return [
            part.strip()
            for value in values
            if isinstance(value, str)
            for part in value.split(",")
            if part.strip()
        ]


class MultiValueField(forms.Field):
    """Cleans each value with the one-value field; the result is a list."""

    widget = MultiValueWidget

    def __init__(self, item_field, **kwargs):
        self.item_field = item_field
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        if len(value) > MAX_VALUES:
            raise forms.ValidationError(
                gettext("Give at most %(count)s values.") % {"count": MAX_VALUES}
            )
        cleaned = []
        for item in value:
            item = self.item_field.clean(item)
            if item not in cleaned:
                cleaned.append(item)
        return cleaned


class MultiValueFilter(django_filters.BaseCSVFilter):
    """One or several values, comma-separated or repeated; a record matching
    any of them is kept. Each value is checked as the one-value filter does."""

    def __init__(self, item: django_filters.Filter, to_q, schema: dict):
        super().__init__(
            field_name=item.field_name,
            label=item.label,
            help_text="Several values may be given, separated by commas "
            "or as repeated parameters; a record matching any of them is kept.",
        )
        self.item, self.to_q = item, to_q
        set_override(self, "field", schema)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self._field = MultiValueField(self.item.field, label=self.label)
        return self._field

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for item in value:
            condition |= self.to_q(item)
        return qs.filter(condition)


def _multi_schema(description: str, enum=None, example=None) -> dict:
    schema = {"type": "string", "description": description}
    if enum is not None:
        schema["enum"] = [value for value, _ in enum]
    if example is not None:
        schema["example"] = example
    return schema


MULTI_HELP = " Several: comma-separated (a,b) or repeated (?x=a&x=b)."


class ModifiedSinceField(forms.DateTimeField):
    """An ISO 8601 date or date-time; a date is the start of that day, and a time
    without an offset is in the site's time zone."""

    default_error_messages = {
        "invalid": _(
            "Enter an ISO 8601 date (2025-01-31) or date-time (2025-01-31T12:00:00Z)."
        ),
    }


@extend_schema_field(
    {
        "type": "string",
        "description": "Projects changed at or after this time (their updated_at): "
        "an ISO 8601 date (2025-01-31) or date-time (2025-01-31T12:00:00Z), for "
        "incremental sync. Deleted projects are listed by /api/changes/.",
        "example": "2025-01-31T12:00:00Z",
    }
)
class ModifiedSinceFilter(django_filters.Filter):
    field_class = ModifiedSinceField


class ProjectAPIFilterSet(ProjectFilterSet):
    """The API's project filters (see the comment above)."""

    phase = MultiValueFilter(
        PhaseFilter(field_name="phase", label=_("Phase")),
        lambda lookup: Q(**{f"phase__{k}": v for k, v in lookup.items()}),
        _multi_schema(
            "A phase by its number (2) or its slug (phase-2)." + MULTI_HELP,
            example="phase-2",
        ),
    )
    sector = MultiValueFilter(
        SlugFilter(
            field_name="sector", queryset=Sector.objects.all(), label=_("Sector")
        ),
        lambda sector: Q(sector=sector),
        _multi_schema("A sector by its slug (energy)." + MULTI_HELP, example="energy"),
    )
    status = MultiValueFilter(
        choice_filter(
            Status.choices, _("Status"), _("Unknown status. Allowed: %(allowed)s.")
        ),
        lambda value: Q(status=value),
        _multi_schema("A status." + MULTI_HELP, enum=Status.choices),
    )
    province = MultiValueFilter(
        choice_filter(
            Province.choices,
            _("Province"),
            _("Unknown province. Allowed: %(allowed)s."),
        ),
        lambda value: Q(province=value),
        _multi_schema("A province." + MULTI_HELP, enum=Province.choices),
    )
    modified_since = ModifiedSinceFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Modified since")
    )

    class Meta(ProjectFilterSet.Meta):
        fields = [*ProjectFilterSet.Meta.fields, "modified_since"]


def multi_value_params(filterset_class) -> frozenset[str]:
    """The parameters of a FilterSet that take several values."""
    return frozenset(
        name
        for name, filter_ in filterset_class.base_filters.items()
        if isinstance(filter_, django_filters.BaseCSVFilter)
    )
