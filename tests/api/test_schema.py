"""The OpenAPI schema, the docs page and the browsable API."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_api_root_links_every_endpoint(api):
    body = api.get("/api/").json()
    for name in [
        "projects",
        "phases",
        "sectors",
        "meetings",
        "sources",
        "indicators",
        "stats",
        "schema",
        "docs",
    ]:
        assert body[name] == f"http://testserver/api/{name}/"


def test_schema_is_openapi_3_and_documents_partial_dates(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/projects/{slug}/" in schema["paths"]
    start = schema["components"]["schemas"]["Project"]["properties"]["start_date"]
    assert "never padded" in start["description"]
    parameters = {
        p["name"] for p in schema["paths"]["/api/projects/"]["get"]["parameters"]
    }
    assert {
        "phase",
        "sector",
        "status",
        "province",
        "q",
        "min_cost",
        "max_cost",
        "started_after",
        "started_before",
        "ordering",
        "page",
        "page_size",
        "format",
    } <= parameters
    delete = schema["paths"]["/api/sectors/{slug}/"]["delete"]["responses"]
    assert {"204", "403", "404", "409"} <= set(delete)
    patch = schema["paths"]["/api/projects/{slug}/"]["patch"]["responses"]
    assert {"400", "412", "413"} <= set(patch)
    listed = schema["paths"]["/api/projects/"]["get"]["responses"]
    assert set(listed["200"]["content"]) == {
        "application/json",
        "text/csv",
        "application/geo+json",
    }
    assert "400" in listed


def test_swagger_ui_is_served_from_our_own_static_files_without_inline_script(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "//cdn" not in html and "https://" not in html
    scripts = html.split("<script")[1:]
    assert scripts and all(s.lstrip().startswith("src=") for s in scripts)
    script = api.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_browsable_api_pages_have_no_inline_script(api, data):
    for path in ["/api/", "/api/projects/?phase=2", "/api/stats/"]:
        response = api.get(path, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        html = response.content.decode()
        tags = [tag.split(">")[0] for tag in html.split("<script")[1:]]
        # Only file scripts, and DRF's CSRF token as a JSON data block.
        assert all("src=" in tag or 'type="application/json"' in tag for tag in tags)


def test_schema_generates_without_warnings_and_validates(tmp_path):

    target = tmp_path / "schema.yml"
    # --fail-on-warn turns any drf-spectacular warning into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/stats/" in target.read_text()
