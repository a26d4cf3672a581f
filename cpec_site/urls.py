"""Top-level URLs: the dashboard, the API and the admin."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from projects.security import serialised_sign_in


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on every page, the admin's included."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: the hashed name exists only after collectstatic.
        return static("favicon.svg")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    # Before the admin's own login/ address, which it replaces.
    path("admin/login/", serialised_sign_in(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/", include("projects.api.urls")),
    path("", include("projects.site.urls")),
]

handler404 = "projects.site.errors.page_not_found"
handler500 = "projects.site.errors.server_error"
