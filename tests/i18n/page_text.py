"""What a reader sees of a page, and the English a translated page must not show."""

import json
import re
from html import unescape
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

# Attributes a reader meets: read aloud, shown on hover, or shown in a field.
LABELS = {"aria-label", "title", "placeholder", "alt"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
TAG = re.compile(r"<[^>]+>")
# Single words shorter than this are units and codes (MW, km, UTC).
SHORTEST_WORD = 4
# A stored identifier (a slug, a choice's value, a field's name), not prose.
IDENTIFIER = re.compile(r"[a-z0-9_.\-]+")


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings: list[str] = []
        self._skip = 0
        self._json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.strings += [v for k, v in attrs.items() if k in LABELS and v]
        if tag in ("script", "style"):
            self._skip += 1
            self._json = attrs.get("type") == "application/json"

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
            self._json = False

    def handle_data(self, data):
        if self._json:
            # A chart's figure: its titles, names, hover text and tick labels.
            self.strings += [TAG.sub(" ", s) for s in _json_strings(json.loads(data))]
        elif not self._skip and data.strip():
            self.strings.append(data)


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in _json_strings(item)]
    return []


def visible_strings(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return [" ".join(unescape(s).split()) for s in parser.strings]


def english_needles(entries) -> tuple[list[str], set[str]]:
    """The English of each message whose translation differs: phrases of two
    words or more, looked for anywhere; single words, matched as a whole text."""
    phrases, words = set(), set()
    for entry in entries:
        translations = set(entry.forms.values())
        for english in filter(None, (entry.msgid, entry.plural)):
            if english in translations:
                continue
            for part in PLACEHOLDER.split(TAG.sub("", unescape(english))):
                part = " ".join(part.split()).strip(" :.,;()")
                if " " in part and len(part) >= 10:
                    phrases.add(part)
                elif part == english.strip(" :.") and len(part) >= SHORTEST_WORD:
                    words.add(part)
    return sorted(phrases, key=len, reverse=True), words


def data_strings() -> list[str]:
    """Every text the records hold, the longest first: content, not interface.

    Choices and identifiers are left out: a page shows their labels, which are
    the interface's.
    """
    found = set()
    for model in apps.get_app_config("projects").get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
        ]
        for row in model.objects.values_list(*names):
            for value in row:
                found |= {" ".join(s.split()) for s in _json_strings(value)}
    prose = (s for s in found if len(s) > 2 and not IDENTIFIER.fullmatch(s))
    return sorted(prose, key=len, reverse=True)


def without_data(texts: list[str], data: list[str]) -> list[str]:
    """The texts with every whole occurrence of a data string blanked out."""
    joined = "\n".join(texts)
    for value in data:
        if value in joined:
            pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
            joined = pattern.sub(" ", joined)
    return joined.split("\n")
