"""Measurements of a page's text in Chromium: clipped lines, and the fonts used.

CLIPPED_TEXT (clipped_text.js) measures every line of text (the boxes
Range.getClientRects gives for a text node, as tall as its font's ascent and
descent) against the boxes that could cut it off. fonts_used asks Chromium,
through the DevTools protocol, which fonts drew each text node, and
fonts_covering reads from fontconfig which installed fonts hold a character, so
a glyph drawn as an empty box ("tofu") in a font that lacks it is told apart
from a real one.
"""

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

# Each line of text cut off, or crossing the edge of the box drawn around it.
CLIPPED_TEXT = (Path(__file__).parent / "clipped_text.js").read_text()

# Scripts whose text needs a font the page must name or the system must have.
HAN = ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff")
CJK_PUNCTUATION = (("\u3000", "\u303f"), ("\uff00", "\uffef"))
ARABIC = (
    ("\u0600", "\u06ff"),
    ("\u0750", "\u077f"),
    ("\ufb50", "\ufdff"),
    ("\ufe70", "\ufeff"),
)


def in_ranges(char: str, ranges) -> bool:
    return any(low <= char <= high for low, high in ranges)


def fonts_used(page, wanted) -> list[tuple[str, list[dict]]]:
    """Each text node of the body with a character in `wanted`: its text and the
    fonts Chromium drew it in (asked of the text node itself, since an element's
    answer adds its descendants')."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    found = []

    def visit(node, in_body):
        in_body = in_body or node.get("nodeName") == "BODY"
        text = node.get("nodeValue", "")
        wanted_text = any(in_ranges(char, wanted) for char in text)
        if in_body and node["nodeType"] == 3 and wanted_text:
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            # Text not rendered (in a closed <details>, a <template>) has none.
            if fonts["fonts"]:
                found.append((text, fonts["fonts"]))
        for child in node.get("children", []) + node.get("shadowRoots", []):
            visit(child, in_body)

    visit(root, False)
    cdp.detach()
    return found


def fontconfig_available() -> bool:
    return shutil.which("fc-list") is not None


@lru_cache(maxsize=1)
def _installed_fonts() -> list[tuple[frozenset[str], list[tuple[int, int]]]]:
    listing = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{charset}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fonts = []
    for row in listing.splitlines():
        families, _, charset = row.partition("\t")
        ranges = []
        for part in charset.split():
            low, _, high = part.partition("-")
            ranges.append((int(low, 16), int(high or low, 16)))
        fonts.append((frozenset(families.split(",")), ranges))
    return fonts


@lru_cache(maxsize=4096)
def fonts_covering(char: str) -> frozenset[str]:
    """The installed font families that hold a glyph for `char`."""
    point = ord(char)
    return frozenset().union(
        *(
            families
            for families, ranges in _installed_fonts()
            if any(low <= point <= high for low, high in ranges)
        )
    )
