"""Every public page in Urdu, on a phone and a laptop: right to left, no sideways
scroll, no text cut off, no serious accessibility fault, Urdu in the served font."""

import pytest

from tests.e2e.conftest import axe_violations
from tests.e2e.public_pages import PUBLIC_PAGES
from tests.e2e.test_pages import open_page
from tests.e2e.test_widths import WIDEST
from tests.e2e.text_checks import ARABIC, CLIPPED_TEXT, fonts_used, in_ranges
from tests.site.conftest import corridor  # noqa: F401  (the pages' data)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("corridor"),
]

WIDTHS = (390, 1366)
URDU_FONT = "Noto Nastaliq Urdu"
FONT_FILE = "noto-nastaliq-urdu-subset.woff2"
LOAD_FAILED = "Failed to load resource"
# The API's pages keep one address in every language.
NOT_TRANSLATED = {"/api/"}


def pages_in(prefix: str) -> list:
    """The public pages at the language's addresses, and its 404."""
    pages = [
        pytest.param(prefix + path, id=prefix + path, marks=param.marks)
        for param in PUBLIC_PAGES
        if (path := param.values[0]).startswith("/") and path not in NOT_TRANSLATED
    ]
    return pages + [pytest.param(prefix + "/no-such-page/", id=prefix + "/404")]


URDU_PAGES = pages_in("/ur")
SCROLL = (
    "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
)


def open_with_fonts(page, url):
    """The page once drawn with its web fonts, not the fallback shown meanwhile."""
    open_page(page, url)
    page.evaluate("document.fonts.ready.then(() => document.fonts.status)")


@pytest.mark.parametrize("path", URDU_PAGES)
def test_urdu_page_reads_right_to_left_with_nothing_cut_off(
    page_factory, live_server, path
):
    found = []
    for width in WIDTHS:
        page, _ = page_factory(width, 900)
        open_with_fonts(page, live_server.url + path)
        if page.evaluate("document.documentElement.dir") != "rtl":
            found.append(f"{width}px: <html> is not dir=rtl")
        wide, client = page.evaluate(SCROLL)
        if wide > client:
            found.append(f"{width}px: {wide}px wide, {page.evaluate(WIDEST, width)}")
        found += [f"{width}px: {clipped}" for clipped in page.evaluate(CLIPPED_TEXT)]
        found += [f"{width}px: {violation}" for violation in axe_violations(page)]
        page.context.close()
    assert found == [], f"{path}: " + "; ".join(found)


def _outside_font(text: str) -> int:
    """Characters the Urdu font leaves to the system's (Latin, Western digits)."""
    return sum(1 for char in text if char != " " and not in_ranges(char, ARABIC))


@pytest.mark.parametrize("path", URDU_PAGES)
def test_urdu_text_is_drawn_in_the_served_nastaliq_font(
    page_factory, live_server, path
):
    page, watch = page_factory(1366, 900)
    open_with_fonts(page, live_server.url + path)
    drawn = fonts_used(page, ARABIC)
    assert drawn, f"{path}: no Urdu text found"
    wrong = []
    for text, fonts in drawn:
        nastaliq = [font for font in fonts if font["familyName"] == URDU_FONT]
        others = sum(font["glyphCount"] for font in fonts if font not in nastaliq)
        # Only characters outside the font's range may fall to another font.
        served = nastaliq and nastaliq[0]["isCustomFont"]
        if not served or others > _outside_font(text):
            wrong.append(f"{text.strip()[:30]!r}: {fonts}")
    assert wrong == [], f"{path}: " + "; ".join(wrong[:10])
    # The font came from the site, under its CSP, and nothing else failed.
    font = page.evaluate(
        "performance.getEntriesByType('resource').map((entry) => entry.name)"
        ".filter((name) => name.endsWith('.woff2'))"
    )
    assert [url.rsplit("/", 1)[-1] for url in font] == [FONT_FILE], font
    # The page's own 400 or 404 is meant (Chromium logs it as an error too); any
    # other failed response is not.
    watch.failed = [f for f in watch.failed if not f.endswith(live_server.url + path)]
    watch.errors = [e for e in watch.errors if not e.startswith(LOAD_FAILED)]
    watch.assert_clean()
