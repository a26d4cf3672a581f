"""Sources and the citations that tie their figures to records."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst

from ..models import (
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
)
from .base import TrackedAdmin
from .citable import CitedFieldChoiceField, citable_choices, grouped_by_model
from .versions import TrackedForm


def with_cited_records(citations):
    """Citations with their source and the record each cites, in three queries."""
    return citations.select_related("source", "content_type").prefetch_related(
        "content_object"
    )


class SupportedCitationInline(admin.TabularInline):
    """What a source supports; citations are edited on the record they cite."""

    model = Citation
    fk_name = "source"
    extra = 0
    can_delete = False
    fields = ["cited_record", "field", "reported_value", "locator"]
    readonly_fields = fields
    verbose_name_plural = "Supports (edit a citation on the record it cites)"

    def get_queryset(self, request):
        return with_cited_records(super().get_queryset(request))

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Cited record")
    def cited_record(self, citation):
        target = citation.content_object
        if target is None:
            return f"{citation.content_type.model} #{citation.object_id} (deleted)"
        opts = target._meta
        name = f"admin:{opts.app_label}_{opts.model_name}_change"
        url = reverse(name, args=[target.pk])
        return format_html('<a href="{}">{}: {}</a>', url, opts.verbose_name, target)


@admin.register(Source)
class SourceAdmin(TrackedAdmin):
    list_display = ["title", "kind", "publisher", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "author", "url"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    inlines = [SupportedCitationInline]
    # An address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "publisher", "author"]}),
        (
            "Where to find it",
            {"fields": ["url", "published_on", "accessed_on", "missing_reason"]},
        ),
        TrackedAdmin.record_fieldset,
    ]


CITED_MODELS = [Phase, Sector, Project, Meeting, Indicator]


class CitedModelFilter(admin.SimpleListFilter):
    """The kinds of record a citation can support, not every content type."""

    title = "cited model"
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*CITED_MODELS)
        return [
            (str(types[m].pk), capfirst(m._meta.verbose_name)) for m in CITED_MODELS
        ]

    def queryset(self, request, queryset):
        # Only a listed value filters, so a hand-edited URL cannot cause a 500.
        if self.value() in {value for value, _ in self.lookup_choices}:
            return queryset.filter(content_type_id=self.value())
        return queryset


class CitationAdminForm(TrackedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "field" in self.fields:
            # The record's own fields once its kind is known; else every kind's,
            # grouped, and the model's clean() checks the kind chosen.
            cited = self.instance.content_type_id and self.instance.content_type
            model = cited.model_class() if cited else None
            self.fields["field"] = CitedFieldChoiceField(
                citable_choices(model)
                if model in CITED_MODELS
                else grouped_by_model(CITED_MODELS)
            )
            self.fields["field"].keep(self.instance.field)
        if "content_type" in self.fields:
            types = ContentType.objects.get_for_models(*CITED_MODELS).values()
            self.fields["content_type"].queryset = ContentType.objects.filter(
                pk__in=[t.pk for t in types]
            )


@admin.register(Citation)
class CitationAdmin(TrackedAdmin):
    form = CitationAdminForm
    list_display = [
        "cited_record",
        "field",
        "reported_value",
        "is_headline",
        "source_title",
    ]
    list_display_links = ["cited_record"]
    list_filter = [CitedModelFilter, "is_headline", "field"]
    list_select_related = ["source", "content_type"]
    search_fields = ["reported_value", "locator", "field", "source__title"]
    autocomplete_fields = ["source"]
    fieldsets = [
        (None, {"fields": ["source", ("content_type", "object_id")]}),
        (
            "What it supports",
            {
                "fields": [
                    "field",
                    "reported_value",
                    ("value_number", "value_date", "value_date_precision"),
                    "locator",
                    "is_headline",
                    "is_planned",
                    "note",
                ]
            },
        ),
        TrackedAdmin.record_fieldset,
    ]

    def get_queryset(self, request):
        return with_cited_records(super().get_queryset(request))

    @admin.display(description="Cited record")
    def cited_record(self, citation):
        target = citation.content_object
        if target is None:
            return f"{citation.content_type.model} #{citation.object_id} (deleted)"
        return f"{target._meta.verbose_name}: {target}"

    @admin.display(description="Source", ordering="source__title")
    def source_title(self, citation):
        return Truncator(citation.source.title).chars(60)
