"""Known cost by sector and phase: horizontal bars, one trace per phase."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .base import (
    LEGEND_ON_TOP,
    NO_GRID,
    TEXT_COLOR,
    UNKNOWN_SECTOR_COLOR,
    Chart,
    axis,
    empty,
    fmt,
    layout,
    link,
    narrow_bars,
    number,
    plain,
    share,
)
from .rows import SectorPhaseRow

# Bar patterns tell the phases apart while the fill keeps the sector's colour.
PHASE_PATTERNS = ["", "/", "x", ".", "\\", "+"]
COLUMNS = [
    gettext_lazy("Sector"),
    gettext_lazy("Phase"),
    gettext_lazy("Projects"),
    gettext_lazy("Known cost (US$ million)"),
    gettext_lazy("Projects with unknown cost"),
]


def _phase_name(number: int) -> str:
    return _("Phase %(number)s") % {"number": number}


def _marker(color, index: int, fgcolor: str) -> dict:
    return {
        "color": color,
        "line": {"color": TEXT_COLOR, "width": 1},
        "pattern": {
            "shape": PHASE_PATTERNS[index % len(PHASE_PATTERNS)],
            "fgcolor": fgcolor,
            "solidity": 0.3,
        },
    }


def _phase_bars(
    rows: Sequence[SectorPhaseRow], phase: int, index: int, order: list[str], colors
) -> dict:
    by_sector = {r.sector_name: r for r in rows if r.phase_number == phase}
    names = [name for name in order if name in by_sector]
    return {
        "type": "bar",
        "orientation": "h",
        "name": _phase_name(phase),
        "y": [plain(n) for n in names],
        "x": [number(by_sector[n].investment_usd_million) for n in names],
        "marker": _marker([colors[n] for n in names], index, "#ffffff"),
        "customdata": [[by_sector[n].projects, by_sector[n].with_cost] for n in names],
        # A click on a bar opens its sector's page.
        "ids": [link("sector-detail", by_sector[n].sector_slug) for n in names],
        # Plotly's own placeholders (%{y}) go in as values of the translation's.
        "hovertemplate": (
            _("%(sector)s, Phase %(number)s: US$%(cost)s million")
            % {"sector": "%{y}", "number": phase, "cost": "%{x:,.0f}"}
            + "<br>"
            + _("%(known)s of %(total)s projects with a known cost")
            % {"known": "%{customdata[1]}", "total": "%{customdata[0]}"}
            + "<extra></extra>"
        ),
        "legendgroup": f"phase-{phase}",
        "showlegend": False,
    }


def _legend_key(phase: int, index: int) -> dict:
    """A phase's pattern on a neutral fill: a swatch in the first sector's colour
    would read as that sector."""
    return {
        "type": "bar",
        "orientation": "h",
        "name": _phase_name(phase),
        "x": [None],
        "y": [None],
        "legendgroup": f"phase-{phase}",
        "hoverinfo": "skip",
        "marker": _marker("#6f777b", index, "#6f777b"),
    }


def _wording(
    rows: Sequence[SectorPhaseRow], totals: dict[str, float], order: list[str]
) -> tuple[str, str]:
    total = sum(totals.values())
    projects = sum(r.projects for r in rows)
    unknown = sum(r.unknown_cost for r in rows)
    costed = [name for name in order if totals.get(name)]
    if not total:
        title = _("No project has a known cost yet")
        summary = ngettext(
            "%(count)s project, none with a known cost.",
            "%(count)s projects, none with a known cost.",
            projects,
        ) % {"count": fmt(projects)}
    else:
        top = costed[-1]
        # One sector with known costs: a share of 100% would say nothing.
        title = (
            _("%(sector)s: US$%(cost)s million of known cost")
            % {"sector": top, "cost": fmt(total)}
            if len(costed) == 1
            else _("%(sector)s holds %(share)s of the known cost")
            % {"sector": top, "share": share(totals[top], total)}
        )
        if unknown:
            # A figure of the known costs alone: say how many that is.
            title = ngettext(
                "%(title)s (%(known)s of %(count)s project with a known cost)",
                "%(title)s (%(known)s of %(count)s projects with a known cost)",
                projects,
            ) % {
                "title": title,
                "known": fmt(projects - unknown),
                "count": fmt(projects),
            }
        summary = ngettext(
            "US$%(cost)s million of known cost across %(projects)s projects"
            " in %(count)s sector.",
            "US$%(cost)s million of known cost across %(projects)s projects"
            " in %(count)s sectors.",
            len(totals),
        ) % {"cost": fmt(total), "projects": fmt(projects), "count": len(totals)}
    if unknown:
        summary = ngettext(
            "%(summary)s %(count)s project with an unknown cost is not in the bars.",
            "%(summary)s %(count)s projects with an unknown cost are not in the bars.",
            unknown,
        ) % {"summary": summary, "count": fmt(unknown)}
    return title, summary


def _unknown_marks(names: list[str]) -> list[dict]:
    """Sectors whose projects have no known cost: marked, never an empty row."""
    if not names:
        return []
    return [
        {
            "type": "scatter",
            "mode": "text",
            "x": [0] * len(names),
            "y": [plain(n) for n in names],
            "text": [_("cost unknown")] * len(names),
            "textposition": "middle right",
            "textfont": {"color": TEXT_COLOR},
            "hoverinfo": "skip",
            "showlegend": False,
        }
    ]


def investment_chart(rows: Sequence[SectorPhaseRow], *, sources=()) -> Chart:
    """Known cost per sector, one bar trace per phase; unknown costs counted apart."""
    slug = "investment"
    if not rows:
        return empty(
            slug,
            _("Investment by sector and phase"),
            _("There are no projects yet."),
            COLUMNS,
            wide=True,
            sources=list(sources),
        )
    colors: dict[str, str] = {}
    totals: dict[str, float] = {}
    for row in rows:
        colors.setdefault(row.sector_name, row.sector_color or UNKNOWN_SECTOR_COLOR)
        totals[row.sector_name] = totals.get(row.sector_name, 0.0) + float(
            row.investment_usd_million or 0
        )
    # Largest sector on top: plotly draws the first category at the bottom.
    order = sorted(totals, key=lambda name: (totals[name], name))
    phases = sorted({row.phase_number for row in rows})
    data = [_phase_bars(rows, p, i, order, colors) for i, p in enumerate(phases)]
    data += [_legend_key(p, i) for i, p in enumerate(phases)]
    data += _unknown_marks([name for name in order if not totals[name]])
    table = [
        [
            r.sector_name,
            _phase_name(r.phase_number),
            r.projects,
            number(r.investment_usd_million),
            r.unknown_cost,
        ]
        for r in sorted(rows, key=lambda r: (r.sector_name, r.phase_number))
    ]
    title, summary = _wording(rows, totals, order)
    figure = {
        "data": data,
        "layout": layout(
            barmode="stack",
            height=max(260, 70 + 42 * len(order)),
            xaxis=axis(title={"text": _("US$ million (known costs)")}),
            yaxis=axis(gridcolor=NO_GRID),
            legend={**LEGEND_ON_TOP, "traceorder": "normal"},
        ),
    }
    narrow = narrow_bars([plain(name) for name in order])
    narrow["xaxis"]["title"] = {"text": _("US$ million")}
    return Chart(
        slug,
        title,
        summary,
        figure,
        COLUMNS,
        table,
        sources=list(sources),
        narrow=narrow,
        wide=True,
    )
