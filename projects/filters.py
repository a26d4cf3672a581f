"""FilterSets shared by the HTML lists and the API."""

import django_filters
from django import forms
from django.db.models import Q

from .choices import MeetingKind, Province, Status
from .models import Meeting, Phase, Project, Sector


def _allowed(values) -> str:
    return ", ".join(str(v) for v in values)


class PhaseField(forms.CharField):
    """A phase given by its number or its slug."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        lookup = {"number": int(value)} if value.isdigit() else {"slug": value}
        if len(value) > 80 or not Phase.objects.filter(**lookup).exists():
            allowed = Phase.objects.values_list("number", "slug")
            raise forms.ValidationError(
                f"Unknown phase {value[:80]!r}. Allowed: "
                + _allowed(f"{n} or {s}" for n, s in allowed)
                + "."
            )
        return lookup


class PhaseFilter(django_filters.Filter):
    field_class = PhaseField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__{k}": v for k, v in value.items()})


def _choice_filter(choices, label):
    return django_filters.ChoiceFilter(
        choices=choices,
        label=label,
        error_messages={
            "invalid_choice": f"Unknown {label.lower()} %(value)s. Allowed: "
            + _allowed(value for value, _ in choices)
            + "."
        },
    )


class ProjectFilterSet(django_filters.FilterSet):
    phase = PhaseFilter(field_name="phase", label="Phase")
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(),
        to_field_name="slug",
        label="Sector",
        error_messages={
            "invalid_choice": "Unknown sector: give the slug of a sector listed at "
            "/api/sectors/."
        },
    )
    status = _choice_filter(Status.choices, "Status")
    province = _choice_filter(Province.choices, "Province")
    q = django_filters.CharFilter(method="search", label="Search", max_length=200)
    min_cost = django_filters.NumberFilter(
        field_name="cost_usd_million", lookup_expr="gte", label="Minimum cost"
    )
    max_cost = django_filters.NumberFilter(
        field_name="cost_usd_million", lookup_expr="lte", label="Maximum cost"
    )
    started_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label="Started on or after"
    )
    started_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label="Started on or before"
    )
    ordering = django_filters.OrderingFilter(
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
        label="Sort by",
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

    def search(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(location__icontains=value)
            | Q(sponsors__icontains=value)
            | Q(description__icontains=value)
        )


class MeetingFilterSet(django_filters.FilterSet):
    kind = _choice_filter(MeetingKind.choices, "Kind")
    phase = PhaseFilter(field_name="phase", label="Phase")
    year = django_filters.NumberFilter(
        field_name="date", lookup_expr="year", label="Year", min_value=1, max_value=9999
    )

    class Meta:
        model = Meeting
        fields = ["kind", "phase", "year"]
