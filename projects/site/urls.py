from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/<slug:slug>/", views.project_detail, name="project-detail"),
    path("phases/<slug:slug>/", views.phase_detail, name="phase-detail"),
    path("sectors/<slug:slug>/", views.sector_detail, name="sector-detail"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("changes/", views.change_list, name="change-list"),
    path("health/", views.health, name="health"),
]
