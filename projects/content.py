"""Records' content in three languages: which fields, and how to read them.

English is the record: required, and what every lookup, ordering, export and API
value uses. Urdu and Chinese sit beside it (name_ur, name_zh_hans; see
projects/translation.py), optional; a page in either shows the English where one
is missing, marked as English (templatetags/translated.py).
"""

from contextlib import contextmanager

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import translation

# The data files' and the API's codes, the site's own (settings.LANGUAGES).
CONTENT_LANGUAGES = ("ur", "zh-hans")
ENGLISH = "en"

# The translated fields of each model, by model name; the order of the data files.
TRANSLATED_FIELDS = {
    "project": ("name", "location", "description"),
    "sector": ("name", "description"),
    "phase": ("name", "summary"),
    "meeting": ("title", "city", "summary", "outcomes"),
    "indicator": ("name", "description"),
}


def translated_fields(model) -> tuple[str, ...]:
    """The fields of a model (class or instance, or its history) in three languages."""
    tracked = getattr(model, "instance_type", model)
    return TRANSLATED_FIELDS.get(tracked._meta.model_name, ())


def english_columns(model) -> list[str]:
    """name_en, ...: copies of the English fields, left out where fields are listed."""
    return [column(field, ENGLISH) for field in translated_fields(model)]


def translation_columns(model) -> tuple[str, ...]:
    """name_ur, name_zh_hans, description_ur, ...: the columns of the translations."""
    return tuple(
        column(field, language)
        for field in translated_fields(model)
        for language in CONTENT_LANGUAGES
    )


def column(field: str, language: str) -> str:
    """The attribute holding a field in a language: name_ur, name_zh_hans, name_en."""
    return f"{field}_{language.replace('-', '_')}"


def content_language(language: str | None) -> str:
    """One of en, ur, zh-hans for a site language code (en-gb is English)."""
    if language in CONTENT_LANGUAGES:
        return language
    return ENGLISH


def value(record, field: str, language: str) -> str:
    """A field's stored value in a language; empty when there is none.

    A row that is not a record (a chart's row, a dict of values()) holds the
    English alone, under the field's own name.
    """
    language = content_language(language)
    if not hasattr(record, column(field, ENGLISH)):
        return (getattr(record, field, "") or "") if language == ENGLISH else ""
    return getattr(record, column(field, language)) or ""


def translations(record) -> dict[str, dict[str, str]]:
    """{language: {field: value}} for the translations a record has, in order."""
    found = {}
    for language in CONTENT_LANGUAGES:
        fields = {
            field: value(record, field, language)
            for field in translated_fields(record)
            if value(record, field, language)
        }
        if fields:
            found[language] = fields
    return found


def printed_by_source(record, field: str, language: str, citations) -> bool:
    """Whether a cited source prints this translation word for word.

    A citation of the column (name_zh_hans) keeps the name as the source prints
    it, often inside a longer phrase ("巴基斯坦卡洛特水电站" for 卡洛特水电站);
    a stored name that adds words of our own (a place, a capacity) is ours,
    the citation beside it still saying what the source prints.
    """
    text = value(record, field, language)
    name = column(field, language)
    return bool(text) and any(
        c.field == name and text in c.reported_value for c in citations
    )


@contextmanager
def in_english():
    """Reads and writes of the translated fields go to the English ones.

    modeltranslation's `name` is the active language's; a save, its derived slug
    and its history entry store the English whatever language the request is in.
    """
    with translation.override(settings.LANGUAGE_CODE):
        yield


def shown(lookup: str):
    """A translated field (or one across a relation: "sector__name") in the active
    language, the English where the translation is missing, as a query expression.

    For the charts and their tables, which draw text and cannot mark a part of it
    as English the way a page does (templatetags/translated.py).
    """
    language = content_language(translation.get_language())
    if language == ENGLISH:
        return F(lookup)
    return Coalesce(F(column(lookup, language)), F(lookup))


def shown_value(record, field: str) -> str:
    """The same for a record already loaded."""
    language = content_language(translation.get_language())
    english = getattr(record, field)
    if language == ENGLISH:
        return english
    return getattr(record, column(field, language), None) or english
