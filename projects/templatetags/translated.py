"""{% translated record "name" %}: a record's text in the page's language.

Where the translation is missing the English is shown, never an empty cell, and
marked: lang="en" and dir="ltr" on the text (so screen readers, fonts and the
reading direction switch with it) and a small "English" label, the language's own
name, as the language switch shows it. With note=True (detail pages, whose
record has its citations prefetched) a translation CPEC Tracker made rather than
one a cited source prints word for word says so.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from ..content import ENGLISH, content_language, printed_by_source, value

register = template.Library()


def _cited(record, field: str, language: str) -> bool | None:
    """Whether a cited source prints this translation; None when not known here."""
    cache = getattr(record, "_prefetched_objects_cache", {})
    if "citations" not in cache:
        return None
    return printed_by_source(record, field, language, cache["citations"])


def _text(text: str, lines: bool):
    return linebreaksbr(text, autoescape=True) if lines else text


@register.simple_tag
def translated(record, field: str, note: bool = False, lines: bool = False):
    """The field in the active language, else the English, marked as English."""
    language = content_language(translation.get_language())
    english = value(record, field, ENGLISH)
    text = value(record, field, language) if language != ENGLISH else ""
    if language == ENGLISH or (not text and not english):
        return _text(english, lines)
    if not text:
        return format_html(
            '<span lang="en" dir="ltr" class="untranslated">{}</span> '
            '<small lang="en" dir="ltr" class="lang-label">English</small>',
            _text(english, lines),
        )
    if note and _cited(record, field, language) is False:
        return format_html(
            '{} <small class="translated-by">({})</small>',
            _text(text, lines),
            gettext("translated by CPEC Tracker"),
        )
    return _text(text, lines)
