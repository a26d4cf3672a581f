"""Projects: fields, dates, numbers, detail, filters and paging."""

import csv
import io
import json
from decimal import Decimal

import pytest

from projects.api.pagination import StandardPagination
from projects.models import Project
from tests.api.helpers import geojson_body, slugs
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


PROJECT_FIELDS = {
    "slug",
    "name",
    "phase",
    "sector",
    "status",
    "province",
    "location",
    "latitude",
    "longitude",
    "capacity",
    "capacity_unit",
    "cost_usd_million",
    "start_date",
    "start_date_precision",
    "completion_date",
    "completion_date_precision",
    "works",
    "aliases",
    "sponsors",
    "description",
    "url",
    "is_synthetic",
    "api_url",
    "html_url",
    # The Urdu and Chinese beside the English (null where there is none).
    "name_ur",
    "name_zh_hans",
    "location_ur",
    "location_zh_hans",
    "description_ur",
    "description_zh_hans",
}


def test_project_list_has_the_contract_fields(api, data):
    response = api.get("/api/projects/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert set(body) == {"count", "next", "previous", "results"}
    for row in body["results"]:
        assert set(row) == PROJECT_FIELDS


def test_project_nests_phase_and_sector_as_summaries(api, data):
    row = api.get("/api/projects/sahiwal/").json()
    assert row["phase"] == {"number": 1, "name": "Phase I", "slug": "phase-i"}
    assert row["sector"] == {"slug": "energy", "name": "Energy"}


def test_project_dates_are_shown_at_their_stored_precision(api, data):
    ml1 = api.get("/api/projects/ml-1/").json()
    assert ml1["start_date"] == "2016"
    assert ml1["start_date_precision"] == "year"
    assert ml1["completion_date"] is None
    sahiwal = api.get("/api/projects/sahiwal/").json()
    assert sahiwal["start_date"] == "2014-07-31"
    assert sahiwal["completion_date"] == "2017-10"
    assert sahiwal["completion_date_precision"] == "month"


def test_project_numbers_are_json_numbers(api, data):
    raw = api.get("/api/projects/sahiwal/").content.decode()
    row = json.loads(raw)
    assert row["cost_usd_million"] == 1912
    assert isinstance(row["latitude"], float)
    assert '"cost_usd_million":1912.0' in raw


def test_project_url_is_the_absolute_public_page(api, data):
    row = api.get("/api/projects/sahiwal/").json()
    assert row["url"] == "http://testserver/projects/sahiwal/"


def test_project_detail_adds_citations_and_meetings(api, data):
    row = api.get("/api/projects/sahiwal/").json()
    assert set(row) == PROJECT_FIELDS | {
        "route",
        "citations",
        "meetings",
        "translated_by",
    }
    assert row["route"] == []
    assert row["citations"] == [
        {
            "source": {
                "slug": "dawn",
                "kind": "news",
                "title": "Dawn article",
                "publisher": data["source"].publisher,
                "url": data["source"].url,
                "published_on": "2025-09-22",
            },
            "field": "cost_usd_million",
            "reported_value": "$1.912bn",
            "value": "1912",
            "locator": "paragraph 2",
            "is_headline": True,
            "is_planned": False,
            "note": "",
        }
    ]
    assert row["meetings"] == []
    ml1 = api.get("/api/projects/ml-1/").json()
    assert [m["slug"] for m in ml1["meetings"]] == ["14th-jcc"]
    assert ml1["meetings"][0]["date"] == "2025-09-26"


def test_unknown_project_is_404(api, data):
    assert api.get("/api/projects/no-such-project/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("phase=2", ["ml-1", "rashakai"]),
        ("phase=phase-i", ["gwadar-airport", "sahiwal"]),
        ("sector=transport", ["ml-1", "gwadar-airport"]),
        ("status=operational", ["gwadar-airport", "sahiwal"]),
        ("province=balochistan", ["gwadar-airport"]),
        ("q=railway", ["ml-1"]),
        ("q=huaneng", ["sahiwal"]),
        ("min_cost=1000", ["ml-1", "sahiwal"]),
        ("max_cost=1912", ["gwadar-airport", "sahiwal"]),
        ("started_after=2019", ["gwadar-airport", "rashakai"]),
        ("started_before=2016-12", ["ml-1", "sahiwal"]),
        (
            "ordering=-cost_usd_million",
            ["ml-1", "sahiwal", "gwadar-airport", "rashakai"],
        ),
        (
            "ordering=cost_usd_million",
            ["gwadar-airport", "sahiwal", "ml-1", "rashakai"],
        ),
        ("ordering=phase,-name", ["sahiwal", "gwadar-airport", "rashakai", "ml-1"]),
    ],
)
def test_project_list_filters(api, data, query, expected):
    response = api.get(f"/api/projects/?{query}")
    assert response.status_code == 200
    assert slugs(response) == expected


def test_project_list_combines_filters(api, data):
    response = api.get("/api/projects/?sector=transport&status=operational")
    assert slugs(response) == ["gwadar-airport"]


@pytest.mark.parametrize(
    ("query", "parameter", "allowed"),
    [
        ("phase=9", "phase", "1 or phase-i"),
        ("sector=water", "sector", "energy, industry, transport"),
        ("status=done", "status", "under_construction"),
        ("province=delhi", "province", "gilgit_baltistan"),
        ("min_cost=abc", "min_cost", "number"),
        ("max_cost=-5", "max_cost", "greater than or equal to 0"),
        ("started_after=2016-13", "started_after", "YYYY-MM"),
        ("started_before=yesterday", "started_before", "YYYY"),
        ("ordering=colour", "ordering", "cost_usd_million"),
        ("q=" + "x" * 201, "q", "200"),
    ],
)
def test_invalid_filter_is_400_naming_the_parameter_and_what_is_allowed(
    api, data, query, parameter, allowed
):
    response = api.get(f"/api/projects/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter]
    assert allowed in " ".join(body[parameter])


def test_page_size_above_the_maximum_is_clamped(api, monkeypatch):
    assert StandardPagination.max_page_size == 500
    monkeypatch.setattr(StandardPagination, "max_page_size", 3)
    ProjectFactory.create_batch(5)
    body = api.get("/api/projects/?page_size=1000").json()
    assert body["count"] == 5
    assert len(body["results"]) == 3
    assert "page=2" in body["next"]


def test_default_page_size_and_next_page(api, monkeypatch):
    monkeypatch.setattr(StandardPagination, "page_size", 2)
    ProjectFactory.create_batch(3)
    first = api.get("/api/projects/").json()
    assert len(first["results"]) == 2
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    names = [r["name"] for r in first["results"] + second["results"]]
    assert len(set(names)) == 3


def test_page_past_the_end_is_404(api, data):
    assert api.get("/api/projects/?page=99").status_code == 404


def test_project_list_fast_path_gives_what_the_declared_fields_give(data):
    from rest_framework import serializers as drf
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from projects.api.serializers import ProjectSerializer

    ProjectFactory(slug="synthetic-1", is_synthetic=True, cost_usd_million=None)
    request = Request(APIRequestFactory().get("/api/projects/", secure=True))
    serializer = ProjectSerializer(context={"request": request})
    projects = list(Project.objects.with_related())
    assert len(projects) == 5
    for project in projects:
        fast = serializer.to_representation(project)
        generic = drf.ModelSerializer.to_representation(serializer, project)
        assert list(fast) == list(generic)
        assert fast == generic


def test_synthetic_projects_are_flagged_in_json_csv_and_geojson(api, data):
    ProjectFactory(
        slug="synthetic-1",
        is_synthetic=True,
        latitude=Decimal("30"),
        longitude=Decimal("70"),
    )
    rows = {r["slug"]: r for r in api.get("/api/projects/").json()["results"]}
    assert rows["synthetic-1"]["is_synthetic"] is True
    assert rows["sahiwal"]["is_synthetic"] is False
    text = b"".join(api.get("/api/projects/?format=csv").streaming_content).decode()
    table = {r["Slug"]: r for r in csv.DictReader(io.StringIO(text))}
    assert table["synthetic-1"]["Synthetic"] == "true"
    assert table["sahiwal"]["Synthetic"] == "false"
    features = geojson_body(api.get("/api/projects/?format=geojson"))["features"]
    flags = {f["id"]: f["properties"]["is_synthetic"] for f in features}
    assert flags["synthetic-1"] is True
    assert flags["sahiwal"] is False


def test_deep_api_pages_keep_the_page_number_contract(api, data):
    ProjectFactory.create_batch(7)
    everything = slugs(api.get("/api/projects/?page_size=100"))
    assert len(everything) == 11
    pages = []
    for number in (1, 2, 3, 4):
        body = api.get(f"/api/projects/?page_size=3&page={number}").json()
        assert body["count"] == 11
        pages += [row["slug"] for row in body["results"]]
    assert pages == everything
    last = api.get("/api/projects/?page_size=3&page=4").json()
    assert last["next"] is None
    assert last["previous"].endswith("page=3&page_size=3")
    assert api.get("/api/projects/?page_size=3&page=5").status_code == 404


def test_deep_pages_read_ids_from_chunks(api, data, monkeypatch):
    from projects.caching import paging

    monkeypatch.setattr(paging, "ID_CHUNK", 4)
    ProjectFactory.create_batch(7)
    everything = slugs(api.get("/api/projects/?page_size=100&ordering=-name"))
    pages = []
    for number in (1, 2, 3):
        body = api.get(f"/api/projects/?page_size=5&page={number}&ordering=-name")
        pages += slugs(body)
    # Page 2 spans the chunks [4, 8) and [8, 12); the order is kept.
    assert pages == everything
