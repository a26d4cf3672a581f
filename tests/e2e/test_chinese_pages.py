"""Every public page in Chinese draws each Chinese character in a font that has
it: no empty boxes ("tofu"), with no web font, from the system's fonts alone."""

import pytest

from tests.e2e.test_urdu_pages import open_with_fonts, pages_in
from tests.e2e.text_checks import (
    CJK_PUNCTUATION,
    HAN,
    fontconfig_available,
    fonts_covering,
    fonts_used,
    in_ranges,
)
from tests.site.conftest import corridor  # noqa: F401  (the pages' data)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("corridor"),
]

CHINESE = HAN + CJK_PUNCTUATION
CHINESE_PAGES = pages_in("/zh-hans")


@pytest.fixture(scope="module")
def chinese_font_installed():
    if not fontconfig_available():
        pytest.skip("no fc-list (fontconfig): cannot tell which fonts hold a glyph")
    if not fonts_covering("中"):
        pytest.skip("no Chinese font installed (apt-get install fonts-noto-cjk)")


def tofu(text: str, fonts: list[dict]) -> str | None:
    """Why the text's Chinese characters are not all drawn, or None when they are.

    Chromium names the font each run of glyphs was drawn in, with its glyph
    count. The Chinese characters must all be in one font that holds them, and
    the other fonts may draw no more glyphs than there are other characters.
    """
    chinese = {char for char in text if in_ranges(char, CHINESE)}
    holding = [
        font
        for font in fonts
        if font["familyName"]
        and all(font["familyName"] in fonts_covering(char) for char in chinese)
    ]
    if not holding:
        return "no font used holds them all"
    others = sum(font["glyphCount"] for font in fonts if font not in holding)
    rest = sum(1 for char in text if not char.isspace() and char not in chinese)
    drawn = sum(font["glyphCount"] for font in holding)
    if others > rest + text.count(" ") or drawn == 0:
        return f"{others} glyphs in other fonts for {rest} other characters"
    return None


@pytest.mark.parametrize("path", CHINESE_PAGES)
def test_chinese_page_draws_every_character_in_a_font_that_has_it(
    chinese_font_installed, page_factory, live_server, path
):
    page, _ = page_factory(1366, 900)
    open_with_fonts(page, live_server.url + path)
    assert page.evaluate("document.documentElement.lang") == "zh-hans"
    drawn = fonts_used(page, CHINESE)
    assert drawn, f"{path}: no Chinese text found"
    missing = []
    for text, fonts in drawn:
        reason = tofu(text, fonts)
        if reason:
            missing.append(f"{text.strip()[:30]!r}: {reason} ({fonts})")
    assert missing == [], f"{path}: " + "; ".join(missing[:10])
    # The fonts are the system's: the page fetched none.
    assert (
        page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter((entry) => /\\.(woff2?|ttf|otf)(\\?|$)/.test(entry.name)).length"
        )
        == 0
    )
