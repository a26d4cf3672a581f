"""The browsable API's root describes the API; every format is in the menu."""

import re

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db


def html(api, path):
    response = api.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    return response.content.decode()


def format_menu(page: str) -> list[str]:
    return re.findall(r'format-option" href="[^"]*\?format=(\w+)"', page)


def test_root_describes_the_api_and_links_its_docs_and_the_site(api):
    page = html(api, "/api/")
    assert "<h1>CPEC Tracker API</h1>" in page
    for link in ('href="/api/docs/"', 'href="/api/schema/"', 'href="/"'):
        assert link in page
    for fact in ("JSON", "CSV", "GeoJSON", "Browsable API", "Token", "RateLimit"):
        assert fact in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in page
    assert "up to 500" in page  # the page size's maximum, read from the paginator
    assert "expires after 90 days" in page  # DJANGO_API_TOKEN_TTL_DAYS


def test_root_states_the_rate_limits_in_force(api):
    rates = {"anon": "77/minute", "user": "88/minute"}
    # DRF reloads its settings when they change, as the throttles do.
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        page = html(api, "/api/")
    assert "77/minute per address" in page and "88/minute per signed-in user" in page


def test_root_as_json_is_still_the_map_of_endpoints(api):
    body = api.get("/api/").json()
    assert body["docs"] == "http://testserver/api/docs/"
    assert all(value.startswith("http://testserver/api/") for value in body.values())


@pytest.mark.parametrize(
    ("path", "formats"),
    [
        ("/api/", ["json", "api"]),
        ("/api/projects/", ["json", "api", "csv", "geojson"]),
        ("/api/sources/", ["json", "api", "csv"]),
        ("/api/projects/sahiwal/", ["json", "api"]),
    ],
)
def test_format_menu_lists_every_format_the_address_serves(api, data, path, formats):
    assert format_menu(html(api, path)) == formats
    for name in formats:
        if name != "api":
            assert api.get(path, {"format": name}).status_code == 200
