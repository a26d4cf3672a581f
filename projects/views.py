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
from django.utils.text import capfirst
from django.views.decorators.cache import never_cache

from . import charts, dashboard, selectors
from .caching.paging import DeferredJoinPaginator
from .caching.policy import not_stored, page_cache
from .caching.store import cached
from .filters import MeetingFilterSet, ProjectFilterSet
from .models import Citation, Meeting, Phase, Project, Sector
from .reported import sources_disagree

PAGE_SIZE = 25
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
        context = dashboard.cached_overview(
            projects, key=key, phases=phases, phase=phase
        )
    else:
        context = dashboard.overview(Project.objects.none(), phases=phases)
        # Refused filters: the empty cards are rendered, never kept.
        context.update(charts_key="", charts_seconds=0)
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
    meetings = list(project.meetings.all())
    citations = list(project.citations.all())
    chart_list = dashboard.project_charts(
        project, meetings=meetings, citations=citations
    )
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
    context = dashboard.cached_overview(
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
    chart_list = dashboard.meeting_charts(meetings)
    response = _download(request, chart_list, "meetings")
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
            "charts": chart_list,
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
