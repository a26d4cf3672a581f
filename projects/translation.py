"""The fields modeltranslation keeps in each language (settings MODELTRANSLATION_*).

Each model's history model carries them too, so a history entry records every
language and a revert restores them.
"""

from modeltranslation.translator import TranslationOptions, translator

from .content import TRANSLATED_FIELDS
from .models import Indicator, Meeting, Phase, Project, Sector


def _options(model) -> type[TranslationOptions]:
    fields = TRANSLATED_FIELDS[model._meta.model_name]
    return type(
        f"{model.__name__}TranslationOptions",
        (TranslationOptions,),
        {"fields": fields, "required_languages": ("en",)},
    )


for _model in (Sector, Phase, Project, Meeting, Indicator):
    translator.register(_model, _options(_model))
    translator.register(_model.history.model, _options(_model))
