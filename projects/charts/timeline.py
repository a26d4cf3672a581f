"""The timeline: projects from start to completion, phases as spans, meetings as marks.

A solid line is a completed span; a dashed one ends on a planned completion. A
project with one known date is a single mark; one with none is not drawn.
"""

import datetime
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .base import (
    LABEL_LENGTH,
    NARROW_LABEL_LENGTH,
    NO_GRID,
    TEXT_COLOR,
    UNKNOWN_SECTOR_COLOR,
    Chart,
    axis,
    empty,
    fmt,
    layout,
    link,
    plain,
    sample_note,
    shorten,
)
from .rows import MeetingRow, PhaseRow, ProjectRow

COLUMNS = [
    gettext_lazy("Project"),
    gettext_lazy("Sector"),
    gettext_lazy("Status"),
    gettext_lazy("Start"),
    gettext_lazy("Completion"),
    gettext_lazy("Completion is"),
]
MEETING_ROW = gettext_lazy("Meetings")


def _hover(row: ProjectRow, planned: bool) -> str:
    completion = row.completion_date_display or _("unknown")
    if row.completion_date is not None:
        completion = (
            _("%(date)s (planned)") if planned else _("%(date)s (actual)")
        ) % {"date": completion}
    start = _("Start: %(date)s") % {"date": row.start_date_display or _("unknown")}
    return (
        f"<b>{plain(row.name)}</b><br>{plain(row.sector_name)} · {row.status_label}"
        f"<br>{start}<br>" + _("Completion: %(date)s") % {"date": completion}
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
        "name": str(MEETING_ROW),
        "x": [m.date.isoformat() for m in meetings],
        "y": [str(MEETING_ROW)] * len(meetings),
        "text": [
            f"<b>{plain(m.title)}</b><br>{m.kind_label}<br>"
            f"{m.date_display or _('unknown')}"
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
        else _("from %(year)s") % {"year": phase.start_year}
    )
    annotation = {
        "xref": "x",
        "yref": "paper",
        "x": start,
        "y": 1,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        # The narrow layout keeps the text before " (": translations keep it too.
        "text": _("Phase %(number)s (%(years)s)")
        % {"number": phase.number, "years": years},
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
            state = _("unknown")
        else:
            state = _("planned") if row.completion_is_planned(today) else _("actual")
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


def _one_title(row: ProjectRow, today: datetime.date) -> str:
    values = {
        "start": row.start_date_display or _("unknown"),
        "end": row.completion_date_display or _("unknown"),
    }
    if row.completion_date is None:
        return _("Started %(start)s; completion unknown") % values
    if row.completion_is_planned(today):
        return _("Started %(start)s; completion planned for %(end)s") % values
    return _("Built from %(start)s to %(end)s") % values


def _findings(sampled: bool, planned: int) -> dict[str, str]:
    """The timeline's findings, each also about a drawn sample (the largest)."""
    if sampled:
        return {
            "unknown": _(
                "The %(shown)s largest of %(total)s projects: started from "
                "%(year)s; no completion date is known"
            ),
            "past": _(
                "The %(shown)s largest of %(total)s projects: started from "
                "%(year)s; every known completion is past"
            ),
            "planned": ngettext(
                "The %(shown)s largest of %(total)s projects: started from "
                "%(year)s; %(count)s completion is still planned",
                "The %(shown)s largest of %(total)s projects: started from "
                "%(year)s; %(count)s completions are still planned",
                planned,
            ),
        }
    return {
        "unknown": _("Projects started from %(year)s; no completion date is known"),
        "past": _("Projects started from %(year)s; every known completion is past"),
        "planned": ngettext(
            "Projects started from %(year)s; %(count)s completion is still planned",
            "Projects started from %(year)s; %(count)s completions are still planned",
            planned,
        ),
    }


def _title(
    projects: Sequence[ProjectRow],
    dated: list[ProjectRow],
    today: datetime.date,
    total: int | None,
) -> str:
    """The finding; about a drawn sample (`total` above the projects), it says so."""
    if len(projects) == 1 and dated:
        return _one_title(dated[0], today)
    starts = [p.start_date for p in dated if p.start_date]
    if not starts:
        return _("Timeline of projects")
    planned = sum(1 for p in dated if p.completion_is_planned(today))
    sampled = total is not None and total > len(projects)
    findings = _findings(sampled, planned)
    if not any(p.completion_date for p in dated):
        title = findings["unknown"]
    else:
        title = findings["planned" if planned else "past"]
    return title % {
        "year": min(starts).year,
        "count": fmt(planned),
        "shown": fmt(len(projects)),
        "total": fmt(total) if sampled else "",
    }


def _summary(
    projects: Sequence[ProjectRow], dated: int, meetings: int, total: int | None
) -> str:
    summary = ngettext(
        "%(dated)s of %(count)s project with a known date",
        "%(dated)s of %(count)s projects with a known date",
        len(projects),
    ) % {"dated": fmt(dated), "count": fmt(len(projects))}
    if meetings:
        summary = ngettext(
            "%(projects)s, and %(count)s meeting",
            "%(projects)s, and %(count)s meetings",
            meetings,
        ) % {"projects": summary, "count": meetings}
    summary = _(
        "%(dates)s. Dashed lines end on a planned completion; a single mark is a "
        "project with one known date."
    ) % {"dates": summary}
    if total is not None and total > len(projects):
        summary = sample_note(len(projects), total) + summary
    undrawn = len(projects) - dated
    if undrawn:
        summary = ngettext(
            "%(summary)s %(count)s project has no known date and is not drawn.",
            "%(summary)s %(count)s projects have no known date and are not drawn.",
            undrawn,
        ) % {"summary": summary, "count": fmt(undrawn)}
    return summary


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
            _("None of the %(count)s projects has a known date.")
            % {"count": fmt(len(projects))}
            if projects
            else _("There are no projects yet.")
        )
        title = _("Timeline of projects")
        return empty(slug, title, message, COLUMNS, wide=True, sources=list(sources))

    data = _project_traces(dated, today)
    if dated_meetings:
        data.append(_meeting_trace(dated_meetings))
    meeting_row = [str(MEETING_ROW)] if dated_meetings else []
    categories = meeting_row + [p.name for p in dated]
    figure_layout, narrow = _layouts(categories, *_phase_spans(phases, today))
    return Chart(
        slug,
        _title(projects, dated, today, total),
        _summary(projects, len(dated), len(dated_meetings), total),
        {"data": data, "layout": figure_layout},
        COLUMNS,
        _table(projects, today),
        sources=list(sources),
        narrow=narrow,
        wide=True,
    )
