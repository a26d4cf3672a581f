"""A record's `translations:` in the data files: {ur: {name: ...}, zh-hans: {...}}.

Only the fields kept in three languages (projects/content.py) may appear, each a
non-blank string. A translation taken from a source is cited like any field: a
citation whose `field` is the column (name_ur, name_zh_hans) and whose `reported`
is the name exactly as the source prints it. The record's name is the source's
when it stands word for word in what the source prints, else ours
(content.printed_by_source); either way a cited column needs its translation.
"""

from __future__ import annotations

from pathlib import Path

from ..content import CONTENT_LANGUAGES, column, translated_fields, translations
from .files import DataFileError

KEY = "translations"


def read_translations(path: Path, record: str, data: dict, model) -> dict:
    """The translated columns a record's `translations:` sets, checked."""
    given = data.get(KEY)
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise DataFileError(path, record, KEY, "expected a mapping of languages")
    fields = translated_fields(model)
    values = {}
    for language, texts in given.items():
        where = f"{KEY}.{language}"
        if language not in CONTENT_LANGUAGES:
            raise DataFileError(
                path,
                record,
                where,
                f"unknown language; use one of {', '.join(CONTENT_LANGUAGES)}",
            )
        if not isinstance(texts, dict) or not texts:
            raise DataFileError(path, record, where, "expected a mapping of fields")
        for field, text in texts.items():
            if field not in fields:
                raise DataFileError(
                    path,
                    record,
                    f"{where}.{field}",
                    f"not a translated field; use one of {', '.join(fields)}",
                )
            if not isinstance(text, str) or not text.strip():
                raise DataFileError(
                    path, record, f"{where}.{field}", "expected a non-blank text"
                )
            values[column(field, language)] = text
    return values


def check_cited_translations(path: Path, record: str, target, citations) -> None:
    """A cited translation is one the record has, and the citation says how the
    source prints it."""
    for field in translated_fields(target):
        for language in CONTENT_LANGUAGES:
            name = column(field, language)
            for citation in citations:
                if citation.field != name:
                    continue
                if not getattr(target, name):
                    raise DataFileError(
                        path, record, name, "cited, but the record has no such text"
                    )
                if not citation.reported_value.strip():
                    raise DataFileError(
                        path,
                        record,
                        name,
                        "quote in `reported` the name as the source prints it",
                    )


def translations_key(record) -> dict:
    """The `translations:` a data file holds for a record, if it has any."""
    found = translations(record)
    return {KEY: found} if found else {}
