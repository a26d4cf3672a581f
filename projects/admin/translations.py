"""The records' Urdu and Chinese in the admin: one fieldset per language.

The English stays in the fieldsets it always had (`name` is the English name
whatever language the admin is in: forms.ConstraintErrorsForm builds and reads
the form in English). A translation taken from a source is cited below like any
field, with the column as its field (name_ur) and the name exactly as printed.
"""

from ..content import CONTENT_LANGUAGES, column, translated_fields

LANGUAGE_LABELS = {"ur": "Urdu (اردو)", "zh-hans": "Simplified Chinese (简体中文)"}
TRANSLATION_HELP = (
    "Leave a field empty where there is no translation: pages then show the "
    "English, marked as English. A name taken from a source is cited below (field "
    "{example}, the name exactly as the source prints it); any other translation "
    "is shown as translated by CPEC Tracker."
)
# What a browser needs to pick the script's font and direction in the input.
INPUT_ATTRS = {"ur": {"lang": "ur", "dir": "rtl"}, "zh-hans": {"lang": "zh-Hans"}}


def translation_fieldsets(model) -> list:
    """A fieldset per language holding the model's translated fields, if any."""
    fields = translated_fields(model)
    if not fields:
        return []
    return [
        (
            LANGUAGE_LABELS[language],
            {
                "description": TRANSLATION_HELP.format(
                    example=column(fields[0], language)
                ),
                "fields": [column(field, language) for field in fields],
            },
        )
        for language in CONTENT_LANGUAGES
    ]


def input_attrs(model, name: str) -> dict:
    """lang (and dir) for a translation's input; nothing for other fields."""
    for field in translated_fields(model):
        for language in CONTENT_LANGUAGES:
            if name == column(field, language):
                return INPUT_ATTRS[language]
    return {}
