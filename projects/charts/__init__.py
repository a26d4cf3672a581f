"""Typed rows in, Plotly figure dicts out, each with a title, a summary and a table.

One module per family of charts; each takes the typed rows of `rows` (built by
projects.selectors) and returns a `Chart`. See `base` for what a figure is.
"""

from .base import LABEL_LENGTH, NARROW_LABEL_LENGTH, NARROW_WIDTH, Chart
from .investment import investment_chart
from .maps import MAP_ATTRIBUTION, PAKISTAN_LAT, PAKISTAN_LON, map_chart
from .meetings import MEETING_KIND_COLORS, meetings_chart
from .rows import (
    MeetingRow,
    PhaseRow,
    ProjectRow,
    SectorPhaseRow,
    StatRow,
)
from .status import province_chart, status_chart
from .timeline import timeline_chart

__all__ = [
    "LABEL_LENGTH",
    "MAP_ATTRIBUTION",
    "MEETING_KIND_COLORS",
    "NARROW_LABEL_LENGTH",
    "NARROW_WIDTH",
    "PAKISTAN_LAT",
    "PAKISTAN_LON",
    "Chart",
    "MeetingRow",
    "PhaseRow",
    "ProjectRow",
    "SectorPhaseRow",
    "StatRow",
    "investment_chart",
    "map_chart",
    "meetings_chart",
    "province_chart",
    "status_chart",
    "timeline_chart",
]
