"""The fields modeltranslation keeps in each language (settings MODELTRANSLATION_*).

Each model's history model carries them too, so a history entry records every
language and a revert restores them.
"""

from modeltranslation.translator import TranslationOptions, translator

from .content import ENGLISH, TRANSLATED_FIELDS, column, in_english, translation_columns
from .models import Indicator, Meeting, Phase, Project, Sector


def _options(model) -> type[TranslationOptions]:
    fields = TRANSLATED_FIELDS[model._meta.model_name]
    return type(
        f"{model.__name__}TranslationOptions",
        (TranslationOptions,),
        {"fields": fields, "required_languages": ("en",)},
    )


def _english_constructor(model) -> None:
    """Project(name=...) sets the English name whatever the active language.

    modeltranslation's constructor gives a translated field's keyword to the
    active language's column; a record is built from its English, as it is saved.
    A record read from the database is built from positional values, untouched.
    """
    patched = model.__init__

    def __init__(self, *args, **kwargs):
        if not kwargs:
            patched(self, *args)
            return
        with in_english():
            patched(self, *args, **kwargs)

    model.__init__ = __init__


def _tracked_by_history(model) -> None:
    """The history diffs and reverts the translations too.

    simple-history lists the fields it compares and restores when it builds the
    history model, before modeltranslation adds the translated ones.
    """
    history = model.history.model
    names = [
        *(
            column(field, ENGLISH)
            for field in TRANSLATED_FIELDS[model._meta.model_name]
        ),
        *translation_columns(model),
    ]
    tracked = {field.name for field in history.tracked_fields}
    history.tracked_fields = [
        *history.tracked_fields,
        *(model._meta.get_field(name) for name in names if name not in tracked),
    ]
    built = history.instance.fget

    def instance(self):
        """The record as this version had it, its translations included."""
        record = built(self)
        for name in names:
            setattr(record, name, getattr(self, name))
        return record

    history.instance = property(instance)


for _model in (Sector, Phase, Project, Meeting, Indicator):
    translator.register(_model, _options(_model))
    translator.register(_model.history.model, _options(_model))
    _english_constructor(_model)
    _tracked_by_history(_model)
