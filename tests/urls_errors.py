"""The site's URLs plus views that fail, for the error-page tests."""

from django.db import OperationalError
from django.urls import path

from cpec_site.urls import handler404, handler500
from cpec_site.urls import urlpatterns as site_urlpatterns


def explode(request):
    raise RuntimeError("secret-internal-detail")


def database_down(request):
    raise OperationalError("connection refused")


urlpatterns = [
    path("boom/", explode),
    path("api/boom/", explode),
    path("db-down/", database_down),
    path("api/db-down/", database_down),
    *site_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
