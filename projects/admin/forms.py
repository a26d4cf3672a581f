"""Admin forms: constraint errors on their field; citations checked as a set."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst

from .. import services
from ..content import in_english
from ..models import (
    Citation,
    constraint_field,
)
from .citable import CitedFieldChoiceField
from .dates import PartialDatesMixin


# A multi-field constraint fails as a form-wide error; these name the field an
# editor has to change to fix it. A tuple means "the first of these left empty".
class ConstraintErrorsForm(PartialDatesMixin, forms.ModelForm):
    """Moves database-constraint errors from the top of the form to their field;
    takes and shows dates at their precision (admin.dates). Its `name` and the
    other translated fields are the English ones in any language the admin is in
    (the translations have fields of their own, name_ur and name_zh_hans)."""

    def __init__(self, *args, **kwargs):
        with in_english():
            super().__init__(*args, **kwargs)

    def _post_clean(self):
        with in_english():
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


class AutocompleteSelectMultipleWithoutClear(AutocompleteSelectMultiple):
    """Choices removed one by one: select2's "remove all" button sits inside
    its list of choices, which screen readers then misread (axe: list)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-allow-clear"] = "false"
        return attrs


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
        instance = self.instance
        cited = self.fields.get("field")
        if isinstance(cited, CitedFieldChoiceField):
            cited.keep(instance.field)
        field = self.fields.get("source")
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
