"""Charts on a right-to-left page (Urdu): mirrored where the reading order matters.

What moves to the right: the legend, and the category axis with its labels, since
a reader of Urdu starts a chart from its right edge. Horizontal bars grow from
their labels, so from right to left; vertical bars put their first category on
the right and their value axis beside it. What stays: every time axis runs from
left to right, earlier on the left, as Urdu newspapers print timelines and as
figures and dates are read in Urdu too. Maps are not mirrored: only their
legend moves.

Urdu is drawn in the Nastaliq face the page serves (static/fonts), as the page's
own text is, rather than in whichever system font has the letters.
"""

import copy

from django.utils import translation

# The face that site.css gives a language's text, first in a chart's font list.
PAGE_FONTS = {"ur": "'Noto Nastaliq Urdu'"}


def for_page(figure: dict, narrow: dict) -> tuple[dict, dict]:
    """The figure and its phone overrides as the page's language reads them."""
    face = PAGE_FONTS.get(translation.get_language() or "")
    if face:
        figure = _in_face(figure, face)
    if not translation.get_language_bidi():
        return figure, narrow
    return _mirrored(figure), _mirrored_legend(narrow)


def _in_face(figure: dict, face: str) -> dict:
    figure = copy.deepcopy(figure)
    layout = figure.setdefault("layout", {})
    for part in (layout, layout.setdefault("hoverlabel", {})):
        font = part.setdefault("font", {})
        if "family" in font:
            font["family"] = f"{face}, {font['family']}"
    return figure


def _category_axis(figure: dict) -> str | None:
    """The axis ("x" or "y") that holds names rather than numbers or dates."""
    layout = figure.get("layout", {})
    for name in ("y", "x"):
        if layout.get(f"{name}axis", {}).get("type") == "category":
            return name
    bars = [trace for trace in figure.get("data", []) if trace.get("type") == "bar"]
    if not bars:
        return None
    return "y" if bars[0].get("orientation") == "h" else "x"


def _mirrored(figure: dict) -> dict:
    figure = copy.deepcopy(figure)
    layout = figure.setdefault("layout", {})
    category = _category_axis(figure)
    if category is not None:
        value = "x" if category == "y" else "y"
        value_axis = layout.setdefault(f"{value}axis", {})
        category_axis = layout.setdefault(f"{category}axis", {})
        if category == "y":
            category_axis["side"] = "right"
            if value_axis.get("type") != "date":
                value_axis["autorange"] = "reversed"
        else:
            category_axis["autorange"] = "reversed"
            value_axis["side"] = "right"
    return _mirrored_legend(figure, inside="layout")


def _mirrored_legend(container: dict, inside: str | None = None) -> dict:
    """The legend anchored to the right edge where it was anchored to the left."""
    target = container.get(inside, {}) if inside else container
    legend = target.get("legend")
    if legend and legend.get("x", 0) == 0 and legend.get("xanchor", "left") == "left":
        if not inside:
            container = copy.deepcopy(container)
            target = container
        target["legend"] = {**legend, "x": 1, "xanchor": "right"}
    return container
