from django.urls import path

from . import about, data, embed, search, views

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
    path("sources/", search.source_list, name="source-list"),
    path("search/", search.search, name="search"),
    path("changes/", views.change_list, name="change-list"),
    path("about/", about.about, name="about"),
    path("data/", data.data_page, name="data"),
    path("data/files/<str:name>", data.data_file, name="data-file"),
    path("embed/<slug:chart>/", embed.embed, name="embed"),
]
