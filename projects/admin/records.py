"""The admins of the tracked records: sectors, phases, projects, meetings, indicators"""

from django.contrib import admin
from django.utils.html import format_html
from import_export.formats.base_formats import CSV

from ..models import (
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
)
from .base import CitationInline, TrackedAdmin
from .imports import LimitedImportExportMixin
from .resources import ProjectResource


@admin.register(Sector)
class SectorAdmin(TrackedAdmin):
    list_display = ["name", "slug", "color", "public_page"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "color", "description"]}),
        TrackedAdmin.record_fieldset,
    ]

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.slug)


@admin.register(Phase)
class PhaseAdmin(TrackedAdmin):
    list_display = [
        "number",
        "name",
        "start_year",
        "end_year",
        "reported_investment_usd_million",
        "public_page",
    ]
    list_display_links = ["number", "name"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["focus_sectors"]
    inlines = [CitationInline]
    fieldsets = [
        (None, {"fields": ["number", "name", "slug", "summary"]}),
        ("Years", {"fields": [("start_year", "end_year")]}),
        (
            "Figures",
            {"fields": ["reported_investment_usd_million", "focus_sectors"]},
        ),
        TrackedAdmin.record_fieldset,
    ]

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.slug)


@admin.register(Project)
class ProjectAdmin(LimitedImportExportMixin, TrackedAdmin):
    list_display = [
        "name",
        "phase_number",
        "sector",
        "status",
        "province",
        "cost_usd_million",
        "start_date",
        "public_page",
    ]
    list_filter = ["phase", "sector", "status", "province", "capacity_unit"]
    list_select_related = ["phase", "sector"]
    search_fields = ["name", "slug", "location", "sponsors", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["phase", "sector"]
    date_hierarchy = "start_date"
    inlines = [CitationInline]
    resource_classes = [ProjectResource]
    formats = [CSV]
    fieldsets = [
        (None, {"fields": ["name", "slug", "phase", "sector", "status"]}),
        (
            "Place",
            {"fields": ["province", "location", ("latitude", "longitude")]},
        ),
        (
            "Figures",
            {"fields": [("capacity", "capacity_unit"), "cost_usd_million"]},
        ),
        (
            "Dates",
            {
                "description": "Type a date as YYYY-MM-DD, or as YYYY-MM or YYYY "
                "when the sources say no more: a partial date sets its precision. "
                "A year-only date is stored as 1 January of that year.",
                "fields": [
                    ("start_date", "start_date_precision"),
                    ("completion_date", "completion_date_precision"),
                ],
            },
        ),
        ("Details", {"fields": ["sponsors", "description", "route"]}),
        TrackedAdmin.record_fieldset,
    ]

    @admin.display(description="Phase", ordering="phase__number")
    def phase_number(self, obj):
        return obj.phase.number

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())

    def has_import_permission(self, request):
        # An import both creates and changes projects.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)


@admin.register(Meeting)
class MeetingAdmin(TrackedAdmin):
    list_display = ["title", "kind", "number", "date", "city", "phase", "public_page"]
    list_filter = ["kind", "phase", "country"]
    list_select_related = ["phase"]
    search_fields = ["title", "city", "country", "summary", "outcomes"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["phase", "projects"]
    date_hierarchy = "date"
    inlines = [CitationInline]
    fieldsets = [
        (None, {"fields": ["kind", "number", "title", "slug", "phase"]}),
        (
            "When and where",
            {
                "fields": [
                    ("date", "date_precision"),
                    ("city", "country", "is_virtual"),
                    "co_chairs",
                ]
            },
        ),
        ("What was decided", {"fields": ["summary", "outcomes", "projects"]}),
        TrackedAdmin.record_fieldset,
    ]

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())


@admin.register(Indicator)
class IndicatorAdmin(TrackedAdmin):
    list_display = ["name", "value", "unit", "year"]
    list_filter = ["year", "unit"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", ("value", "unit"), "year"]}),
        ("Details", {"fields": ["description"]}),
        TrackedAdmin.record_fieldset,
    ]
