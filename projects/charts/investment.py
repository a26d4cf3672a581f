"""Known cost by sector and phase: horizontal bars, one trace per phase."""

from collections.abc import Sequence

from .base import (
    LEGEND_ON_TOP,
    NO_GRID,
    TEXT_COLOR,
    UNKNOWN_SECTOR_COLOR,
    Chart,
    axis,
    count,
    empty,
    fmt,
    layout,
    link,
    narrow_bars,
    number,
    plain,
    share,
    verb,
)
from .rows import SectorPhaseRow

# Bar patterns tell the phases apart while the fill keeps the sector's colour.
PHASE_PATTERNS = ["", "/", "x", ".", "\\", "+"]
COLUMNS = [
    "Sector",
    "Phase",
    "Projects",
    "Known cost (US$ million)",
    "Projects with unknown cost",
]


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
        "name": f"Phase {phase}",
        "y": [plain(n) for n in names],
        "x": [number(by_sector[n].investment_usd_million) for n in names],
        "marker": _marker([colors[n] for n in names], index, "#ffffff"),
        "customdata": [[by_sector[n].projects, by_sector[n].with_cost] for n in names],
        # A click on a bar opens its sector's page.
        "ids": [link("sector-detail", by_sector[n].sector_slug) for n in names],
        "hovertemplate": (
            "%{y}, Phase " + str(phase) + ": US$%{x:,.0f} million"
            "<br>%{customdata[1]} of %{customdata[0]} projects with a known "
            "cost<extra></extra>"
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
        "name": f"Phase {phase}",
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
        title = "No project has a known cost yet"
        summary = f"{projects} projects, none with a known cost."
    else:
        top = costed[-1]
        # One sector with known costs: a share of 100% would say nothing.
        title = (
            f"{top}: US${fmt(total)} million of known cost"
            if len(costed) == 1
            else f"{top} holds {share(totals[top], total)} of the known cost"
        )
        if unknown:
            # A figure of the known costs alone: say how many that is.
            known = projects - unknown
            title += f" ({known} of {count(projects, 'project')} with a known cost)"
        summary = (
            f"US${fmt(total)} million of known cost across {projects} projects"
            f" in {count(len(totals), 'sector')}."
        )
    if unknown:
        summary += (
            f" {count(unknown, 'project')} with an unknown cost "
            f"{verb(unknown, 'is', 'are')} not in the bars."
        )
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
            "text": ["cost unknown"] * len(names),
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
            "Investment by sector and phase",
            "There are no projects yet.",
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
            f"Phase {r.phase_number}",
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
            xaxis=axis(title={"text": "US$ million (known costs)"}),
            yaxis=axis(gridcolor=NO_GRID),
            legend={**LEGEND_ON_TOP, "traceorder": "normal"},
        ),
    }
    narrow = narrow_bars([plain(name) for name in order])
    narrow["xaxis"]["title"] = {"text": "US$ million"}
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
