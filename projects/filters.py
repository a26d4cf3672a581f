"""FilterSets shared by the HTML lists and the API.

Every value a client sends is bounded here before it reaches the database, so a
strange input is a form error (a 400 naming the parameter), never a database error:
numbers have a digit limit, text a length limit, slugs a pattern, and Django's form
fields refuse NUL characters.
"""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.widgets import BaseCSVWidget
from drf_spectacular.utils import extend_schema_field

from .caching.store import cached
from .choices import MeetingKind, Province, SourceKind, Status
from .dates import PARTIAL_DATE_PATTERN, partial_date_span
from .lookups import SLUG_RE, phase_lookup
from .models import Meeting, Phase, Project, Sector, Source
from .selectors.search import MAX_QUERY_LENGTH, SOURCE_SEARCH, search_queryset
from .selectors.sources import publisher_choices


def _allowed(values) -> str:
    return ", ".join(str(v) for v in values)


def _unknown(message, values):
    """An error message naming the allowed values, translated when it is shown
    (the filters are built once, before any request has a language)."""
    return lazy(lambda: str(message) % {"allowed": _allowed(values)}, str)()


class PhaseField(forms.CharField):
    """A phase given by its number or its slug."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        lookup = phase_lookup(value)
        if lookup is None or not Phase.objects.filter(**lookup).exists():
            allowed = Phase.objects.values_list("number", "slug")
            either = [
                gettext("%(number)s or %(slug)s") % {"number": n, "slug": s}
                for n, s in allowed
            ]
            raise forms.ValidationError(
                gettext("Unknown phase. Allowed: %(allowed)s.")
                % {"allowed": _allowed(either) or gettext("no phase yet")}
            )
        return lookup


@extend_schema_field(
    {
        "type": "string",
        "description": "A phase by its number (1) or its slug (phase-2).",
    }
)
class PhaseFilter(django_filters.Filter):
    field_class = PhaseField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__{k}": v for k, v in value.items()})


class SlugChoiceField(forms.ModelChoiceField):
    """A record given by its slug; the error lists the slugs that exist."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not SLUG_RE.fullmatch(value):
            self._refuse()
        try:
            return self.queryset.get(slug=value)
        except self.queryset.model.DoesNotExist:
            self._refuse()

    def _refuse(self):
        slugs = self.queryset.values_list("slug", flat=True)
        name = self.queryset.model._meta.verbose_name
        raise forms.ValidationError(
            gettext("Unknown %(name)s. Allowed: %(allowed)s.")
            % {"name": name, "allowed": _allowed(slugs) or gettext("none yet")},
            code="invalid_choice",
        )


@extend_schema_field({"type": "string", "description": "A sector by its slug."})
class SlugFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


def choice_filter(choices, label, unknown):
    """`unknown` is the error message, with %(allowed)s for the allowed values."""
    return django_filters.ChoiceFilter(
        choices=choices,
        label=label,
        # Not echoing the value: it may be 10,000 characters of noise.
        error_messages={
            "invalid_choice": _unknown(unknown, [value for value, _l in choices])
        },
    )


class PartialDateField(forms.CharField):
    """A year, a month or a day in ISO 8601, cleaned to the first and last day."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return partial_date_span(value)
        except ValueError:
            raise forms.ValidationError(
                gettext("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."), code="invalid"
            ) from None


@extend_schema_field(
    {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "description": "A year (2016), a month (2016-04) or a day (2016-04-10).",
    }
)
class PartialDateFilter(django_filters.Filter):
    """Compares a date with the start (`gte`) or the end (`lte`) of a period."""

    field_class = PartialDateField

    def filter(self, qs, value):
        if not value:
            return qs
        first, last = value
        bound = first if self.lookup_expr == "gte" else last
        return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": bound})


def _cost_filter(lookup_expr, label):
    # Digit limits keep 1e999999 and the like out of the database's numeric type.
    return django_filters.NumberFilter(
        field_name="cost_usd_million",
        lookup_expr=lookup_expr,
        label=label,
        min_value=0,
        max_digits=14,
        decimal_places=4,
    )


@extend_schema_field(
    {"type": "integer", "minimum": 1, "maximum": 9999, "description": "A year."}
)
class YearFilter(django_filters.NumberFilter):
    # An integer field: the year lookup needs an int, not a Decimal.
    field_class = forms.IntegerField


class RepeatedCSVSelect(BaseCSVWidget, forms.Select):
    """Comma-separated values, also when the parameter is repeated (as generated
    clients send a list): ?ordering=a&ordering=b is ?ordering=a,b."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist") and len(data.getlist(name)) > 1:
            return [part for value in data.getlist(name) for part in value.split(",")]
        return super().value_from_datadict(data, files, name)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts with unknown values last either way, and the primary key as tiebreak.

    Without the tiebreak, rows with equal values could move between pages.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", RepeatedCSVSelect)
        super().__init__(*args, **kwargs)
        message = _(
            "Unknown ordering. Allowed: %(allowed)s; separate several with commas."
        )
        allowed = [value for value, _l in self.extra["choices"]]
        self.extra["error_messages"] = {"invalid_choice": _unknown(message, allowed)}

    def get_ordering_value(self, param):
        name = super().get_ordering_value(param)
        if name.startswith("-"):
            return F(name[1:]).desc(nulls_last=True)
        return F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk")


class ProjectFilterSet(django_filters.FilterSet):
    phase = PhaseFilter(field_name="phase", label=_("Phase"))
    sector = SlugFilter(
        field_name="sector", queryset=Sector.objects.all(), label=_("Sector")
    )
    status = choice_filter(
        Status.choices, _("Status"), _("Unknown status. Allowed: %(allowed)s.")
    )
    province = choice_filter(
        Province.choices, _("Province"), _("Unknown province. Allowed: %(allowed)s.")
    )
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
    min_cost = _cost_filter("gte", _("Minimum cost (US$ million)"))
    max_cost = _cost_filter("lte", _("Maximum cost (US$ million)"))
    started_after = PartialDateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Started on or after")
    )
    started_before = PartialDateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Started on or before")
    )
    ordering = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("cost_usd_million", "cost_usd_million"),
            ("start_date", "start_date"),
            ("completion_date", "completion_date"),
            ("status", "status"),
            ("province", "province"),
            ("phase__number", "phase"),
            ("sector__name", "sector"),
            ("capacity", "capacity"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Project
        fields = [
            "phase",
            "sector",
            "status",
            "province",
            "q",
            "min_cost",
            "max_cost",
            "started_after",
            "started_before",
            "ordering",
        ]

    def search(self, queryset, name, value: str):
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(location__icontains=value)
            | Q(sponsors__icontains=value)
            | Q(description__icontains=value)
        )


class MeetingFilterSet(django_filters.FilterSet):
    kind = choice_filter(
        MeetingKind.choices, _("Kind"), _("Unknown kind. Allowed: %(allowed)s.")
    )
    phase = PhaseFilter(field_name="phase", label=_("Phase"))
    year = YearFilter(
        field_name="date",
        lookup_expr="year",
        label=_("Year"),
        min_value=1,
        max_value=9999,
    )
    ordering = StableOrderingFilter(
        fields=(
            ("date", "date"),
            ("title", "title"),
            ("kind", "kind"),
            ("number", "number"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Meeting
        fields = ["kind", "phase", "year", "ordering"]


class SourceFilterSet(django_filters.FilterSet):
    """The source list's filters: kind, outlet, words, and one source by its slug
    (the address a link to one source uses, whichever page it falls on)."""

    kind = choice_filter(
        SourceKind.choices, _("Kind"), _("Unknown kind. Allowed: %(allowed)s.")
    )
    publisher = django_filters.ChoiceFilter(
        # Outlets with sources, each with how many; kept until the data changes.
        choices=lambda: cached("source-publishers", publisher_choices),
        label=_("Publisher"),
        empty_label=_("Any publisher"),
        error_messages={"invalid_choice": _("Unknown publisher. Choose one listed.")},
    )
    q = django_filters.CharFilter(
        method="search", label=_("Search"), max_length=MAX_QUERY_LENGTH
    )
    source = django_filters.CharFilter(
        field_name="slug", label=_("Source"), max_length=80, widget=forms.HiddenInput
    )

    class Meta:
        model = Source
        fields = ["kind", "publisher", "q", "source"]

    def search(self, queryset, name, value: str):
        if not value.strip():
            return queryset
        return search_queryset(SOURCE_SEARCH, queryset, value)
