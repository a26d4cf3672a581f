"""Django admin for the editors."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import Citation, Indicator, Meeting, Phase, Project, Sector, Source


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "field", "reported_value", "is_headline", "quote", "note"]


@admin.register(Sector)
class SectorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "color"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline]


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "start_year", "end_year"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focus_sectors"]
    inlines = [CitationInline]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "phase", "sector", "status", "province", "cost_usd_million"]
    list_filter = ["phase", "sector", "status", "province"]
    list_select_related = ["phase", "sector"]
    search_fields = ["name", "location", "sponsors"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["phase", "sector"]
    inlines = [CitationInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "number", "date", "city"]
    list_filter = ["kind", "phase"]
    search_fields = ["title", "city", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["phase", "projects"]
    inlines = [CitationInline]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published_on"]
    search_fields = ["title", "publisher", "author", "url"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["source", "content_type", "object_id", "field", "reported_value"]
    list_filter = ["content_type", "is_headline"]
    list_select_related = ["source", "content_type"]
    search_fields = ["quote", "reported_value", "source__title"]
    autocomplete_fields = ["source"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "value", "unit", "year"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline]
