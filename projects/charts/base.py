"""What every chart shares: the Chart card, the plain style, and the wording helpers.

Everything in this package is plain data: no ORM, no request. A figure is a dict
with "data" and "layout" that `plotly.graph_objects.Figure` accepts; the page emits
it with `json_script` and static/js/charts.js draws it. The table holds exactly the
numbers drawn, with None where a value is unknown (never 0).

Plotly reads a subset of HTML in every text of a figure (trace names, tick labels,
hover text, annotations, titles): `<a href>` becomes a link, `<b>` bold. A record's
name is text, so each one passes through `plain` where it becomes figure text; the
markup the charts add themselves (`<b>`, `<br>`) is written around it. The table
and the CSV take the names as written: Django escapes the table, and a CSV is
not markup.
"""

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from .direction import for_page

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT_COLOR = "#0b0c0c"
GRID_COLOR = "#dcdcdc"
NO_GRID = "rgba(0,0,0,0)"
NEUTRAL_COLOR = "#1d70b8"
UNKNOWN_SECTOR_COLOR = "#505a5f"

LEGEND_ON_TOP = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "y": 1.02,
    "yanchor": "bottom",
}
# Narrow screens (a phone) get shorter axis labels: see `narrow` in charts.js.
NARROW_WIDTH = 560
LABEL_LENGTH, NARROW_LABEL_LENGTH = 32, 16


@dataclass
class Chart:
    """A chart card: finding, one-line summary, figure, and the table behind it."""

    slug: str
    title: str
    summary: str
    figure: dict
    columns: list[str]
    rows: list[list]
    empty: bool = False
    note: str = ""
    sources: list = field(default_factory=list)
    # Layout overrides for a narrow screen, merged by charts.js before drawing.
    narrow: dict = field(default_factory=dict)
    # Timelines, maps and the investment bars take the page's full width.
    wide: bool = False

    @property
    def payload(self) -> dict:
        """What the page emits with json_script: the figure and its narrow variant,
        mirrored on a right-to-left page (direction.py)."""
        figure, narrow = for_page(self.figure, self.narrow)
        return {**figure, "narrow": narrow, "narrowWidth": NARROW_WIDTH}

    @property
    def element_id(self) -> str:
        return f"chart-{self.slug}"

    @property
    def data_id(self) -> str:
        return f"chart-{self.slug}-data"


def empty(slug: str, title: str, message: str, columns: list[str], **extra) -> Chart:
    """A card with nothing to draw; `extra` sets its other fields (rows, note...)."""
    return Chart(
        slug=slug,
        title=title,
        summary=message,
        figure={"data": [], "layout": layout()},
        columns=columns,
        rows=[],
        empty=True,
        **extra,
    )


# Layout ---------------------------------------------------------------------------


def layout(**extra) -> dict:
    base = {
        "font": {"family": FONT, "size": 14, "color": TEXT_COLOR},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT}},
        "legend": LEGEND_ON_TOP,
        "autosize": True,
    }
    base.update(extra)
    return base


def axis(**extra) -> dict:
    base = {"automargin": True, "gridcolor": GRID_COLOR, "zeroline": False}
    base.update(extra)
    return base


def plain(text: str) -> str:
    """A record's text for a figure: "<", ">" and "&" shown, never read as markup."""
    return html.escape(text, quote=False)


def wrap(text: str, width: int) -> str:
    """Break a label over lines of about `width` characters, at spaces."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def narrow_bars(categories: Sequence[str]) -> dict:
    """A horizontal bar chart on a phone: category labels wrapped, fewer ticks."""
    return {
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(categories),
            "ticktext": [wrap(c, NARROW_LABEL_LENGTH) for c in categories],
            "tickfont": {"size": 11},
        },
        "xaxis": {"nticks": 4},
    }


def shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# Numbers and words ---------------------------------------------------------------


def number(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    return round(value, 3)


def coordinate(value) -> float | None:
    return None if value is None else round(float(value), 6)


def fmt(value, decimals: int = 0) -> str:
    if value is None:
        return _("unknown")
    return f"{float(value):,.{decimals}f}"


def link(name: str, slug: str | None = None, **query) -> str:
    """A page's address, for a chart's marks to open (`ids`, read by charts.js);
    "" for a record with no slug."""
    if slug is not None:
        return reverse(f"projects:{name}", args=[slug]) if slug else ""
    address = reverse(f"projects:{name}")
    return f"{address}?{urlencode(query)}" if query else address


def share(part, whole) -> str:
    if not whole:
        return "0%"
    return f"{100 * float(part) / float(whole):.0f}%"


def sample_note(shown: int, total: int) -> str:
    note = _(
        "Drawn: the %(shown)s largest of %(total)s projects by known cost; the "
        "province and sector charts and the CSV of the project list count all of "
        "them."
    )
    return note % {"shown": fmt(shown), "total": fmt(total)} + " "
