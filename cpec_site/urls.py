"""Top-level URLs: the dashboard, the API and the admin."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from projects.security import serialised_sign_in
from projects.site import views as site_views


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
    # The load balancer's address, the same in every language.
    path("health/", site_views.health, name="health"),
]
# The public pages in each language: English unprefixed, /ur/ and /zh-hans/. The
# admin (editors work in English), the API (?lang= or Accept-Language) and the
# health check keep one address.
urlpatterns += i18n_patterns(
    path("", include("projects.site.urls")), prefix_default_language=False
)

handler404 = "projects.site.errors.page_not_found"
handler500 = "projects.site.errors.server_error"
