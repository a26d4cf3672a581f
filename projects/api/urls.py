from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .changes import ChangeListAPIView
from .routers import APIRouter

router = APIRouter()
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
    path("", include(router.urls)),
]
