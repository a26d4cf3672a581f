"""Projects by status and by province: one bar per status, one per province."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import STATUS_COLORS, Province, Status
from .base import (
    NEUTRAL_COLOR,
    NO_GRID,
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
)
from .rows import StatRow


def _hover(label: str, value: str) -> str:
    """A bar's hover text; Plotly's placeholders go in as the translation's values."""
    text = _("%(label)s: %(count)s projects") % {"label": label, "count": value}
    return text + "<extra></extra>"


def status_chart(rows: Sequence[StatRow], *, sources=()) -> Chart:
    """Projects per status (every status, zeros included)."""
    slug = "status"
    columns = [_("Status"), _("Projects"), _("Known cost (US$ million)")]
    total = sum(r.count for r in rows)
    if not total:
        message = _("There are no projects yet.")
        return empty(
            slug, _("Projects by status"), message, columns, sources=list(sources)
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
            "hovertemplate": _hover("%{x}", "%{y}"),
            "showlegend": False,
        }
    ]
    operational = sum(r.count for r in rows if r.value == Status.OPERATIONAL)
    title = ngettext(
        "%(operational)s of %(total)s project is operational",
        "%(operational)s of %(total)s projects are operational",
        total,
    ) % {"operational": fmt(operational), "total": fmt(total)}
    summary = _("Of the tracked projects: %(counts)s.") % {
        "counts": ", ".join(f"{fmt(r.count)} {r.label.lower()}" for r in rows)
    }
    table = [[r.label, r.count, number(r.known_cost)] for r in rows]
    figure = {
        "data": data,
        "layout": layout(
            height=300,
            margin={"l": 10, "r": 10, "t": 30, "b": 10},
            yaxis=axis(title={"text": _("Projects")}, rangemode="tozero"),
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
            return _("The one project spans several provinces")
        return _("All %(count)s projects span several provinces") % {
            "count": fmt(total)
        }
    top = provinces[-1]
    if len(provinces) > 1 and provinces[-2].count == top.count:
        title = ngettext(
            "Projects are spread over %(count)s province",
            "Projects are spread over %(count)s provinces",
            len(provinces),
        ) % {"count": len(provinces)}
        if several:
            title = ngettext(
                "%(title)s; %(count)s spans several",
                "%(title)s; %(count)s span several",
                several,
            ) % {"title": title, "count": fmt(several)}
        return title
    return _("%(province)s has the most projects (%(count)s of %(total)s)") % {
        "province": top.label,
        "count": fmt(top.count),
        "total": fmt(total),
    }


def province_chart(rows: Sequence[StatRow], *, sources=()) -> Chart:
    """Projects per province, the provinces without any left out."""
    slug = "province"
    columns = [_("Province"), _("Projects"), _("Known cost (US$ million)")]
    present = [r for r in rows if r.count]
    if not present:
        message = _("There are no projects yet.")
        return empty(
            slug, _("Projects by province"), message, columns, sources=list(sources)
        )
    ordered = sorted(present, key=lambda r: (r.count, r.label))
    labels = [plain(r.label) for r in ordered]
    counts = [r.count for r in ordered]
    summary = _("Projects per province: %(counts)s.") % {
        "counts": ", ".join(f"{r.label} {r.count}" for r in reversed(ordered))
    }
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
            "hovertemplate": _hover("%{y}", "%{x}"),
            "showlegend": False,
        }
    ]
    table = [[r.label, r.count, number(r.known_cost)] for r in reversed(ordered)]
    figure = {
        "data": data,
        "layout": layout(
            height=max(220, 60 + 36 * len(labels)),
            margin={"l": 10, "r": 30, "t": 10, "b": 10},
            xaxis=axis(title={"text": _("Projects")}, rangemode="tozero"),
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
