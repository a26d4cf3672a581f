"""Django admin for the editors: sources inline, history with diffs and revert."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import services
from .models import (
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
    constraint_field,
)
from .resources import ProjectResource


# A multi-field constraint fails as a form-wide error; these name the field an
# editor has to change to fix it. A tuple means "the first of these left empty".
class ConstraintErrorsForm(forms.ModelForm):
    """Moves database-constraint errors from the top of the form to their field."""

    def _post_clean(self):
        super()._post_clean()
        pending = self._errors.get(NON_FIELD_ERRORS)
        if not pending:
            return
        by_message = {
            str(c.get_violation_error_message()): constraint_field(c)
            for c in self._meta.model._meta.constraints
        }
        kept = []
        moved = []
        for error in pending.as_data():
            target = self._target_field(by_message.get(" ".join(error.messages)))
            if target is None:
                kept.append(error)
            else:
                moved.append((target, error))
        if not moved:
            return
        if kept:
            self._errors[NON_FIELD_ERRORS] = self.error_class(
                kept, error_class="nonfield", renderer=self.renderer
            )
        else:
            del self._errors[NON_FIELD_ERRORS]
        for target, error in moved:
            self.add_error(target, error)

    def _target_field(self, target):
        if isinstance(target, tuple):
            data = getattr(self, "cleaned_data", {})
            present = [name for name in target if name in self.fields]
            empty = [name for name in present if data.get(name) in (None, "")]
            target = (empty or present or [None])[0]
        return target if target in self.fields else None


class PrefetchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that shows its selected label without a query when given."""

    known: dict[str, str] = {}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if v not in (None, "")}
        if not selected or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        groups = [(None, [], 0)]
        options = groups[0][1]
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in sorted(selected):
            options.append(
                self.create_option(name, pk, self.known[pk], True, len(options))
            )
        return groups


class CitationInlineForm(ConstraintErrorsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("source")
        instance = self.instance
        if (
            field is not None
            and instance.source_id
            and Citation.source.is_cached(instance)
        ):
            widget = getattr(field.widget, "widget", field.widget)
            widget.known = {str(instance.source_id): str(instance.source)}


class CitationInlineFormSet(BaseGenericInlineFormSet):
    """Gives each citation its target before validation, so clean() can check it."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        citation = form.instance
        citation.content_type = ContentType.objects.get_for_model(self.instance)
        if self.instance.pk is not None:
            citation.object_id = self.instance.pk
        return form

    def clean(self):
        super().clean()
        # The one-headline constraint names content_type and object_id, which the
        # inline form leaves out, so the form alone would let a duplicate reach
        # the database. Every citation of the record is in this formset.
        (constraint,) = (
            c
            for c in Citation._meta.constraints
            if c.name == "projects_citation_one_headline_per_field"
        )
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("is_headline"):
                continue
            key = data.get("field", "")
            if key in seen:
                form.add_error(
                    "is_headline",
                    ValidationError(constraint.get_violation_error_message()),
                )
            seen.add(key)
        self._check_headlines()

    def _check_headlines(self):
        """A record's figure must equal the typed value of its headline citation."""
        if any(form.errors for form in self.forms):
            return
        kept = [
            form.instance
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("source")
        ]
        try:
            services.check_headlines(self.instance, kept)
        except ValidationError as exc:
            raise ValidationError(
                [
                    f"{capfirst(field.replace('_', ' '))}: {message}"
                    for field, messages in exc.message_dict.items()
                    for message in messages
                ]
            ) from None


class CitationInline(GenericTabularInline):
    model = Citation
    form = CitationInlineForm
    formset = CitationInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        "source",
        "field",
        "reported_value",
        "value_number",
        "value_date",
        "value_date_precision",
        "locator",
        "is_headline",
        "is_planned",
        "note",
    ]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            kwargs["widget"] = PrefetchedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ChoiceLabelContextHelper(HistoricalRecordContextHelper):
    """Shows choice fields by their labels in the history's changes column."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and value not in (None, ""):
            return dict(field.flatchoices).get(value, value)
        if value in (None, ""):
            return "—"
        return super().prepare_delta_change_value(change, value)


class TrackedAdmin(SimpleHistoryAdmin):
    """History with a changes column and revert, and readable constraint errors."""

    form = ConstraintErrorsForm
    object_history_list_template = "admin/projects/object_history_list.html"
    readonly_fields = ["created_at", "updated_at"]
    record_fieldset = ("Record", {"fields": ["created_at", "updated_at"]})

    def get_historical_record_context_helper(self, request, historical_record):
        return ChoiceLabelContextHelper(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        # A save that changes nothing (an editor pressing Save to add a citation)
        # would otherwise add an empty "changed" entry to the history and the feed.
        # The form cannot tell: on a revert its initial data is the old version.
        services.save(
            obj,
            editor=request.user,
            record_history=not (change and self._unchanged(obj)),
        )

    def delete_model(self, request, obj):
        services.delete(obj, editor=request.user)

    def _unchanged(self, obj) -> bool:
        names = [
            f.attname
            for f in obj._meta.concrete_fields
            if f.editable and not f.primary_key
        ]
        stored = type(obj)._default_manager.filter(pk=obj.pk).values(*names).first()
        return stored == {name: getattr(obj, name) for name in names}


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
class ProjectAdmin(ImportExportMixin, TrackedAdmin):
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
                "description": "Set each precision to what the sources give: a "
                "year-only date is stored as 1 January of that year.",
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
        return (
            super()
            .get_queryset(request)
            .select_related("source", "content_type")
            .prefetch_related("content_object")
        )

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


class CitationAdminForm(ConstraintErrorsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        return (
            super()
            .get_queryset(request)
            .select_related("source", "content_type")
            .prefetch_related("content_object")
        )

    @admin.display(description="Cited record")
    def cited_record(self, citation):
        target = citation.content_object
        if target is None:
            return f"{citation.content_type.model} #{citation.object_id} (deleted)"
        return f"{target._meta.verbose_name}: {target}"

    @admin.display(description="Source", ordering="source__title")
    def source_title(self, citation):
        return Truncator(citation.source.title).chars(60)


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
