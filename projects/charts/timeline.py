"""The timeline: projects from start to completion, phases as spans, meetings as marks.

A solid line is a completed span; a dashed one ends on a planned completion. A
project with one known date is a single mark; one with none is not drawn.
"""

import datetime
from collections.abc import Sequence

from django.utils import timezone

from .base import (
    LABEL_LENGTH,
    NARROW_LABEL_LENGTH,
    NO_GRID,
    TEXT_COLOR,
    UNKNOWN_SECTOR_COLOR,
    Chart,
    axis,
    count,
    empty,
    layout,
    link,
    not_drawn,
    plain,
    sample_note,
    shorten,
)
from .rows import MeetingRow, PhaseRow, ProjectRow

COLUMNS = ["Project", "Sector", "Status", "Start", "Completion", "Completion is"]
MEETING_ROW = "Meetings"


def _hover(row: ProjectRow, planned: bool) -> str:
    completion = row.completion_date_display or "unknown"
    if row.completion_date is not None:
        completion += " (planned)" if planned else " (actual)"
    return (
        f"<b>{plain(row.name)}</b><br>{plain(row.sector_name)} · {row.status_label}"
        f"<br>Start: {row.start_date_display or 'unknown'}"
        f"<br>Completion: {completion}"
    )


def _span_trace(sector: str, color: str, kind: str, first: bool) -> dict:
    """The trace of one sector's spans of a kind: "actual", "planned" or "point";
    `first` names the sector in the legend (once per sector)."""
    return {
        "type": "scatter",
        "mode": "markers" if kind == "point" else "lines+markers",
        "name": plain(sector),
        "legendgroup": plain(sector),
        "showlegend": first,
        "x": [],
        "y": [],
        "text": [],
        "ids": [],
        "hovertemplate": "%{text}<extra></extra>",
        "marker": {"color": color, "size": 10, "symbol": "circle"},
        "line": {
            "color": color,
            "width": 8,
            "dash": "dot" if kind == "planned" else "solid",
        },
        "connectgaps": False,
    }


def _project_traces(dated: Sequence[ProjectRow], today: datetime.date) -> list[dict]:
    traces: dict[tuple[str, str], dict] = {}
    for row in dated:
        planned = row.completion_is_planned(today)
        start, end = row.start_date, row.completion_date
        kind = ("planned" if planned else "actual") if start and end else "point"
        key = (row.sector_name, kind)
        if key not in traces:
            first = all(sector != row.sector_name for sector, _ in traces)
            color = row.sector_color or UNKNOWN_SECTOR_COLOR
            traces[key] = _span_trace(row.sector_name, color, kind, first)
        t, text = traces[key], _hover(row, planned)
        if kind == "point":
            t["x"].append((start or end).isoformat())
            t["y"].append(plain(row.name))
            t["text"].append(text)
            t["ids"].append(link("project-detail", row.slug))
        else:
            t["x"] += [start.isoformat(), end.isoformat(), None]
            t["y"] += [plain(row.name), plain(row.name), None]
            t["text"] += [text, text, None]
            # Unique ids (Plotly keys points by them); the gap's opens nothing.
            address = link("project-detail", row.slug)
            t["ids"] += [address, address + "#end", f"gap-{len(t['ids'])}"]
    return list(traces.values())


def _meeting_trace(meetings: Sequence[MeetingRow]) -> dict:
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "Meetings",
        "x": [m.date.isoformat() for m in meetings],
        "y": [MEETING_ROW] * len(meetings),
        "text": [
            f"<b>{plain(m.title)}</b><br>{m.kind_label}<br>"
            f"{m.date_display or 'unknown'}"
            for m in meetings
        ],
        "hovertemplate": "%{text}<extra></extra>",
        "marker": {
            "symbol": "diamond",
            "size": 12,
            "color": TEXT_COLOR,
            "line": {"color": "#ffffff", "width": 1},
        },
    }


def _phase_span(phase: PhaseRow, index: int, end_year: int) -> tuple[dict, dict]:
    """The shaded years of one phase and its label above them."""
    start = f"{phase.start_year}-01-01"
    shape = {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": start,
        "x1": f"{end_year + 1}-01-01",
        "y0": 0,
        "y1": 1,
        "fillcolor": "#1d70b8" if index % 2 == 0 else "#b35c00",
        "opacity": 0.08,
        "line": {"width": 0},
        "layer": "below",
    }
    years = (
        f"{phase.start_year}–{phase.end_year}"
        if phase.end_year
        else f"from {phase.start_year}"
    )
    annotation = {
        "xref": "x",
        "yref": "paper",
        "x": start,
        "y": 1,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "text": f"Phase {phase.number} ({years})",
        "font": {"size": 12, "color": "#505a5f"},
    }
    return shape, annotation


def _phase_spans(
    phases: Sequence[PhaseRow], today: datetime.date
) -> tuple[list[dict], list[dict]]:
    spans = sorted((p for p in phases if p.start_year), key=lambda p: p.number)
    shapes, annotations = [], []
    for index, phase in enumerate(spans):
        # An open phase runs until the next one starts, or to the end of this year.
        following = spans[index + 1].start_year - 1 if index + 1 < len(spans) else None
        end_year = phase.end_year or following or max(today.year, phase.start_year)
        shape, annotation = _phase_span(phase, index, max(end_year, phase.start_year))
        shapes.append(shape)
        annotations.append(annotation)
    return shapes, annotations


def _table(projects: Sequence[ProjectRow], today: datetime.date) -> list[list]:
    table = []
    for row in projects:
        if row.completion_date is None:
            state = "unknown"
        else:
            state = "planned" if row.completion_is_planned(today) else "actual"
        table.append(
            [
                row.name,
                row.sector_name,
                row.status_label,
                row.start_date_display,
                row.completion_date_display,
                state,
            ]
        )
    return table


def _title(
    projects: Sequence[ProjectRow], dated: list[ProjectRow], today: datetime.date
) -> str:
    if len(projects) == 1 and dated:
        row = dated[0]
        start = row.start_date_display or "unknown"
        end = row.completion_date_display or "unknown"
        if row.completion_date is None:
            return f"Started {start}; completion unknown"
        if row.completion_is_planned(today):
            return f"Started {start}; completion planned for {end}"
        return f"Built from {start} to {end}"
    starts = [p.start_date for p in dated if p.start_date]
    if not starts:
        return "Timeline of projects"
    first = min(starts).year
    planned = sum(1 for p in dated if p.completion_is_planned(today))
    if not any(p.completion_date for p in dated):
        return f"Projects started from {first}; no completion date is known"
    if planned == 0:
        return f"Projects started from {first}; every known completion is past"
    return (
        f"Projects started from {first}; "
        f"{planned} completion{'s are' if planned != 1 else ' is'} still planned"
    )


def _sampled(title: str, shown: int, total: int | None) -> str:
    """A title about the drawn sample says so."""
    if total is None or total <= shown or not title.startswith("Projects "):
        return title
    return f"The {shown:,} largest of {total:,} projects: " + title[len("Projects ") :]


def _summary(
    projects: Sequence[ProjectRow], dated: int, meetings: int, total: int | None
) -> str:
    summary = f"{dated} of {count(len(projects), 'project')} with a known date"
    if total is not None and total > len(projects):
        summary = sample_note(len(projects), total) + summary
    if meetings:
        summary += f", and {count(meetings, 'meeting')}"
    summary += (
        ". Dashed lines end on a planned completion; a single mark is a project with "
        "one known date."
    )
    return summary + not_drawn(len(projects) - dated, "project", "no known date")


def _layouts(
    categories: list[str], shapes: list[dict], annotations: list[dict]
) -> tuple[dict, dict]:
    """The figure's layout, and its overrides on a phone.

    `categories` are the names as written: each is shortened, then made plain.
    """
    shown = [plain(c) for c in categories]
    wide = layout(
        height=max(260, 110 + 26 * len(categories)),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis=axis(type="date", title={"text": ""}),
        yaxis=axis(
            type="category",
            categoryorder="array",
            categoryarray=shown,
            tickmode="array",
            tickvals=shown,
            ticktext=[plain(shorten(c, LABEL_LENGTH)) for c in categories],
            autorange="reversed",
            gridcolor=NO_GRID,
            tickfont={"size": 12},
        ),
        shapes=shapes,
        annotations=annotations,
        hovermode="closest",
        legend={"orientation": "h", "y": -0.08, "x": 0, "yanchor": "top"},
    )
    narrow = {
        "yaxis": {
            "ticktext": [plain(shorten(c, NARROW_LABEL_LENGTH)) for c in categories],
            "tickfont": {"size": 10},
        },
        "xaxis": {"nticks": 5},
        "legend": {"orientation": "h", "y": -0.2, "x": 0, "yanchor": "top"},
        "annotations": [
            {**a, "text": a["text"].split(" (")[0], "font": {"size": 10}}
            for a in annotations
        ],
    }
    return wide, narrow


def timeline_chart(
    projects: Sequence[ProjectRow],
    meetings: Sequence[MeetingRow] = (),
    phases: Sequence[PhaseRow] = (),
    *,
    today: datetime.date | None = None,
    slug: str = "timeline",
    total: int | None = None,
    sources=(),
) -> Chart:
    """Projects by sector over time, phases as spans and meetings as marks.

    With `total` above the number of projects given, they are a sample (the
    largest), and the summary says so.
    """
    today = today or timezone.localdate()
    dated = [p for p in projects if p.has_date]
    dated_meetings = [m for m in meetings if m.date]
    if not dated and not dated_meetings:
        message = (
            f"None of the {len(projects)} projects has a known date."
            if projects
            else "There are no projects yet."
        )
        title = "Timeline of projects"
        return empty(slug, title, message, COLUMNS, wide=True, sources=list(sources))

    data = _project_traces(dated, today)
    if dated_meetings:
        data.append(_meeting_trace(dated_meetings))
    categories = ([MEETING_ROW] if dated_meetings else []) + [p.name for p in dated]
    figure_layout, narrow = _layouts(categories, *_phase_spans(phases, today))
    return Chart(
        slug,
        _sampled(_title(projects, dated, today), len(projects), total),
        _summary(projects, len(dated), len(dated_meetings), total),
        {"data": data, "layout": figure_layout},
        COLUMNS,
        _table(projects, today),
        sources=list(sources),
        narrow=narrow,
        wide=True,
    )
