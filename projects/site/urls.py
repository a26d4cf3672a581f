from django.urls import path

from . import data, views

app_name = "projects"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/<slug:slug>/", views.project_detail, name="project-detail"),
    path("phases/", views.phase_list, name="phase-list"),
    path("phases/<slug:slug>/", views.phase_detail, name="phase-detail"),
    path("sectors/", views.sector_list, name="sector-list"),
    path("sectors/<slug:slug>/", views.sector_detail, name="sector-detail"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("changes/", views.change_list, name="change-list"),
    path("data/", data.data_page, name="data"),
    path("data/files/<str:name>", data.data_file, name="data-file"),
    path("health/", views.health, name="health"),
]
