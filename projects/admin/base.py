"""What every admin shares: citations inline, history with revert, the write path."""

from django import forms
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .. import services
from ..models import (
    Citation,
)
from .forms import (
    CitationInlineForm,
    CitationInlineFormSet,
    ConstraintErrorsForm,
    PrefetchedAutocompleteSelect,
)


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
