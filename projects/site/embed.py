"""A dashboard chart on a page of its own, for other sites to frame; and the
addresses a chart card offers (share, embed).

/embed/<chart>/?phase=...&sector=... takes the dashboard's filters and draws
just that chart, with its title, source line, licence and a link back. These
are the only pages another site may put in a frame: they drop X-Frame-Options
and relax the CSP's frame-ancestors, alone; every other page keeps DENY.
"""

from csp.decorators import csp_replace
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_exempt

from .. import selectors
from ..caching.policy import not_stored, page_cache
from ..exports.provenance import Provenance
from .downloads import page_address
from .views import (
    DASHBOARD_FILTERS,
    dashboard_filterset,
    dashboard_overview,
    dashboard_query,
)

# The pages whose charts are the dashboard's, and the filter their address implies.
CHART_PAGES = {"home": None, "phase-detail": "phase", "sector-detail": "sector"}
IFRAME_HEIGHT = 520


def dashboard_filters(request) -> dict[str, str] | None:
    """The dashboard filters this page's charts are drawn with; None if its charts
    are not the dashboard's (a project's, the meetings page's)."""
    match = request.resolver_match
    name = match.url_name if match else None
    if name not in CHART_PAGES:
        return None
    implied = CHART_PAGES[name]
    if implied:
        return {implied: match.kwargs["slug"]}
    return dashboard_query(request)


def embed_path(slug: str, filters: dict[str, str]) -> str:
    path = reverse("projects:embed", args=[slug])
    return f"{path}?{urlencode(sorted(filters.items()))}" if filters else path


def iframe_snippet(url: str, title: str) -> str:
    """The HTML another site pastes to show the chart (autoescaped where shown)."""
    return (
        f'<iframe src="{url}" title="{title}" width="100%" '
        f'height="{IFRAME_HEIGHT}" style="border:0" loading="lazy"></iframe>'
    )


def chart_exports(request, chart) -> dict:
    """What a chart card offers: its share link, embed snippet and provenance."""
    anchor = f"{chart.element_id}-card"
    share = page_address(request, anchor=anchor)
    filters = dashboard_filters(request)
    embed = None
    if filters is not None and not chart.empty:
        embed = request.build_absolute_uri(embed_path(chart.slug, filters))
    return {
        "share": share,
        "embed": embed,
        "iframe": iframe_snippet(embed, chart.title) if embed else "",
        "provenance": Provenance.current(page_address(request)),
        "filename": f"cpec-{chart.slug}",
    }


def _filter_errors(form) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in form.errors.items()}


@page_cache(DASHBOARD_FILTERS)
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed(request, chart):
    """One dashboard chart, framable; a bad filter is a 400 that names it."""
    data, filterset = dashboard_filterset(request)
    if not filterset.form.is_valid():
        context = {"errors": _filter_errors(filterset.form), "chart_slug": chart}
        response = render(request, "projects/embed.html", context, status=400)
        return not_stored(response)
    _, _, context = dashboard_overview(filterset, selectors.phase_rows())
    found = [c for c in context["charts"] if c.slug == chart]
    if not found:
        raise Http404("No such chart on the dashboard.")
    home = reverse("projects:home")
    query = urlencode(sorted(data.items()))
    full = f"{home}?{query}" if query else home
    page_url = request.build_absolute_uri(full)
    return render(
        request,
        "projects/embed.html",
        {
            "chart": found[0],
            "full_page": f"{full}#{found[0].element_id}-card",
            "provenance": Provenance.current(page_url),
            "filename": f"cpec-{chart}",
        },
    )
