"""Server-rendered pages."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import dashboard, selectors
from ..caching.paging import DeferredJoinPaginator
from ..caching.policy import not_stored, page_cache, refused
from ..caching.store import cached
from ..filters import MeetingFilterSet, ProjectFilterSet
from ..models import Citation, Meeting, Phase, Project, Sector
from .downloads import download
from .forms import (
    chosen_phase,
    page_links,
    prepare_form,
    sort_headers,
    use_selects,
)
from .health import health_report

PAGE_SIZE = 25
HISTORY_LIMIT = 20

PROJECT_PARAMS = [*ProjectFilterSet.base_filters, "page"]
PROJECT_BOUNDED = ["phase", "sector", "status", "province", "ordering", "page"]


DASHBOARD_FILTERS = ("phase", "sector")


def dashboard_query(request) -> dict[str, str]:
    """The dashboard filters the request gives (the empty ones left out)."""
    return {k: request.GET[k] for k in DASHBOARD_FILTERS if request.GET.get(k)}


def dashboard_filterset(request) -> tuple[dict, ProjectFilterSet]:
    """The filters given and a FilterSet of the dashboard's own: phase and sector
    (the list page has the rest). The dashboard and the embed pages share it."""
    data = dashboard_query(request)
    filterset = ProjectFilterSet(data, queryset=selectors.project_list())
    for name in list(filterset.form.fields):
        if name not in DASHBOARD_FILTERS:
            del filterset.form.fields[name]
    return data, filterset


def dashboard_overview(filterset, phases: list[dict]) -> tuple:
    """(phase, sector, overview) for a valid dashboard filter, cached per filter."""
    phase = chosen_phase(filterset, phases)
    sector = filterset.form.cleaned_data.get("sector")
    key = f"home:{phase and phase['number']}:{sector and sector.slug}"
    context = dashboard.cached_overview(
        filterset.qs, key=key, phases=phases, phase=phase
    )
    return phase, sector, context


@page_cache([*DASHBOARD_FILTERS, "download"])
def home(request):
    phases = selectors.phase_rows()
    sectors = cached("sector-choices", selectors.sector_choices)
    phase_counts = cached("phase-counts", selectors.phase_project_counts)
    data, filterset = dashboard_filterset(request)
    use_selects(filterset.form, phases, sectors, phase_counts)
    phase = sector = None
    if prepare_form(filterset.form):
        phase, sector, context = dashboard_overview(filterset, phases)
    else:
        context = dashboard.overview(Project.objects.none(), phases=phases)
        # Refused filters: the empty cards are rendered, never kept.
        context.update(charts_key="", charts_seconds=0)
    response = download(request, context["charts"], "cpec")
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
    return response if filterset.form.is_valid() else refused(response)


@page_cache(PROJECT_PARAMS, bounded=PROJECT_BOUNDED)
def project_list(request):
    phases = selectors.phase_rows()
    sectors = cached("sector-choices", selectors.sector_choices)
    phase_counts = cached("phase-counts", selectors.phase_project_counts)
    filterset = ProjectFilterSet(request.GET, queryset=selectors.project_list())
    use_selects(filterset.form, phases, sectors, phase_counts)
    for name in ("started_after", "started_before"):
        filterset.form.fields[name].widget.attrs["placeholder"] = (
            "YYYY, YYYY-MM or date"
        )
    valid = prepare_form(filterset.form)
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
            "page_links": page_links(page),
            "projects": page.object_list,
            "headers": sort_headers(request),
            "filtered": filtered,
        },
    )
    if not valid:
        return refused(response)
    # A page number that is not the page shown is not kept.
    if request.GET.get("page", "1") != str(page.number):
        return not_stored(response)
    return response


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
    response = download(request, chart_list, project.slug)
    if response is not None:
        return response
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "charts": chart_list,
            "citation_groups": dashboard.citation_groups(citations),
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
    response = download(request, context["charts"], group.slug)
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
        lambda: dashboard.citation_groups(list(selectors.citations_for(phase)), Phase),
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
    use_selects(filterset.form, phases, [])
    valid = prepare_form(filterset.form)
    meetings = list(filterset.qs) if valid else []
    chart_list = dashboard.meeting_charts(meetings)
    response = download(request, chart_list, "meetings")
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
    return response if valid else refused(response)


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
def phase_list(request):
    phases = selectors.with_project_totals(Phase.objects.all()).order_by("number")
    lead = _(
        "CPEC's phases as the official documents set them out, each with the "
        "projects this tracker follows in it."
    )
    context = {"kind": "phase", "title": _("Phases"), "lead": lead, "groups": phases}
    return render(request, "projects/group_list.html", context)


@page_cache()
def sector_list(request):
    sectors = selectors.with_project_totals(Sector.objects.all()).order_by("name")
    lead = _("The fields CPEC invests in, each with the projects tracked in it.")
    context = {"kind": "sector", "title": _("Sectors"), "lead": lead, "groups": sectors}
    return render(request, "projects/group_list.html", context)


@never_cache
def health(request):
    """200 when the database answers ("degraded" without the shared cache); 503
    within PROBE_SECONDS when it does not (projects/site/health.py)."""
    body, status = health_report()
    return JsonResponse(body, status=status)


CHANGES_PER_PAGE = 50


@page_cache(["page"])
def change_list(request):
    """Recent edits across the data set, newest first; the initial load is one
    line, not a row for each record it created."""
    loaded = selectors.changes.initial_load()
    feed = selectors.change_list(since=loaded.until if loaded else None)
    if loaded and loaded.until is None:
        feed = []  # Nothing has happened since the load.
    paginator = Paginator(feed, CHANGES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"page": page, "initial_load": loaded}
    response = render(request, "projects/change_list.html", context)
    if request.GET.get("page", "1") != str(page.number):
        return not_stored(response)
    return response
