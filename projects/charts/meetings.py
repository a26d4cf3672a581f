"""Meetings over time: meetings per year, stacked by kind."""

import datetime
from collections.abc import Sequence

from django.utils import timezone

from ..choices import MeetingKind
from .base import LEGEND_ON_TOP, NO_GRID, Chart, axis, empty, layout, not_drawn
from .rows import MeetingRow, kind_label

# One colour per meeting kind, in the same plain palette as the status colours.
MEETING_KIND_COLORS = {
    MeetingKind.JCC: "#1d70b8",
    MeetingKind.JWG: "#4c2c92",
    MeetingKind.SUMMIT: "#b35c00",
    MeetingKind.STATE_VISIT: "#00703c",
    MeetingKind.MINISTERIAL: "#8a1538",
    MeetingKind.OTHER: "#505a5f",
}
COLUMNS = ["Meeting", "Kind", "Date", "City", "Held or upcoming"]


def _table(meetings: Sequence[MeetingRow], today: datetime.date) -> list[list]:
    return [
        [
            m.title,
            m.kind_label,
            m.date_display,
            m.city or None,
            ("upcoming" if m.date > today else "held") if m.date else None,
        ]
        for m in meetings
    ]


def _bars(dated: list[MeetingRow], years: list[int]) -> list[dict]:
    """One bar trace per kind that has a dated meeting, in the kinds' order."""
    data = []
    for kind in MeetingKind.values:
        of_kind = [m for m in dated if m.kind == kind]
        if not of_kind:
            continue
        data.append(
            {
                "type": "bar",
                "name": kind_label(kind),
                "x": [str(y) for y in years],
                "y": [sum(1 for m in of_kind if m.date.year == y) for y in years],
                "marker": {"color": MEETING_KIND_COLORS[kind]},
                "hovertemplate": "%{x}: %{y} " + kind_label(kind) + "<extra></extra>",
            }
        )
    return data


def _wording(
    meetings: Sequence[MeetingRow],
    dated: list[MeetingRow],
    years: list[int],
    today: datetime.date,
) -> tuple[str, str]:
    span = (
        f"in {years[0]}" if years[0] == years[-1] else f"from {years[0]} to {years[-1]}"
    )
    title = f"{len(dated)} meeting{'s' if len(dated) != 1 else ''} {span}"
    latest = max(dated, key=lambda m: m.date)
    when = "upcoming" if latest.date > today else "the latest"
    summary = f"{latest.title} ({latest.date_display or 'unknown'}) is {when}."
    summary += not_drawn(len(meetings) - len(dated), "meeting", "no known date")
    return title, summary


def meetings_chart(
    meetings: Sequence[MeetingRow],
    *,
    today: datetime.date | None = None,
    sources=(),
) -> Chart:
    """Meetings per year, stacked by kind; meetings with no date listed apart."""
    today = today or timezone.localdate()
    slug = "meetings"
    table = _table(meetings, today)
    dated = [m for m in meetings if m.date]
    if not dated:
        message = (
            f"None of the {len(meetings)} meetings has a known date."
            if meetings
            else "There are no meetings yet."
        )
        title = "Meetings over time"
        chart = empty(slug, title, message, COLUMNS, sources=list(sources))
        chart.rows = table
        return chart
    first = min(m.date.year for m in dated)
    years = list(range(first, max(m.date.year for m in dated) + 1))
    title, summary = _wording(meetings, dated, years, today)
    figure = {
        "data": _bars(dated, years),
        "layout": layout(
            barmode="stack",
            height=300,
            legend={**LEGEND_ON_TOP, "traceorder": "normal"},
            xaxis=axis(type="category", gridcolor=NO_GRID),
            yaxis=axis(title={"text": "Meetings"}, rangemode="tozero", dtick=1),
        ),
    }
    return Chart(slug, title, summary, figure, COLUMNS, table, sources=list(sources))
