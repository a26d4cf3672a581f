"""What every admin shares: citations inline, history with revert, the write path."""

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericStackedInline
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .. import services
from ..models import (
    Citation,
)
from .citable import CitedFieldChoiceField, citable_choices
from .forms import (
    AutocompleteSelectMultipleWithoutClear,
    CitationInlineForm,
    CitationInlineFormSet,
    PrefetchedAutocompleteSelect,
)
from .translations import input_attrs, translation_fieldsets
from .versions import VERSION_FIELD, TrackedForm


class CitationInline(GenericStackedInline):
    """A record's citations, two or three short rows each, to fit a laptop screen.

    A tabular inline of ten columns was 2,066 px wide and its inputs had no
    labels; stacked, every input has its label and the rows wrap.
    """

    model = Citation
    form = CitationInlineForm
    formset = CitationInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]
    classes = ["citations"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("source", "field", "reported_value", "locator"),
                    (
                        "value_number",
                        "value_date",
                        "value_date_precision",
                        "is_headline",
                        "is_planned",
                    ),
                ]
            },
        ),
        ("Note", {"classes": ["collapse"], "fields": ["note"]}),
    ]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 30})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            kwargs["widget"] = PrefetchedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "field":
            return CitedFieldChoiceField(citable_choices(self.parent_model))
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "source":
            # A citation row is no place to delete or rename a whole source.
            formfield.widget.can_delete_related = False
            formfield.widget.can_change_related = False
        return formfield


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
    """History with a changes column and revert, readable constraint errors, and
    no save from a stale form (admin.versions)."""

    form = TrackedForm
    object_history_list_template = "admin/projects/object_history_list.html"
    readonly_fields = ["created_at", "updated_at"]
    record_fieldset = ("Record", {"fields": ["created_at", "updated_at"]})

    def get_fieldsets(self, request, obj=None):
        *fieldsets, last = super().get_fieldsets(request, obj)
        # The translations after the English, before the record's dates.
        fieldsets = [*fieldsets, *translation_fieldsets(self.model), last]
        if obj is None:
            return fieldsets
        # The hidden version goes in the last fieldset (the record's dates), so
        # the form draws it; a new record has no version to compare.
        *rest, (name, options) = fieldsets
        fields = [*options["fields"], VERSION_FIELD]
        return [*rest, (name, {**options, "fields": fields})]

    def history_view(self, request, object_id, extra_context=None):
        self._check_id(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A mistyped address is a 404, not a 500 from the database lookup.
        self._check_id(self.model._meta.pk, unquote(object_id))
        self._check_id(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _check_id(field, value) -> None:
        try:
            field.to_python(value)
        except ValidationError:
            raise Http404("No such record or version.") from None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        attrs = input_attrs(self.model, db_field.name)
        if attrs and formfield is not None:
            formfield.widget.attrs.update(attrs)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelectMultipleWithoutClear(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_historical_record_context_helper(self, request, historical_record):
        return ChoiceLabelContextHelper(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        # An unchanged save (an editor pressing Save to add a citation) is not
        # saved at all (services.save), so it adds no empty history entry.
        services.save(obj, editor=request.user)

    def delete_model(self, request, obj):
        services.delete(obj, editor=request.user)
