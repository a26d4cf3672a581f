"""The pages' figures, built from the selectors: views call these and render.

`overview` gives the dashboard and the phase and sector pages their headline
numbers, charts and project table; `project_charts` and `meeting_charts` the
charts of a project's page and of the meetings page. Every chart is built with
the sources behind it.
"""

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from . import charts, selectors
from .caching.store import cached
from .charts import Chart, PhaseRow
from .choices import STATUS_COLORS
from .models import Project
from .reported import sources_disagree

# A dashboard over tens of thousands of projects draws the largest by known cost:
# the map up to MAP_LIMIT of them, the timeline and the project table up to
# TIMELINE_LIMIT (one labelled row each). The headline numbers, the sector, phase,
# status and province charts, and the CSV of the project list count every one.
MAP_LIMIT = 500
TIMELINE_LIMIT = 60
# How long the rendered chart cards are kept (they also go with the data version).
CARDS_SECONDS = 24 * 3600


def phase_comparisons(by_phase: list[dict]) -> list[dict]:
    """Each phase's reported investment beside the sum of its tracked projects."""
    comparisons = []
    for row in by_phase:
        reported = row["reported_investment_usd_million"]
        if not reported or not row["count"]:
            continue
        tracked = float(row["known_cost_usd_million"] or 0)
        comparisons.append(
            {
                "phase": row,
                "reported": float(reported),
                "tracked": tracked,
                "share": 100 * tracked / float(reported),
            }
        )
    return comparisons


def _by_title(*source_lists) -> list:
    """The distinct sources of several lists, by title."""
    distinct = {s.pk: s for sources in source_lists for s in sources}
    return sorted(distinct.values(), key=lambda s: (s.title, s.pk))


def _phase_spans(phases: list[dict]) -> list[PhaseRow]:
    return [
        PhaseRow(p["number"], p.get("start_year"), p.get("end_year")) for p in phases
    ]


def _charts(
    projects,
    stats: dict,
    rows: list,
    timeline_rows: list,
    *,
    phases: list[dict],
    phase_number: int | None,
    extras: bool,
) -> list[Chart]:
    """The overview's charts; `extras` adds the meetings."""
    total = stats["total"]["count"]
    meetings = selectors.meeting_chart_rows(phase_number=phase_number) if extras else []
    project_sources = selectors.sources_supporting(projects=projects)
    meeting_sources = selectors.sources_supporting(meetings=[m.id for m in meetings])
    by_sector_phase = selectors.investment_by_sector_and_phase(projects=projects)
    chart_list = [
        charts.investment_chart(by_sector_phase, sources=project_sources),
        charts.status_chart(
            selectors.stat_rows(stats["by_status"], "status"), sources=project_sources
        ),
        charts.province_chart(
            selectors.stat_rows(stats["by_province"], "province"),
            sources=project_sources,
        ),
        charts.timeline_chart(
            timeline_rows,
            meetings,
            _phase_spans(phases),
            total=total,
            # The timeline draws the meetings too.
            sources=_by_title(project_sources, meeting_sources)
            if extras
            else project_sources,
        ),
        charts.map_chart(rows, total=total, sources=project_sources),
    ]
    if extras:
        chart_list.append(charts.meetings_chart(meetings, sources=meeting_sources))
    return chart_list


def _totals(total: dict, capacity: dict) -> dict:
    known = total["count"] > total["unknown_cost_count"]
    return {
        "projects": total["count"],
        "with_cost": total["count"] - total["unknown_cost_count"],
        "unknown_cost": total["unknown_cost_count"],
        "investment_usd_million": total["known_cost_usd_million"] if known else None,
        **capacity,
    }


def overview(
    projects, *, phases: list[dict], phase: dict | None = None, extras: bool = True
) -> dict:
    """Headline numbers, charts and project table of a set of projects.

    `phases` are selectors.phase_rows(), `phase` the one chosen among them, if
    any. `extras` adds the meetings, which belong to the
    whole corridor (or a phase) rather than to a sector.
    """
    phase_number = phase["number"] if phase else None
    stats = selectors.project_stats(projects=projects)
    capacity = selectors.dashboard_totals(projects=projects)
    rows = selectors.project_chart_rows(projects=projects, limit=MAP_LIMIT)
    # The project table shows the timeline's rows.
    timeline_rows = selectors.largest_rows(rows, TIMELINE_LIMIT)
    shown_phases = [p for p in phases if phase is None or p["number"] == phase_number]
    chart_list = _charts(
        projects,
        stats,
        rows,
        timeline_rows,
        phases=shown_phases,
        phase_number=phase_number,
        extras=extras,
    )
    return {
        "totals": _totals(stats["total"], capacity),
        "status_counts": [
            {**row, "color": STATUS_COLORS[row["status"]]} for row in stats["by_status"]
        ],
        "phase_comparisons": phase_comparisons(
            [
                r
                for r in stats["by_phase"]
                if phase is None or r["number"] == phase_number
            ]
        ),
        "charts": chart_list,
        "project_rows": timeline_rows,
        "sampled": len(timeline_rows) < stats["total"]["count"],
    }


def project_charts(project, *, meetings: list, citations: list) -> list[Chart]:
    """A project's map and timeline, where it has coordinates and dates.

    `project` comes from selectors.project_detail_queryset(), with its meetings
    and its citations (with their sources): no query is made here.
    """
    sources = _by_title([c.source for c in citations])
    row = selectors.project_row(project)
    found = []
    if row.has_coordinates:
        found.append(
            charts.map_chart([row], slug="location", zoom=True, sources=sources)
        )
    if row.has_date:
        phase = project.phase
        found.append(
            charts.timeline_chart(
                [row],
                [selectors.meeting_row(m) for m in meetings],
                [PhaseRow(phase.number, phase.start_year, phase.end_year)],
                slug="dates",
                sources=sources,
            )
        )
    return found


def meeting_charts(meetings: list) -> list[Chart]:
    """The meetings page's chart of the (filtered) meetings, with their sources."""
    sources = selectors.sources_supporting(meetings=[m.pk for m in meetings])
    rows = [selectors.meeting_row(m) for m in meetings]
    return [charts.meetings_chart(rows, sources=sources)]


def cached_overview(projects, *, key: str, **kwargs) -> dict:
    """overview(), cached until the data changes (and the day, for the
    timeline).

    The charts are most of its weight and the page caches their rendered cards,
    so they are read from the cache only when something asks for them (a cache
    miss of the cards, or a CSV download).
    """
    day = timezone.localdate().isoformat()

    def full() -> dict:
        return cached("overview", lambda: overview(projects, **kwargs), key, day)

    def head() -> dict:
        return {name: value for name, value in full().items() if name != "charts"}

    context = dict(cached("overview-head", head, key, day))
    context["charts"] = SimpleLazyObject(lambda: full()["charts"])
    # The template keeps the rendered cards under the same key: bounded, as the
    # key names a valid filter (not the address, which any client can vary).
    context.update(charts_key=f"{key}:{day}", charts_seconds=CARDS_SECONDS)
    return context


# The models name their fields and themselves in English; these are the names a
# citation's label shows, marked here so that the catalogues translate them.
FIELD_LABELS = (
    gettext_noop("Start date"),
    gettext_noop("Completion date"),
    gettext_noop("Name"),
    gettext_noop("Capacity unit"),
    gettext_noop("Kind of works"),
    gettext_noop("Aliases"),
    gettext_noop("Description"),
    gettext_noop("Route"),
    gettext_noop("Number"),
    gettext_noop("Title"),
    gettext_noop("Country"),
    gettext_noop("Held by video link"),
    gettext_noop("Co chairs"),
    gettext_noop("Reported investment (US$ million)"),
    gettext_noop("Start year"),
    gettext_noop("End year"),
    gettext_noop("Focus sectors"),
    gettext_noop("Color"),
    gettext_noop("Value"),
    gettext_noop("Unit"),
    gettext_noop("project"),
    gettext_noop("phase"),
    gettext_noop("sector"),
    gettext_noop("meeting"),
    gettext_noop("indicator"),
)


# The countries meetings are held in (Meeting.country, a name as written in the
# data), for the catalogues: pages show them with {% translate %}.
MEETING_COUNTRIES = (gettext_noop("China"), gettext_noop("Pakistan"))

# The languages a record's translations are kept in (content.py), by name.
CONTENT_LANGUAGE_NAMES = {
    "ur": gettext_lazy("Urdu"),
    "zh-hans": gettext_lazy("Simplified Chinese"),
}


def field_label_text(field) -> str:
    """A field's label in the page's language ("Cost (US$ million)"); a
    translation's column says whose ("Name in Urdu"), not "name [ur]"."""
    original = getattr(field, "translated_field", None)
    if original is not None:
        language = CONTENT_LANGUAGE_NAMES.get(field.language, field.language)
        return _("%(field)s in %(language)s") % {
            "field": field_label_text(original),
            "language": language,
        }
    return _(capfirst(str(field.verbose_name)))


def field_label(model, name: str) -> str:
    if not name:
        record = _(str(model._meta.verbose_name))
        return _("The %(record)s as a whole") % {"record": record}
    try:
        return field_label_text(model._meta.get_field(name))
    except FieldDoesNotExist:
        return name


def citation_groups(citations, model=Project) -> list[dict]:
    """Citations by field; sources disagree when their typed facts differ.

    Typed values are compared within the rounding of each source's wording, and a
    planned date or target is not set against what happened.
    """
    groups: dict[str, list] = defaultdict(list)
    for citation in citations:
        groups[citation.field].append(citation)
    result = []
    for name in sorted(groups, key=lambda f: (f == "", f)):
        items = sorted(groups[name], key=lambda c: (not c.is_headline, c.pk))
        result.append(
            {
                "field": name,
                "label": field_label(model, name),
                "citations": items,
                "conflict": sources_disagree(items, model._meta.model_name),
            }
        )
    return result
