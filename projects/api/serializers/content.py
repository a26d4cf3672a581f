"""Records' content in three languages, as the API gives it.

Field names and values stay the same in every language (?lang= and
Accept-Language change labels and messages only): `name`, `description` and the
other translated fields are always the English. The Urdu and Chinese are fields
of their own beside them (name_ur, name_zh_hans, ...: null where there is none,
and the English is the one to show); a detail says in `translated_by` which were
taken from a cited source and which CPEC Tracker translated.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...content import (
    CONTENT_LANGUAGES,
    ENGLISH,
    column,
    printed_by_source,
    translated_fields,
)

FROM_SOURCE = "source"
OURS = "cpec-tracker"
LANGUAGE_NAMES = {"ur": "Urdu", "zh-hans": "Simplified Chinese"}

TRANSLATED_BY_HELP = (
    f"Who made each translation the record has, by its field (name_ur, ...): "
    f"{FROM_SOURCE!r} when a cited source prints it word for word (a citation "
    f"whose field is that field holds the source's wording), {OURS!r} when CPEC "
    f"Tracker translated or worded it."
)


def translation_extra_kwargs(model) -> dict:
    """help_text for the translation fields, for a serializer's Meta.extra_kwargs."""
    kwargs = {}
    for field in translated_fields(model):
        for language in CONTENT_LANGUAGES:
            kwargs[column(field, language)] = {
                "help_text": f"The {field} in {LANGUAGE_NAMES[language]}; null "
                f"where there is none (then show the English {field})."
            }
    return kwargs


class EnglishContent:
    """Translated fields read and write the English columns (name_en, ...).

    modeltranslation's `name` follows the active language, which ?lang= and
    Accept-Language set for the API's labels; the values must not follow it.
    """

    def get_fields(self):
        fields = super().get_fields()
        for name in translated_fields(self.Meta.model):
            if name in fields and fields[name].source is None:
                fields[name].source = column(name, ENGLISH)
        return fields


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": [FROM_SOURCE, OURS]},
        "example": {"name_zh_hans": FROM_SOURCE, "name_ur": OURS},
    }
)
class TranslatedByField(serializers.Field):
    """{name_ur: "source", ...}, read from the record's prefetched citations."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", TRANSLATED_BY_HELP)
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        citations = value.citations.all()
        return {
            column(field, language): FROM_SOURCE
            if printed_by_source(value, field, language, citations)
            else OURS
            for field in translated_fields(value)
            for language in CONTENT_LANGUAGES
            if getattr(value, column(field, language))
        }
