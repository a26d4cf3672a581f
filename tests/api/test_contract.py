"""The API's contract with the clients people use (issue 13): the schema built
twice, format over Accept, dates sent back as read, precision, OPTIONS, HEAD,
addresses without a slash, If-Match, and each record's two addresses."""

import json

import pytest
from django.test import override_settings
from openapi_spec_validator import validate
from rest_framework.test import APIRequestFactory

from projects.api.views import ProjectViewSet
from projects.models import Project

pytestmark = pytest.mark.django_db


def schema(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_built_twice_is_the_same_and_valid(api):
    first, second = schema(api), schema(api)
    validate(second)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    enums = sorted(name for name in second["components"]["schemas"] if "Enum" in name)
    assert "GeoJSONDocumentTypeEnum" in enums
    assert "DatePrecisionEnum" in enums


def test_the_schema_names_phases_as_the_data_does(api):
    text = json.dumps(schema(api))
    assert "phase-ii" not in text
    assert "phase-2" in text


@pytest.mark.parametrize(
    ("accept", "query", "media_type"),
    [
        # GDAL's GeoJSON driver.
        ("text/plain, application/json", "format=geojson", "application/geo+json"),
        ("text/html", "format=csv", "text/csv"),
        ("application/json", "format=csv", "text/csv"),
        ("text/csv;q=0.5, application/json;q=0.9", "", "application/json"),
        ("application/json;q=0.2, text/csv", "", "text/csv"),
        (
            "application/geo+json;q=1, application/json;q=0.1",
            "",
            "application/geo+json",
        ),
        ("*/*", "", "application/json"),
    ],
)
def test_format_wins_over_accept_and_q_values_count(
    api, data, accept, query, media_type
):
    response = api.get(f"/api/projects/?{query}", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(media_type)


def test_accept_with_only_refused_types_is_406(api, data):
    response = api.get(
        "/api/projects/", HTTP_ACCEPT="application/json;q=0, text/x-nope"
    )
    assert response.status_code == 406


def test_unknown_format_is_404(api, data):
    assert api.get("/api/projects/?format=xlsx").status_code == 404


def test_a_record_read_is_accepted_back_as_it_is(api, data, editor_api):
    for slug in ("ml-1", "rashakai", "sahiwal", "gwadar-airport"):
        body = api.get(f"/api/projects/{slug}/").json()
        put = editor_api.put(f"/api/projects/{slug}/", body, format="json")
        assert put.status_code == 200, put.json()
        assert {k: put.json()[k] for k in body if k != "route"} == {
            k: body[k] for k in body if k != "route"
        }
    meeting = api.get("/api/meetings/14th-jcc/").json()
    put = editor_api.put("/api/meetings/14th-jcc/", meeting, format="json")
    assert put.status_code == 200, put.json()


@pytest.mark.parametrize(
    ("sent", "shown", "precision"),
    [
        ({"start_date": "2002"}, "2002", "year"),
        ({"start_date": "2016-04"}, "2016-04", "month"),
        ({"start_date": "2016-04-10"}, "2016-04-10", "day"),
        (
            {"start_date": "2016-04-10", "start_date_precision": "month"},
            "2016-04",
            "month",
        ),
        ({"start_date": "2016", "start_date_precision": None}, "2016", "year"),
    ],
)
def test_partial_dates_are_taken_with_their_precision(
    editor_api, data, sent, shown, precision
):
    response = editor_api.patch("/api/projects/rashakai/", sent, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["start_date"] == shown
    assert response.json()["start_date_precision"] == precision


@pytest.mark.parametrize("value", ["2016-13", "16", "2016-02-30", 2016, "2016-4"])
def test_malformed_dates_are_400(editor_api, data, value):
    response = editor_api.patch(
        "/api/projects/rashakai/", {"start_date": value}, format="json"
    )
    assert response.status_code == 400
    assert "start_date" in response.json()


def test_a_precision_finer_than_the_date_sent_is_400(editor_api, data):
    response = editor_api.patch(
        "/api/projects/rashakai/",
        {"start_date": "2016", "start_date_precision": "day"},
        format="json",
    )
    assert response.status_code == 400
    assert "start_date_precision" in response.json()


def test_no_precision_without_a_date(api, data):
    row = api.get("/api/projects/ml-1/").json()
    assert row["completion_date"] is None
    assert row["completion_date_precision"] is None
    listed = {r["slug"]: r for r in api.get("/api/projects/").json()["results"]}
    assert listed["ml-1"]["completion_date_precision"] is None
    assert listed["sahiwal"]["completion_date_precision"] == "month"


def test_options_lists_the_export_formats(api, data):
    renders = api.options("/api/projects/").json()["renders"]
    assert {"application/json", "text/csv", "application/geo+json"} <= set(renders)
    assert "text/csv" in api.options("/api/sectors/").json()["renders"]
    assert "text/csv" not in api.options("/api/projects/sahiwal/").json()["renders"]


def test_head_of_a_csv_export_reads_no_row(data):
    view = ProjectViewSet.as_view({"get": "list"})
    factory = APIRequestFactory()
    get = view(factory.get("/api/projects/?format=csv"))
    head = view(factory.head("/api/projects/?format=csv"))
    assert head.status_code == 200
    for name in ("Content-Type", "Content-Disposition"):
        assert head[name] == get[name]
    # A server that drains a HEAD's body (runserver does) builds nothing.
    body = b"".join(head.streaming_content).decode()
    assert len(body.splitlines()) <= 1
    assert len(b"".join(get.streaming_content).decode().splitlines()) == 5


@pytest.mark.parametrize("debug", [False, True])
def test_writes_without_the_trailing_slash_work(editor_api, data, debug):
    with override_settings(DEBUG=debug):
        response = editor_api.patch(
            "/api/projects/sahiwal", {"location": "Sahiwal district"}, format="json"
        )
        assert response.status_code == 200
        assert Project.objects.get(slug="sahiwal").location == "Sahiwal district"
        created = editor_api.post(
            "/api/sectors", {"name": "Water", "color": "#123456"}, format="json"
        )
        assert created.status_code == 201
        assert editor_api.get("/api/sectors").status_code == 301
        assert editor_api.post("/api/nowhere", {}, format="json").status_code == 404


def test_if_match_is_honoured_on_writes(editor_api, data):
    read = editor_api.get("/api/projects/sahiwal/")
    etag = read["ETag"]
    assert etag.startswith('"')
    changed = editor_api.patch(
        "/api/projects/sahiwal/", {"location": "A"}, format="json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    for method in ("patch", "put", "delete"):
        stale = getattr(editor_api, method)(
            "/api/projects/sahiwal/",
            {"location": "B"} if method != "delete" else None,
            format="json",
            HTTP_IF_MATCH=etag,
        )
        assert stale.status_code == 412, method
    assert Project.objects.get(slug="sahiwal").location == "A"
    again = editor_api.get("/api/projects/sahiwal/")
    assert again["ETag"] == changed["ETag"]
    assert (
        editor_api.get(
            "/api/projects/sahiwal/", HTTP_IF_NONE_MATCH=again["ETag"]
        ).status_code
        == 304
    )
    gone = editor_api.delete("/api/sectors/industry/", HTTP_IF_MATCH='"nope"')
    assert gone.status_code == 412
    assert (
        editor_api.patch(
            "/api/sectors/industry/",
            {"name": "Industry"},
            format="json",
            HTTP_IF_MATCH="*",
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("path", "api_path", "page"),
    [
        ("/api/projects/", "/api/projects/sahiwal/", "/projects/sahiwal/"),
        ("/api/phases/", "/api/phases/phase-i/", "/phases/phase-i/"),
        ("/api/sectors/", "/api/sectors/energy/", "/sectors/energy/"),
        ("/api/meetings/", "/api/meetings/14th-jcc/", "/meetings/14th-jcc/"),
        ("/api/sources/", "/api/sources/dawn/", "/sources/?source=dawn#dawn"),
        ("/api/indicators/", "/api/indicators/exports/", None),
    ],
)
def test_every_record_has_its_api_and_page_addresses(api, data, path, api_path, page):
    rows = api.get(path).json()["results"]
    row = next(r for r in rows if r["api_url"].endswith(api_path))
    assert row["api_url"] == f"http://testserver{api_path}"
    assert row["html_url"] == (page and f"http://testserver{page}")
    detail = api.get(row["api_url"])
    assert detail.status_code == 200
    assert detail.json()["api_url"] == row["api_url"]
