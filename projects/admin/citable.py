"""The fields of a record a citation can support, offered as a select.

Derived from the model and from projects.reported.FIGURE_FIELDS, so a field added
to a model is citable without editing a list: the figures first (their typed
value is read from the wording), then every other field an editor sets. A date's
precision goes with its date and a slug is an address, so neither is offered.
"""

from django import forms
from django.utils.text import capfirst

from ..content import ENGLISH, column, translated_fields
from ..reported import DATE_PRECISION_FIELDS, FIGURE_FIELDS

WHOLE_RECORD = "(the record as a whole)"
NOT_CITABLE = {"slug", *DATE_PRECISION_FIELDS.values()}


def _label(field) -> str:
    verbose = str(field.verbose_name)
    if verbose == field.name.replace("_", " "):
        return field.name
    return f"{field.name} ({verbose})"


def citable_fields(model) -> list:
    """The editable fields a citation of `model` may name, figures first."""
    fields = [
        f
        for f in model._meta.get_fields()
        if getattr(f, "editable", False)
        and not f.auto_created
        and (f.concrete or f.many_to_many)
        and f.name not in NOT_CITABLE
        # The English of a translated field is the field itself (name).
        and f.name not in {column(name, ENGLISH) for name in translated_fields(model)}
    ]
    figures = list(FIGURE_FIELDS.get(model._meta.model_name, {}))
    order = {name: index for index, name in enumerate(figures)}
    return sorted(fields, key=lambda f: (f.name not in order, order.get(f.name, 0)))


def citable_choices(model) -> list:
    """Choices for a select: blank (the whole record), figures, other fields."""
    figures = FIGURE_FIELDS.get(model._meta.model_name, {})
    options = [(f.name, _label(f)) for f in citable_fields(model)]
    groups = [
        ("Figures", [o for o in options if o[0] in figures]),
        ("Other fields", [o for o in options if o[0] not in figures]),
    ]
    return [("", WHOLE_RECORD), *((name, group) for name, group in groups if group)]


def grouped_by_model(models) -> list:
    """Choices for a citation whose record's kind is chosen on the same form."""
    return [("", WHOLE_RECORD)] + [
        (
            capfirst(model._meta.verbose_name),
            [(f.name, _label(f)) for f in citable_fields(model)],
        )
        for model in models
    ]


class CitedFieldChoiceField(forms.ChoiceField):
    """A citation's field: one of the record's citable fields, or blank."""

    def __init__(self, choices, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Cited field")
        kwargs.setdefault(
            "help_text", "The field the source supports; blank for the whole record."
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": "%(value)s is not a field this record can cite."},
        )
        super().__init__(choices=choices, **kwargs)

    def keep(self, value: str) -> None:
        """Offers a stored value the list lacks, so an unchanged save keeps it
        (the model's clean() still refuses a name that is not a field)."""
        if value and value not in dict(self._flat()):
            self.choices = [*self.choices, (value, f"{value} (not a citable field)")]

    def _flat(self):
        for value, label in self.choices:
            if isinstance(label, list | tuple):
                yield from label
            else:
                yield value, label
