from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, include, path, re_path, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .changes import ChangeListAPIView
from .oc4ids import OC4IDSView
from .root import APIRootView
from .routers import APIRouter


@csrf_exempt
def without_slash(request, *args, **kwargs):
    """An API address without its trailing slash.

    A read is redirected (301, as Django's APPEND_SLASH does); a write is
    answered by the address with the slash, as if it had been sent there: a
    redirect would drop its method and body, and APPEND_SLASH raises (a 500)
    under DEBUG. Addresses that do not exist with a slash either are a 404. The
    view reached keeps its own CSRF and permission checks (exempt here only).
    """
    target = request.path_info + "/"
    try:
        match = resolve(target, getattr(request, "urlconf", None))
    except Resolver404:
        match = None
    if match is None or match.func is without_slash:
        raise Http404(_("No such address."))
    if request.method in {"GET", "HEAD"}:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(
            request.path + "/" + (f"?{query}" if query else "")
        )
    return match.func(request, *match.args, **match.kwargs)


router = APIRouter()
router.APIRootView = APIRootView
router.register("projects", views.ProjectViewSet, basename="project")
router.register("phases", views.PhaseViewSet, basename="phase")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("sources", views.SourceViewSet, basename="source")
router.register("indicators", views.IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("stats/", views.StatsView.as_view(), name="api-stats"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("changes/", ChangeListAPIView.as_view(), name="api-changes"),
    path("oc4ids/", OC4IDSView.as_view(), name="api-oc4ids"),
    path("", include(router.urls)),
    # Last: an address without its trailing slash (see without_slash).
    re_path(r"^.*[^/]$", without_slash),
]
