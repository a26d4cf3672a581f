"""Server-rendered pages."""

import csv
from collections import defaultdict

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.views.decorators.cache import never_cache

from . import charts, selectors
from .caching.paging import DeferredJoinPaginator
from .caching.policy import not_stored, page_cache
from .caching.store import cached
from .choices import STATUS_COLORS, Status
from .dates import format_partial_date
from .filters import MeetingFilterSet, ProjectFilterSet
from .models import Citation, Meeting, Phase, Project, Sector
from .reported import sources_disagree

PAGE_SIZE = 25
# A dashboard over tens of thousands of projects draws the largest by known cost:
# the map up to MAP_LIMIT of them, the timeline and the project table up to
# TIMELINE_LIMIT (one labelled row each). The headline numbers, the sector, phase,
# status and province charts, and the CSV of the project list count every one.
MAP_LIMIT = 500
TIMELINE_LIMIT = 60
HISTORY_LIMIT = 20

# The project table's sortable columns: (label, ordering parameter, numeric).
PROJECT_COLUMNS = [
    ("Project", "name", False),
    ("Phase", "phase", False),
    ("Sector", "sector", False),
    ("Status", "status", False),
    ("Province", "province", False),
    ("Cost (US$ million)", "cost_usd_million", True),
    ("Start", "start_date", False),
    ("Completion", "completion_date", False),
]


class PhaseSelect(forms.Select):
    """Phase options by slug; a phase asked for by its number shows as chosen too."""

    def __init__(self, phases: list[dict]):
        super().__init__(
            choices=[("", "All phases")]
            + [(p["slug"], f"Phase {p['number']}: {p['name']}") for p in phases]
        )
        self.slug_by_number = {str(p["number"]): p["slug"] for p in phases}

    def format_value(self, value):
        return [self.slug_by_number.get(v, v) for v in super().format_value(value)]


def _use_selects(form, phases: list[dict], sectors) -> None:
    """Phase and sector as drop-downs of slugs, the values the FilterSet accepts."""
    if "phase" in form.fields:
        form.fields["phase"].widget = PhaseSelect(phases)
    if "sector" in form.fields:
        form.fields["sector"].widget = forms.Select(
            choices=[("", "All sectors")] + [(s.slug, s.name) for s in sectors]
        )


# The list's sort options, named as its column headers are.
ORDERING_LABELS = {
    **{param: f"{label}, A to Z" for label, param, numeric in PROJECT_COLUMNS},
    **{f"-{param}": f"{label}, Z to A" for label, param, numeric in PROJECT_COLUMNS},
    "cost_usd_million": "Cost, lowest first",
    "-cost_usd_million": "Cost, highest first",
    "start_date": "Start, earliest first",
    "-start_date": "Start, latest first",
    "completion_date": "Completion, earliest first",
    "-completion_date": "Completion, latest first",
    "phase": "Phase, first to last",
    "-phase": "Phase, last to first",
    "capacity": "Capacity, smallest first",
    "-capacity": "Capacity, largest first",
}

EMPTY_LABELS = {
    "status": "Any status",
    "province": "Any province",
    "kind": "Any kind",
    "ordering": "Default order",
}


def _prepare_form(form) -> bool:
    """Validate, name the empty choices, and tie each error to its control."""
    for name, label in EMPTY_LABELS.items():
        field = form.fields.get(name)
        if field is not None:
            # django-filter's choice fields prepend their empty_label themselves.
            field.empty_label = label
            field.choices = [c for c in field.choices if c[0] != ""]
    ordering = form.fields.get("ordering")
    if ordering is not None:
        ordering.choices = [
            (value, ORDERING_LABELS.get(value, label))
            for value, label in ordering.choices
            if value != ""
        ]
    valid = form.is_valid()
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
            )
    return valid


def _chosen_phase(filterset, phases: list[dict]) -> dict | None:
    lookup = filterset.form.cleaned_data.get("phase")
    if not lookup:
        return None
    for phase in phases:
        if all(phase[key] == value for key, value in lookup.items()):
            return phase
    return None


def _csv_response(chart: charts.Chart, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(chart.columns)
    for row in chart.rows:
        writer.writerow(["" if value is None else value for value in row])
    return response


def _download(request, chart_list, prefix: str):
    """The CSV of one chart's table, when ?download=<chart> asks for it."""
    wanted = request.GET.get("download")
    if not wanted:
        return None
    for chart in chart_list:
        if chart.slug == wanted:
            return _csv_response(chart, f"{prefix}-{chart.slug}")
    return HttpResponse("Unknown chart.", status=404, content_type="text/plain")


def _phase_comparisons(by_phase: list[dict]) -> list[dict]:
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


def _overview(
    projects, *, phases: list[dict], phase: dict | None = None, extras: bool = True
) -> dict:
    """Headline numbers and the charts of a set of projects.

    `extras` adds the trade figures and the meetings, which belong to the whole
    corridor (or a phase) rather than to a sector.
    """
    phase_number = phase["number"] if phase else None
    stats = selectors.project_stats(projects=projects)
    capacity = selectors.dashboard_totals(projects=projects)
    by_sector_phase = selectors.investment_by_sector_and_phase(projects=projects)
    total_count = stats["total"]["count"]
    rows = selectors.project_chart_rows(projects=projects, limit=MAP_LIMIT)
    for row in rows:
        # Labels for the project table, which shows the same rows as the charts.
        row["status_label"] = Status(row["status"]).label
        row["start_label"] = format_partial_date(
            row["start_date"], row["start_date_precision"]
        )
        row["completion_label"] = format_partial_date(
            row["completion_date"], row["completion_date_precision"]
        )
    shown_phases = [p for p in phases if phase is None or p["number"] == phase_number]
    meeting_rows = (
        selectors.meeting_chart_rows(phase_number=phase_number) if extras else []
    )
    project_sources = selectors.sources_supporting(projects=projects)

    timeline_rows = selectors.largest_rows(rows, TIMELINE_LIMIT)
    timeline = charts.timeline_chart(
        timeline_rows, meeting_rows, shown_phases, total=total_count
    )
    chart_list = [
        charts.investment_chart(by_sector_phase),
        charts.status_chart(stats["by_status"]),
        charts.province_chart(stats["by_province"]),
        timeline,
        charts.map_chart(rows, total=total_count),
    ]
    for chart in chart_list:
        chart.sources = project_sources
    if extras:
        indicators = selectors.trade_indicators()
        trade = charts.trade_chart(indicators)
        trade.sources = selectors.sources_supporting(
            indicators=[i["id"] for i in indicators]
        )
        meetings = charts.meetings_chart(meeting_rows)
        meetings.sources = selectors.sources_supporting(
            meetings=[m["id"] for m in meeting_rows]
        )
        timeline.sources = sorted(
            {s.pk: s for s in project_sources + meetings.sources}.values(),
            key=lambda s: (s.title, s.pk),
        )
        chart_list += [trade, meetings]

    total = stats["total"]
    return {
        "totals": {
            "projects": total["count"],
            "with_cost": total["count"] - total["unknown_cost_count"],
            "unknown_cost": total["unknown_cost_count"],
            "investment_usd_million": total["known_cost_usd_million"]
            if total["count"] > total["unknown_cost_count"]
            else None,
            **capacity,
        },
        "status_counts": [
            {**row, "color": STATUS_COLORS[row["status"]]} for row in stats["by_status"]
        ],
        "phase_comparisons": _phase_comparisons(
            [
                r
                for r in stats["by_phase"]
                if phase is None or r["number"] == phase_number
            ]
        ),
        "charts": chart_list,
        "project_rows": timeline_rows,
        "sampled": len(timeline_rows) < total_count,
    }


def _cached_overview(projects, *, key: str, **kwargs) -> dict:
    """_overview, cached until the data changes (and the day, for the timeline).

    The charts are most of its weight and the page caches their rendered cards,
    so they are read from the cache only when something asks for them (a cache
    miss of the cards, or a CSV download).
    """
    day = timezone.localdate().isoformat()

    def full() -> dict:
        return cached("overview", lambda: _overview(projects, **kwargs), key, day)

    def head() -> dict:
        return {name: value for name, value in full().items() if name != "charts"}

    context = dict(cached("overview-head", head, key, day))
    context["charts"] = SimpleLazyObject(lambda: full()["charts"])
    return context


PROJECT_PARAMS = [*ProjectFilterSet.base_filters, "page"]
PROJECT_BOUNDED = ["phase", "sector", "status", "province", "ordering", "page"]


@page_cache(["phase", "sector", "download"])
def home(request):
    phases = selectors.phase_rows()
    sectors = list(Sector.objects.all())
    # Only the phase and sector filters apply here; the list page has the rest.
    data = {k: request.GET[k] for k in ("phase", "sector") if request.GET.get(k)}
    filterset = ProjectFilterSet(data, queryset=selectors.project_list())
    for name in list(filterset.form.fields):
        if name not in {"phase", "sector"}:
            del filterset.form.fields[name]
    _use_selects(filterset.form, phases, sectors)
    phase = sector = None
    if _prepare_form(filterset.form):
        projects = filterset.qs
        phase = _chosen_phase(filterset, phases)
        sector = filterset.form.cleaned_data.get("sector")
        key = f"home:{phase and phase['number']}:{sector and sector.slug}"
        context = _cached_overview(projects, key=key, phases=phases, phase=phase)
    else:
        context = _overview(Project.objects.none(), phases=phases)
    response = _download(request, context["charts"], "cpec")
    if response is not None:
        return response
    context.update(
        {
            "filter": filterset,
            "form": filterset.form,
            "phase": phase,
            "sector": sector,
            "filtered": bool(data),
        }
    )
    response = render(request, "projects/home.html", context)
    return response if filterset.form.is_valid() else not_stored(response)


def _sort_headers(request) -> list[dict]:
    current = request.GET.get("ordering", "")
    headers = []
    for label, param, numeric in PROJECT_COLUMNS:
        if current == param:
            direction, next_value = "ascending", f"-{param}"
        elif current == f"-{param}":
            direction, next_value = "descending", param
        else:
            direction, next_value = None, param
        headers.append(
            {
                "label": label,
                "param": next_value,
                "direction": direction,
                "numeric": numeric,
            }
        )
    return headers


@page_cache(PROJECT_PARAMS, bounded=PROJECT_BOUNDED)
def project_list(request):
    phases = selectors.phase_rows()
    sectors = list(Sector.objects.all())
    filterset = ProjectFilterSet(request.GET, queryset=selectors.project_list())
    _use_selects(filterset.form, phases, sectors)
    for name in ("started_after", "started_before"):
        filterset.form.fields[name].widget.attrs["placeholder"] = (
            "YYYY, YYYY-MM or date"
        )
    valid = _prepare_form(filterset.form)
    projects = filterset.qs if valid else Project.objects.none()
    page = DeferredJoinPaginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(
        request.GET.get(name) for name in filterset.form.fields if name != "ordering"
    )
    response = render(
        request,
        "projects/project_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "valid": valid,
            "page": page,
            # The first, the last and two either side of this one: looping over
            # every page number would cost thousands of steps at 100,000 rows.
            "page_links": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "projects": page.object_list,
            "headers": _sort_headers(request),
            "filtered": filtered,
        },
    )
    # An invalid filter, or a page number that is not the page shown, is not kept.
    if not valid or request.GET.get("page", "1") != str(page.number):
        return not_stored(response)
    return response


def _field_label(model, name: str) -> str:
    if not name:
        return f"The {model._meta.verbose_name} as a whole"
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _citation_groups(citations, model=Project) -> list[dict]:
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
                "label": _field_label(model, name),
                "citations": items,
                "conflict": sources_disagree(items, model._meta.model_name),
            }
        )
    return result


def _history(project) -> list:
    """The latest edits of the project, each with the fields it changed."""
    return selectors.change_list(instance=project)[:HISTORY_LIMIT]


@page_cache(["download"])
def project_detail(request, slug):
    project = get_object_or_404(selectors.project_detail_queryset(), slug=slug)
    row = {
        "name": project.name,
        "slug": project.slug,
        "status": project.status,
        "province": project.province,
        "location": project.location,
        "latitude": project.latitude,
        "longitude": project.longitude,
        "capacity": project.capacity,
        "capacity_unit": project.capacity_unit,
        "cost_usd_million": project.cost_usd_million,
        "start_date": project.start_date,
        "start_date_precision": project.start_date_precision,
        "completion_date": project.completion_date,
        "completion_date_precision": project.completion_date_precision,
        "phase__number": project.phase.number,
        "sector__name": project.sector.name,
        "sector__slug": project.sector.slug,
        "sector__color": project.sector.color,
        "route": project.route,
    }
    meetings = list(project.meetings.all())
    meeting_rows = [
        {
            "id": m.pk,
            "kind": m.kind,
            "number": m.number,
            "title": m.title,
            "slug": m.slug,
            "date": m.date,
            "date_precision": m.date_precision,
            "city": m.city,
        }
        for m in meetings
    ]
    phase = project.phase
    phase_row = {
        "number": phase.number,
        "name": phase.name,
        "slug": phase.slug,
        "start_year": phase.start_year,
        "end_year": phase.end_year,
    }
    citations = list(project.citations.all())
    sources = sorted(
        {c.source.pk: c.source for c in citations}.values(),
        key=lambda s: (s.title, s.pk),
    )
    chart_list = []
    if project.has_coordinates:
        chart_list.append(charts.map_chart([row], slug="location", zoom=True))
    if project.start_date or project.completion_date:
        chart_list.append(
            charts.timeline_chart([row], meeting_rows, [phase_row], slug="dates")
        )
    for chart in chart_list:
        chart.sources = sources
    response = _download(request, chart_list, project.slug)
    if response is not None:
        return response
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "charts": chart_list,
            "citation_groups": _citation_groups(citations),
            "meetings": meetings,
            "history": _history(project),
            "history_limit": HISTORY_LIMIT,
        },
    )


def _group_page(
    request, group, projects, *, phase: dict | None, kind: str, citation_groups=()
):
    phases = selectors.phase_rows()
    context = _cached_overview(
        projects,
        key=f"{kind}:{group.slug}",
        phases=phases,
        phase=phase,
        extras=kind == "phase",
    )
    response = _download(request, context["charts"], group.slug)
    if response is not None:
        return response
    context.update(
        {
            "group": group,
            "kind": kind,
            "projects": projects,
            "citation_groups": citation_groups,
        }
    )
    return render(request, "projects/group_detail.html", context)


@page_cache(["download"])
def phase_detail(request, slug):
    phase = get_object_or_404(Phase, slug=slug)
    row = {
        "number": phase.number,
        "name": phase.name,
        "slug": phase.slug,
        "start_year": phase.start_year,
        "end_year": phase.end_year,
        "reported_investment_usd_million": phase.reported_investment_usd_million,
    }
    projects = selectors.project_list(phase=phase)
    groups = cached(
        "phase-citations",
        lambda: _citation_groups(list(selectors.citations_for(phase)), Phase),
        phase.pk,
    )
    return _group_page(
        request,
        phase,
        projects,
        phase=row,
        kind="phase",
        citation_groups=groups,
    )


@page_cache(["download"])
def sector_detail(request, slug):
    sector = get_object_or_404(Sector, slug=slug)
    projects = selectors.project_list(sector=sector)
    return _group_page(request, sector, projects, phase=None, kind="sector")


@page_cache([*MeetingFilterSet.base_filters, "download"])
def meeting_list(request):
    phases = selectors.phase_rows()
    filterset = MeetingFilterSet(
        request.GET, queryset=Meeting.objects.select_related("phase")
    )
    _use_selects(filterset.form, phases, [])
    valid = _prepare_form(filterset.form)
    meetings = list(filterset.qs) if valid else []
    rows = [
        {
            "id": m.pk,
            "kind": m.kind,
            "number": m.number,
            "title": m.title,
            "slug": m.slug,
            "date": m.date,
            "date_precision": m.date_precision,
            "city": m.city,
        }
        for m in meetings
    ]
    chart = charts.meetings_chart(rows)
    chart.sources = selectors.sources_supporting(meetings=[m.pk for m in meetings])
    response = _download(request, [chart], "meetings")
    if response is not None:
        return response
    response = render(
        request,
        "projects/meeting_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "valid": valid,
            "meetings": meetings,
            "charts": [chart],
            "filtered": any(request.GET.get(name) for name in filterset.form.fields),
        },
    )
    return response if valid else not_stored(response)


@page_cache()
def meeting_detail(request, slug):
    meeting = get_object_or_404(
        Meeting.objects.select_related("phase").prefetch_related(
            Prefetch("projects", queryset=Project.objects.with_related()),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source", "content_type"),
            ),
        ),
        slug=slug,
    )
    return render(
        request,
        "projects/meeting_detail.html",
        {
            "meeting": meeting,
            "projects": list(meeting.projects.all()),
            "citations": list(meeting.citations.all()),
        },
    )


@page_cache()
def source_list(request):
    return render(
        request,
        "projects/source_list.html",
        # Cached until the data changes: ranking the citations of a source that
        # supports 100,000 synthetic projects takes a while.
        {"sources": cached("source-list", selectors.source_list)},
    )


@never_cache
def health(request):
    """200 when the database answers; 503 (within the connect timeout) when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


CHANGES_PER_PAGE = 50


@page_cache(["page"])
def change_list(request):
    """Recent edits across the data set, newest first."""
    paginator = Paginator(selectors.change_list(), CHANGES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    response = render(request, "projects/change_list.html", {"page": page})
    if request.GET.get("page", "1") != str(page.number):
        return not_stored(response)
    return response
