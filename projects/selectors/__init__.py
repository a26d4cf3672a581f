"""Read-side queries shared by the pages and the API.

projects: the querysets of projects, meetings, phases and indicators, and the
typed rows the charts draw; stats: headline numbers and aggregates; sources: what
supports what; changes: the feed of recent edits; search: one query across
projects (and their aliases), meetings and sources.
"""

from .changes import (
    HISTORY_MODELS,
    HISTORY_TYPES,
    ChangeEntry,
    ChangeFeed,
    FieldChange,
    change_list,
)
from .projects import (
    PROJECT_LIST_FIELDS,
    largest_rows,
    located_q,
    meeting_chart_rows,
    meeting_row,
    phase_rows,
    project_chart_rows,
    project_detail_queryset,
    project_list,
    project_list_rows,
    project_row,
    synthetic_project_count,
)
from .search import (
    MAX_QUERY_LENGTH,
    SearchGroup,
    SearchResults,
    project_search,
    search_all,
    search_key,
)
from .sources import (
    SUPPORTS_SHOWN,
    citations_for,
    publisher_choices,
    source_list,
    sources_supporting,
    sources_with_counts,
    with_shown_citations,
)
from .stats import (
    NOT_ROAD_RAIL_SECTOR_SLUGS,
    dashboard_totals,
    investment_by_sector_and_phase,
    phase_project_counts,
    project_stats,
    sector_choices,
    stat_rows,
    with_project_totals,
)

__all__ = [
    "HISTORY_MODELS",
    "HISTORY_TYPES",
    "NOT_ROAD_RAIL_SECTOR_SLUGS",
    "PROJECT_LIST_FIELDS",
    "SUPPORTS_SHOWN",
    "ChangeEntry",
    "ChangeFeed",
    "FieldChange",
    "change_list",
    "citations_for",
    "dashboard_totals",
    "investment_by_sector_and_phase",
    "largest_rows",
    "located_q",
    "meeting_chart_rows",
    "meeting_row",
    "phase_rows",
    "project_chart_rows",
    "project_detail_queryset",
    "project_list",
    "project_list_rows",
    "project_row",
    "project_stats",
    "source_list",
    "sources_supporting",
    "MAX_QUERY_LENGTH",
    "SearchGroup",
    "SearchResults",
    "project_search",
    "publisher_choices",
    "search_all",
    "search_key",
    "sources_with_counts",
    "with_shown_citations",
    "phase_project_counts",
    "sector_choices",
    "stat_rows",
    "synthetic_project_count",
    "with_project_totals",
]
