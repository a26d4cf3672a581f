"""The API's root: its endpoints, and in a browser a description of the API."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import routers
from rest_framework.settings import api_settings

from ..exports.provenance import LICENCE_NAME, LICENCE_URL, SITE_NAME
from .pagination import GeoJSONPagination, StandardPagination

# (label, ?format= value, where it applies), in the order of the format menu.
FORMATS = (
    ("JSON", "json", gettext_lazy("every address; what a client gets by default")),
    (
        "CSV",
        "csv",
        gettext_lazy("every list, all the rows its filters select, streamed"),
    ),
    ("GeoJSON", "geojson", gettext_lazy("the projects list, in pages of features")),
    (
        gettext_lazy("Browsable API"),
        "api",
        gettext_lazy("these pages, in a web browser"),
    ),
)


def api_root_context() -> dict:
    """What the root describes, read from the settings the API runs with."""
    rates = api_settings.DEFAULT_THROTTLE_RATES
    return {
        "formats": FORMATS,
        "anon_rate": rates.get("anon"),
        "user_rate": rates.get("user"),
        "token_days": settings.API_TOKEN_TTL_DAYS,
        "page_size": StandardPagination.page_size,
        "max_page_size": StandardPagination.max_page_size,
        "geojson_page_size": GeoJSONPagination.page_size,
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "site_name": _(SITE_NAME),
    }


class APIRootView(routers.APIRootView):
    """The API's front page: its endpoints as JSON; in a browser, also what it
    serves, in which formats, for whom, at what rate and under what licence."""

    def get_view_name(self):
        return _("CPEC Tracker API")

    def get_view_description(self, html=False):
        if not html:
            return _(
                "Projects, phases, sectors, meetings, sources and indicators of "
                "the China-Pakistan Economic Corridor, every figure with its source."
            )
        return render_to_string(
            "rest_framework/api_root_description.html", api_root_context()
        )
