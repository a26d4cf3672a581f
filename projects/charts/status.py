"""Projects by status and by province: one bar per status, one per province."""

from collections.abc import Sequence

from ..choices import STATUS_COLORS, Province, Status
from .base import (
    NEUTRAL_COLOR,
    NO_GRID,
    UNKNOWN_SECTOR_COLOR,
    Chart,
    axis,
    count,
    empty,
    layout,
    link,
    narrow_bars,
    number,
    plain,
)
from .rows import StatRow


def status_chart(rows: Sequence[StatRow], *, sources=()) -> Chart:
    """Projects per status (every status, zeros included)."""
    slug = "status"
    columns = ["Status", "Projects", "Known cost (US$ million)"]
    total = sum(r.count for r in rows)
    if not total:
        message = "There are no projects yet."
        return empty(
            slug, "Projects by status", message, columns, sources=list(sources)
        )
    counts = [r.count for r in rows]
    data = [
        {
            "type": "bar",
            "x": [plain(r.label) for r in rows],
            "y": counts,
            "ids": [link("project-list", status=r.value) for r in rows],
            "marker": {
                "color": [
                    STATUS_COLORS.get(r.value, UNKNOWN_SECTOR_COLOR) for r in rows
                ]
            },
            "text": counts,
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{x}: %{y} projects<extra></extra>",
            "showlegend": False,
        }
    ]
    operational = sum(r.count for r in rows if r.value == Status.OPERATIONAL)
    title = f"{operational} of {total} projects are operational"
    summary = (
        "Of the tracked projects: "
        + ", ".join(f"{r.count} {r.label.lower()}" for r in rows)
        + "."
    )
    table = [[r.label, r.count, number(r.known_cost)] for r in rows]
    figure = {
        "data": data,
        "layout": layout(
            height=300,
            margin={"l": 10, "r": 10, "t": 30, "b": 10},
            yaxis=axis(title={"text": "Projects"}, rangemode="tozero"),
            xaxis=axis(gridcolor=NO_GRID),
        ),
    }
    return Chart(slug, title, summary, figure, columns, table, sources=list(sources))


def _province_title(ordered: list[StatRow]) -> str:
    """The province with the most projects, or how many share them; projects
    placed in several provinces are counted apart, never as a province."""
    total = sum(r.count for r in ordered)
    provinces = [r for r in ordered if r.value != Province.MULTIPLE]
    several = total - sum(r.count for r in provinces)
    if not provinces:
        if total == 1:
            return "The one project spans several provinces"
        return f"All {total} projects span several provinces"
    top = provinces[-1]
    if len(provinces) > 1 and provinces[-2].count == top.count:
        title = f"Projects are spread over {count(len(provinces), 'province')}"
        return title + (f"; {several} span several" if several else "")
    return f"{top.label} has the most projects ({top.count} of {total})"


def province_chart(rows: Sequence[StatRow], *, sources=()) -> Chart:
    """Projects per province, the provinces without any left out."""
    slug = "province"
    columns = ["Province", "Projects", "Known cost (US$ million)"]
    present = [r for r in rows if r.count]
    if not present:
        message = "There are no projects yet."
        return empty(
            slug, "Projects by province", message, columns, sources=list(sources)
        )
    ordered = sorted(present, key=lambda r: (r.count, r.label))
    labels = [plain(r.label) for r in ordered]
    counts = [r.count for r in ordered]
    summary = (
        "Projects per province: "
        + ", ".join(f"{r.label} {r.count}" for r in reversed(ordered))
        + "."
    )
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": counts,
            "ids": [link("project-list", province=r.value) for r in ordered],
            "marker": {"color": NEUTRAL_COLOR},
            "text": counts,
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{x} projects<extra></extra>",
            "showlegend": False,
        }
    ]
    table = [[r.label, r.count, number(r.known_cost)] for r in reversed(ordered)]
    figure = {
        "data": data,
        "layout": layout(
            height=max(220, 60 + 36 * len(labels)),
            margin={"l": 10, "r": 30, "t": 10, "b": 10},
            xaxis=axis(title={"text": "Projects"}, rangemode="tozero"),
            yaxis=axis(gridcolor=NO_GRID),
        ),
    }
    title = _province_title(ordered)
    return Chart(
        slug,
        title,
        summary,
        figure,
        columns,
        table,
        sources=list(sources),
        narrow=narrow_bars(labels),
    )
