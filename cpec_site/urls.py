"""Top-level URLs: the dashboard, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("projects.api.urls")),
    path("", include("projects.urls")),
]
