"""The REST API: fields, filters, formats, aggregates, permissions, history, limits."""

import csv
import datetime
import io
import json
import secrets
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.api.pagination import StandardPagination
from projects.choices import DatePrecision, MeetingKind, Province, Status
from projects.models import Citation, Indicator, Meeting, Phase, Project, Sector
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)

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
    "sponsors",
    "description",
    "url",
    "is_synthetic",
}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def data():
    """Four projects over two phases and three sectors, with known expectations."""
    phase1 = PhaseFactory(
        number=1,
        name="Phase I",
        slug="phase-i",
        reported_investment_usd_million=Decimal("33000"),
    )
    phase2 = PhaseFactory(number=2, name="Phase II", slug="phase-ii")
    energy = SectorFactory(name="Energy", slug="energy", color="#1d70b8")
    transport = SectorFactory(name="Transport", slug="transport", color="#00703c")
    industry = SectorFactory(name="Industry", slug="industry", color="#6f72af")
    sahiwal = ProjectFactory(
        name="Sahiwal Coal Power Plant",
        slug="sahiwal",
        phase=phase1,
        sector=energy,
        status=Status.OPERATIONAL,
        province=Province.PUNJAB,
        location="Sahiwal",
        sponsors="Huaneng Shandong Ruyi",
        cost_usd_million=Decimal("1912.00"),
        start_date=datetime.date(2014, 7, 31),
        start_date_precision=DatePrecision.DAY,
        completion_date=datetime.date(2017, 10, 28),
        completion_date_precision=DatePrecision.MONTH,
    )
    ml1 = ProjectFactory(
        name="ML-1 Railway Upgrade",
        slug="ml-1",
        phase=phase2,
        sector=transport,
        status=Status.PLANNED,
        province=Province.MULTIPLE,
        location="Karachi to Peshawar",
        latitude=None,
        longitude=None,
        capacity=Decimal("1726"),
        capacity_unit="km",
        cost_usd_million=Decimal("6700.00"),
        start_date=datetime.date(2016, 1, 1),
        start_date_precision=DatePrecision.YEAR,
        completion_date=None,
    )
    airport = ProjectFactory(
        name="New Gwadar International Airport",
        slug="gwadar-airport",
        phase=phase1,
        sector=transport,
        status=Status.OPERATIONAL,
        province=Province.BALOCHISTAN,
        location="Gwadar",
        latitude=Decimal("25.233000"),
        longitude=Decimal("62.328000"),
        capacity=None,
        capacity_unit="",
        cost_usd_million=Decimal("246.00"),
        start_date=datetime.date(2019, 3, 29),
        completion_date=datetime.date(2024, 10, 1),
        completion_date_precision=DatePrecision.MONTH,
    )
    rashakai = ProjectFactory(
        name="Rashakai Special Economic Zone",
        slug="rashakai",
        phase=phase2,
        sector=industry,
        status=Status.UNDER_CONSTRUCTION,
        province=Province.KHYBER_PAKHTUNKHWA,
        location="Nowshera",
        latitude=Decimal("34.100000"),
        longitude=Decimal("71.900000"),
        capacity=Decimal("1000"),
        capacity_unit="acres",
        cost_usd_million=None,
        start_date=datetime.date(2020, 5, 1),
        start_date_precision=DatePrecision.MONTH,
        completion_date=None,
    )
    jcc = MeetingFactory(
        kind=MeetingKind.JCC,
        number=14,
        title="14th JCC",
        slug="14th-jcc",
        date=datetime.date(2025, 9, 26),
        phase=phase2,
    )
    jcc.projects.set([ml1, rashakai])
    source = SourceFactory(
        title="Dawn article",
        slug="dawn",
    )
    CitationFactory(
        source=source,
        content_object=sahiwal,
        field="cost_usd_million",
        reported_value="$1.912bn",
        value_number=Decimal("1912"),
        locator="paragraph 2",
        is_headline=True,
    )
    indicator = IndicatorFactory(name="Exports to China", slug="exports", year=2024)
    CitationFactory(source=source, content_object=indicator, locator="table 1")
    return {
        "phases": (phase1, phase2),
        "sectors": (energy, transport, industry),
        "projects": (sahiwal, ml1, airport, rashakai),
        "meeting": jcc,
        "source": source,
        "indicator": indicator,
    }


def _user(username, *, perms=False):
    user = User.objects.create_user(username, password=secrets.token_hex(12))
    if perms:
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label="projects")
        )
    return user


@pytest.fixture
def editor():
    return _user("editor", perms=True)


@pytest.fixture
def reader():
    return _user("reader")


def _token_client(user):
    client = APIClient()
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


# Fields and detail.


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
    assert set(row) == PROJECT_FIELDS | {"route", "citations", "meetings"}
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


def test_phase_detail_by_slug_or_number(api, data):
    by_slug = api.get("/api/phases/phase-ii/").json()
    by_number = api.get("/api/phases/2/").json()
    assert by_slug == by_number
    assert by_slug["number"] == 2
    assert api.get("/api/phases/3/").status_code == 404


def test_phase_list_counts_projects_apart_from_the_reported_figure(api, data):
    rows = api.get("/api/phases/").json()["results"]
    assert [r["number"] for r in rows] == [1, 2]
    phase1 = rows[0]
    assert {
        "number",
        "name",
        "slug",
        "start_year",
        "end_year",
        "reported_investment_usd_million",
    } <= set(phase1)
    assert phase1["reported_investment_usd_million"] == 33000
    assert phase1["project_count"] == 2
    assert phase1["known_cost_usd_million"] == 1912 + 246
    assert rows[1]["known_cost_usd_million"] == 6700
    assert (phase1["unknown_cost_count"], rows[1]["unknown_cost_count"]) == (0, 1)


def test_sector_list_fields(api, data):
    rows = api.get("/api/sectors/").json()["results"]
    assert [r["slug"] for r in rows] == ["energy", "industry", "transport"]
    transport = rows[2]
    assert transport["color"] == "#00703c"
    assert transport["project_count"] == 2
    assert transport["known_cost_usd_million"] == 6700 + 246
    # Industry's one project has no cost: known 0, one unknown.
    assert rows[1]["known_cost_usd_million"] == 0
    assert rows[1]["unknown_cost_count"] == 1
    assert transport["unknown_cost_count"] == 0
    assert transport["url"] == "http://testserver/sectors/transport/"


def test_meeting_list_and_detail(api, data):
    rows = api.get("/api/meetings/").json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert {
        "slug",
        "kind",
        "number",
        "title",
        "date",
        "city",
        "country",
        "phase",
        "summary",
        "outcomes",
        "projects",
    } <= set(row)
    assert row["phase"] == {"number": 2, "name": "Phase II", "slug": "phase-ii"}
    assert [p["slug"] for p in row["projects"]] == ["ml-1", "rashakai"]
    detail = api.get("/api/meetings/14th-jcc/").json()
    assert detail["projects"][0]["url"] == "http://testserver/projects/ml-1/"
    assert detail["citations"] == []


def test_meeting_date_keeps_its_precision(api, data):
    MeetingFactory(
        title="Summit",
        slug="summit",
        kind=MeetingKind.SUMMIT,
        date=datetime.date(2015, 4, 20),
        date_precision=DatePrecision.MONTH,
    )
    row = api.get("/api/meetings/summit/").json()
    assert row["date"] == "2015-04"
    assert row["date_precision"] == "month"


def test_source_list_counts_citations_and_detail_adds_text(api, data):
    rows = api.get("/api/sources/").json()["results"]
    assert rows[0]["slug"] == "dawn"
    assert rows[0]["citation_count"] == 2
    assert "text" not in rows[0]
    detail = api.get("/api/sources/dawn/").json()
    assert detail["kind"] == "news"
    assert "text" not in detail


def test_source_detail_lists_what_it_supports(api, data):
    supports = api.get("/api/sources/dawn/").json()["supports"]
    assert {
        "record": {
            "type": "project",
            "slug": "sahiwal",
            "name": "Sahiwal Coal Power Plant",
            "url": "http://testserver/projects/sahiwal/",
        },
        "field": "cost_usd_million",
        "reported_value": "$1.912bn",
        "value": "1912",
        "locator": "paragraph 2",
        "is_headline": True,
        "is_planned": False,
        "note": "",
    } in supports
    indicator = next(s for s in supports if s["record"]["type"] == "indicator")
    assert indicator["record"] == {
        "type": "indicator",
        "slug": "exports",
        "name": "Exports to China",
        "url": None,
    }


def test_a_source_detail_shows_its_first_facts_and_counts_them_all(
    api, django_assert_max_num_queries
):
    from projects.selectors import SUPPORTS_SHOWN

    call_command("seed_synthetic", projects=SUPPORTS_SHOWN + 5, seed=1)
    with django_assert_max_num_queries(4):
        body = api.get("/api/sources/synthetic-data/").json()
    assert body["citation_count"] == SUPPORTS_SHOWN + 5
    assert len(body["supports"]) == SUPPORTS_SHOWN
    records = [row["record"]["slug"] for row in body["supports"]]
    assert records == [f"synthetic-{i:06d}" for i in range(1, SUPPORTS_SHOWN + 1)]


def test_a_source_without_an_address_has_a_null_url(api, data):
    SourceFactory(title="Unrecorded page", slug="unrecorded", url="")
    row = api.get("/api/sources/unrecorded/").json()
    assert row["url"] is None
    assert api.get("/api/sources/dawn/").json()["url"] == data["source"].url


def test_indicator_list_and_detail(api, data):
    rows = api.get("/api/indicators/").json()["results"]
    assert rows[0] == {
        "slug": "exports",
        "name": "Exports to China",
        "value": 3,
        "unit": "US$ billion",
        "year": 2024,
        "description": "",
    }
    detail = api.get("/api/indicators/exports/").json()
    assert [c["source"]["slug"] for c in detail["citations"]] == ["dawn"]


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


# Filters through the API (the FilterSet itself is tested in test_filters.py).


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


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=jcc", ["14th-jcc"]),
        ("kind=summit", ["summit-2015"]),
        ("phase=2", ["14th-jcc"]),
        ("phase=phase-i", ["summit-2015"]),
        ("year=2015", ["summit-2015"]),
        ("ordering=-date", ["14th-jcc", "summit-2015"]),
    ],
)
def test_meeting_list_filters(api, data, query, expected):
    MeetingFactory(
        kind=MeetingKind.SUMMIT,
        title="Summit 2015",
        slug="summit-2015",
        date=datetime.date(2015, 4, 20),
        phase=data["phases"][0],
    )
    response = api.get(f"/api/meetings/?{query}")
    assert response.status_code == 200
    assert slugs(response) == expected


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("kind=party", "kind"), ("year=2015.5", "year"), ("year=0", "year")],
)
def test_invalid_meeting_filter_is_400(api, data, query, parameter):
    response = api.get(f"/api/meetings/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


# Pagination.


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


# CSV and GeoJSON.


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_project_csv_has_readable_headers_and_flattened_relations(api, data):
    rows = _csv(api.get("/api/projects/?format=csv"))
    header = rows[0]
    assert header[:7] == [
        "Slug",
        "Name",
        "Phase number",
        "Phase name",
        "Phase slug",
        "Sector slug",
        "Sector name",
    ]
    assert "Cost (US$ million)" in header
    by_slug = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_slug["ml-1"]["Start date"] == "2016"
    assert by_slug["ml-1"]["Phase number"] == "2"
    assert by_slug["ml-1"]["Cost (US$ million)"] == "6700.00"
    assert by_slug["rashakai"]["Cost (US$ million)"] == ""


def test_csv_holds_every_row_of_the_filtered_set_not_one_page(api, monkeypatch):
    monkeypatch.setattr(StandardPagination, "page_size", 2)
    ProjectFactory.create_batch(5, status=Status.PLANNED)
    ProjectFactory.create_batch(2, status=Status.CANCELLED)
    response = api.get("/api/projects/?format=csv&status=planned")
    assert response["Content-Disposition"] == 'attachment; filename="project.csv"'
    assert len(_csv(response)) == 1 + 5


def test_csv_neutralises_spreadsheet_formulas(api, data):
    ProjectFactory(name="=HYPERLINK(evil)", slug="evil")
    rows = _csv(api.get("/api/projects/?format=csv&q=HYPERLINK"))
    assert rows[1][1] == "'=HYPERLINK(evil)"


@pytest.mark.parametrize(
    ("path", "first_header"),
    [
        ("/api/phases/", "Number"),
        ("/api/sectors/", "Slug"),
        ("/api/meetings/", "Slug"),
        ("/api/sources/", "Slug"),
        ("/api/indicators/", "Slug"),
    ],
)
def test_every_list_has_csv(api, data, path, first_header):
    rows = _csv(api.get(f"{path}?format=csv"))
    assert rows[0][0] == first_header
    assert len(rows) == 1 + api.get(path).json()["count"]


def test_meeting_csv_lists_its_projects_in_one_cell(api, data):
    rows = _csv(api.get("/api/meetings/?format=csv"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Projects"] == "ml-1; rashakai"
    assert record["Phase number"] == "2"


def test_invalid_filter_with_csv_is_a_json_400(api, data):
    response = api.get("/api/projects/?format=csv&status=nope")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "status" in response.json()


def test_csv_on_a_detail_is_404(api, data):
    assert api.get("/api/projects/sahiwal/?format=csv").status_code == 404


def _geojson(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)


def test_project_geojson_is_a_feature_collection_lon_lat(api, data):
    body = _geojson(api.get("/api/projects/?format=geojson"))
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    # ML-1 has no coordinates, so it is left out.
    assert set(features) == {"sahiwal", "gwadar-airport", "rashakai"}
    airport = features["gwadar-airport"]
    assert airport["type"] == "Feature"
    assert airport["geometry"] == {"type": "Point", "coordinates": [62.328, 25.233]}
    properties = airport["properties"]
    assert properties["name"] == "New Gwadar International Airport"
    assert properties["phase"] == 1
    assert properties["sector"] == "transport"
    assert properties["status"] == "operational"
    assert properties["cost_usd_million"] == 246
    assert properties["completion_date"] == "2024-10"
    assert "latitude" not in properties


def test_project_geojson_follows_the_filters(api, data):
    body = _geojson(api.get("/api/projects/?format=geojson&status=operational"))
    assert sorted(f["id"] for f in body["features"]) == ["gwadar-airport", "sahiwal"]


def test_geojson_only_on_projects(api, data):
    assert api.get("/api/sectors/?format=geojson").status_code == 404


# Cached pages.


def test_a_repeat_json_page_is_served_from_the_cache_until_the_data_changes(
    api, data, django_assert_num_queries
):
    first = api.get("/api/projects/?ordering=name")
    # The data version alone: the page's bytes come from the cache.
    with django_assert_num_queries(1):
        repeat = api.get("/api/projects/?ordering=name")
    assert repeat.content == first.content
    assert repeat["Content-Type"] == "application/json"
    assert "Accept" in repeat["Vary"]
    sahiwal = data["projects"][0]
    sahiwal.name = "Sahiwal Coal Power Station"
    sahiwal.save()
    changed = api.get("/api/projects/?ordering=name").json()
    assert "Sahiwal Coal Power Station" in [row["name"] for row in changed["results"]]


def test_repeat_stats_are_served_from_the_cache_until_the_data_changes(
    api, data, django_assert_num_queries
):
    first = api.get("/api/stats/?phase=1")
    with django_assert_num_queries(1):
        repeat = api.get("/api/stats/?phase=1")
    assert repeat.content == first.content
    assert repeat.json()["total"]["count"] == 2
    ProjectFactory(phase=data["phases"][0])
    assert api.get("/api/stats/?phase=1").json()["total"]["count"] == 3
    assert api.get("/api/stats/?phase=9").status_code == 400
    # The browsable API is rendered for its user each time.
    api.force_login(_user("editor"))
    assert "editor" in api.get("/api/stats/", HTTP_ACCEPT="text/html").content.decode()


def test_a_refused_request_stores_nothing(api, data):
    for _ in range(2):
        response = api.get("/api/projects/?status=finished")
        assert response.status_code == 400
        assert "status" in response.json()
    for _ in range(2):
        assert api.get("/api/projects/?page=9").status_code == 404
    assert api.get("/api/projects/?status=operational").status_code == 200


def test_cached_pages_keep_the_host_and_media_type_they_were_asked_with(api, data):
    plain = api.get("/api/projects/?page_size=1")
    other = api.get("/api/projects/?page_size=1", HTTP_HOST="localhost")
    assert plain.json()["next"].startswith("http://testserver/")
    assert other.json()["next"].startswith("http://localhost/")
    assert other.json()["results"][0]["url"].startswith("http://localhost/")
    indented = api.get(
        "/api/projects/?page_size=1", HTTP_ACCEPT="application/json; indent=2"
    )
    assert indented.content.startswith(b'{\n  "count"')
    assert not api.get("/api/projects/?page_size=1").content.startswith(b"{\n")


def test_the_browsable_api_is_not_cached_across_users(api, editor, data):
    anonymous = api.get("/api/projects/", HTTP_ACCEPT="text/html")
    assert "editor" not in anonymous.content.decode()
    api.force_login(editor)
    signed_in = api.get("/api/projects/", HTTP_ACCEPT="text/html")
    assert "editor" in signed_in.content.decode()


# Aggregates.


def _stat(count, known, unknown):
    return {
        "count": count,
        "known_cost_usd_million": known,
        "unknown_cost_count": unknown,
    }


def test_stats_totals_match_a_hand_computed_expectation(api, data):
    body = api.get("/api/stats/").json()
    # 1912 + 6700 + 246 known; Rashakai has no cost.
    assert body["total"] == _stat(4, 8858, 1)
    assert body["by_sector"] == [
        {"slug": "energy", "name": "Energy", "color": "#1d70b8", **_stat(1, 1912, 0)},
        {"slug": "industry", "name": "Industry", "color": "#6f72af", **_stat(1, 0, 1)},
        {
            "slug": "transport",
            "name": "Transport",
            "color": "#00703c",
            **_stat(2, 6946, 0),
        },
    ]
    assert body["by_phase"] == [
        {
            "number": 1,
            "name": "Phase I",
            "slug": "phase-i",
            "reported_investment_usd_million": 33000,
            **_stat(2, 2158, 0),
        },
        {
            "number": 2,
            "name": "Phase II",
            "slug": "phase-ii",
            "reported_investment_usd_million": None,
            **_stat(1 + 1, 6700, 1),
        },
    ]
    status = {row["status"]: row for row in body["by_status"]}
    assert [row["status"] for row in body["by_status"]] == Status.values
    assert status["operational"] == {
        "status": "operational",
        "label": "Operational",
        **_stat(2, 2158, 0),
    }
    assert status["planned"]["known_cost_usd_million"] == 6700
    assert status["under_construction"]["unknown_cost_count"] == 1
    assert status["cancelled"] == {
        "status": "cancelled",
        "label": "Cancelled",
        **_stat(0, 0, 0),
    }
    province = {row["province"]: row for row in body["by_province"]}
    assert len(province) == len(Province.values)
    assert province["punjab"]["known_cost_usd_million"] == 1912
    assert province["khyber_pakhtunkhwa"]["unknown_cost_count"] == 1
    assert province["sindh"]["count"] == 0


def test_stats_take_the_project_filters(api, data):
    body = api.get("/api/stats/?phase=2").json()
    assert body["total"] == _stat(2, 6700, 1)
    assert [row["slug"] for row in body["by_sector"]] == ["industry", "transport"]
    assert api.get("/api/stats/?phase=7").status_code == 400


def test_stats_are_read_only(api, editor):
    client = _token_client(editor)
    assert client.post("/api/stats/", {}).status_code == 405


# Query counts: constant as rows grow.


def _grow(n):
    """n more projects, each with its own phase and sector, in a meeting."""
    for _ in range(n):
        phase = PhaseFactory()
        project = ProjectFactory(phase=phase, sector=SectorFactory())
        meeting = MeetingFactory(phase=phase)
        meeting.projects.add(project, ProjectFactory(phase=phase))
        ProjectFactory(phase=PhaseFactory(number=1), sector=SectorFactory())
        CitationFactory(content_object=project)
        SourceFactory()
        IndicatorFactory()


# Every anonymous read starts with the data version (for the ETag and the caches);
# a list's count and ordered ids are read once, then cached until the data changes.
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # version, count, the ordered ids, page with phase and sector joined
        ("/api/projects/", 4),
        # version, count, ids, page with annotated totals, focus sectors
        ("/api/phases/", 5),
        # version, count, ids, page with annotated totals
        ("/api/sectors/", 4),
        # version, count, ids, page with phase joined, projects
        ("/api/meetings/", 5),
        # version, count, ids, page with annotated citation count
        ("/api/sources/", 4),
        # version, count, ids, page
        ("/api/indicators/", 4),
        # version; the total, then one GROUP BY each for sector, phase, status,
        # province
        ("/api/stats/", 6),
        # version, the phase checked to exist, count, ids, page
        ("/api/projects/?phase=1&ordering=-cost_usd_million", 5),
        # version, then one query for the whole streamed export (one chunk)
        ("/api/projects/?format=csv", 2),
        # version, count and ids of located projects, one page of features
        ("/api/projects/?format=geojson", 4),
        # version, rows with phase joined, projects
        ("/api/meetings/?format=csv", 3),
    ],
)
def test_list_query_count_is_constant_as_rows_grow(
    api, django_assert_num_queries, path, queries
):
    PhaseFactory(number=1)
    for _size in (3, 6):
        _grow(3)
        with django_assert_num_queries(queries):
            response = api.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # version; project with phase and sector, citations with sources, meetings
        ("/api/projects/{project}/", 4),
        # version; meeting with phase, projects, citations with sources
        ("/api/meetings/{meeting}/", 4),
        # version; phase with totals, focus sectors
        ("/api/phases/{phase}/", 3),
        # version; source with its count, citations, then the projects and the
        # meetings
        ("/api/sources/{source}/", 5),
    ],
)
def test_detail_query_count_is_constant_as_related_rows_grow(
    api, django_assert_num_queries, path, queries
):
    # Content types are cached per process; look them up before counting.
    ContentType.objects.get_for_models(Project, Meeting, Phase)
    phase = PhaseFactory()
    project = ProjectFactory(phase=phase)
    meeting = MeetingFactory(phase=phase)
    source = SourceFactory()
    url = path.format(
        project=project.slug,
        meeting=meeting.slug,
        phase=phase.slug,
        source=source.slug,
    )
    for size in (2, 4):
        while project.citations.count() < size:
            CitationFactory(content_object=project, source=source)
            CitationFactory(content_object=meeting, source=source)
            CitationFactory(content_object=ProjectFactory(), source=source)
            other = MeetingFactory()
            other.projects.add(project)
            meeting.projects.add(ProjectFactory(phase=phase))
        with django_assert_num_queries(queries):
            assert api.get(url).status_code == 200


# Permissions and writes.


def _payloads(data):
    """Per endpoint: a record to change or delete, a new one, a full one, a patch."""
    phase1 = data["phases"][0]
    PhaseFactory(number=9, name="Spare", slug="spare")
    SectorFactory(name="Spare sector", slug="spare-sector")
    spare_source = SourceFactory(title="Spare source", slug="spare-source")
    return {
        "projects": (
            "sahiwal",
            {
                "name": "Thar Block II",
                "phase": 1,
                "sector": "energy",
                "province": "sindh",
            },
            {
                "name": "Sahiwal plant",
                "slug": "sahiwal",
                "phase": phase1.slug,
                "sector": "energy",
                "province": "punjab",
                "status": "operational",
            },
            {"cost_usd_million": "1800.5"},
        ),
        "phases": (
            "spare",
            {"number": 3, "name": "Phase III"},
            {"number": 9, "name": "Spare phase", "slug": "spare"},
            {"end_year": 2035},
        ),
        "sectors": (
            "spare-sector",
            {"name": "Water", "color": "#005ea5"},
            {"name": "Spare", "slug": "spare-sector", "color": "#000000"},
            {"description": "Dams and canals."},
        ),
        "meetings": (
            "14th-jcc",
            {"kind": "jwg", "title": "Energy JWG", "number": 3},
            {"kind": "jcc", "number": 14, "title": "14th JCC", "slug": "14th-jcc"},
            {"projects": ["sahiwal"]},
        ),
        "sources": (
            spare_source.slug,
            {
                "title": "Planning ministry page",
                "kind": "official",
                "url": "https://example.org/p",
                "published_on": "2025-01-02",
            },
            {
                "title": "Spare",
                "slug": spare_source.slug,
                "kind": "news",
                "url": "https://example.org/s",
                "published_on": "2025-01-03",
            },
            {"publisher": "Dawn"},
        ),
        "indicators": (
            "exports",
            {"name": "Imports", "value": "2000", "unit": "US$ billion"},
            {"name": "Exports", "slug": "exports", "value": 3.1, "unit": "US$ bn"},
            {"year": 2025},
        ),
    }


ENDPOINTS = ["projects", "phases", "sectors", "meetings", "sources", "indicators"]


def _methods(client, endpoint, payloads):
    slug, new, full, patch = payloads[endpoint]
    base = f"/api/{endpoint}/"
    detail = f"{base}{slug}/"
    return {
        "list": client.get(base).status_code,
        "retrieve": client.get(detail).status_code,
        "create": client.post(base, new, format="json").status_code,
        "update": client.put(detail, full, format="json").status_code,
        "partial_update": client.patch(detail, patch, format="json").status_code,
        "destroy": client.delete(detail).status_code,
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_users_read_but_cannot_write(api, data, endpoint):
    assert _methods(api, endpoint, _payloads(data)) == {
        "list": 200,
        "retrieve": 200,
        "create": 403,
        "update": 403,
        "partial_update": 403,
        "destroy": 403,
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_users_without_the_permission_read_but_cannot_write(reader, data, endpoint):
    assert _methods(_token_client(reader), endpoint, _payloads(data)) == {
        "list": 200,
        "retrieve": 200,
        "create": 403,
        "update": 403,
        "partial_update": 403,
        "destroy": 403,
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_editors_create_update_and_delete(editor, data, endpoint):
    payloads = _payloads(data)
    if endpoint == "projects":
        # A project in a meeting is deletable; its citations go with it.
        Citation.objects.all().delete()
    assert _methods(_token_client(editor), endpoint, payloads) == {
        "list": 200,
        "retrieve": 200,
        "create": 201,
        "update": 200,
        "partial_update": 200,
        "destroy": 204,
    }


def test_create_answers_with_the_read_shape(editor, data):
    client = _token_client(editor)
    response = client.post(
        "/api/projects/",
        {
            "name": "Thar Block II Power Plant",
            "phase": "phase-ii",
            "sector": "energy",
            "province": "sindh",
            "cost_usd_million": 995.5,
            "start_date": "2016-04-10",
            "start_date_precision": "month",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "thar-block-ii-power-plant"
    assert body["phase"] == {"number": 2, "name": "Phase II", "slug": "phase-ii"}
    assert body["start_date"] == "2016-04"
    assert body["cost_usd_million"] == 995.5
    assert body["citations"] == []
    stored = Project.objects.get(slug="thar-block-ii-power-plant")
    assert stored.start_date == datetime.date(2016, 4, 1)


def test_meeting_write_links_projects_by_slug(editor, data):
    client = _token_client(editor)
    response = client.patch(
        "/api/meetings/14th-jcc/",
        {"projects": ["sahiwal", "gwadar-airport"], "phase": 1},
        format="json",
    )
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["projects"]] == [
        "gwadar-airport",
        "sahiwal",
    ]
    assert Meeting.objects.get(slug="14th-jcc").phase.number == 1
    response = client.patch(
        "/api/meetings/14th-jcc/", {"projects": ["nope"]}, format="json"
    )
    assert response.status_code == 400
    assert "projects" in response.json()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"start_date": "2020-01-01", "completion_date": "2019-01-01"},
            "non_field_errors",
            "The completion date cannot be before the start date.",
        ),
        (
            {"latitude": 30.5, "longitude": None},
            "non_field_errors",
            "Give both latitude and longitude, or neither.",
        ),
        ({"latitude": 95, "longitude": 70}, "non_field_errors", "Latitude must be"),
        ({"cost_usd_million": -3}, "non_field_errors", "The cost cannot be negative."),
        (
            {"capacity": 10, "capacity_unit": ""},
            "non_field_errors",
            "A capacity needs its unit.",
        ),
        ({"slug": "ml-1"}, "slug", "already exists"),
        ({"phase": 7}, "phase", "Unknown phase 7"),
        ({"phase": "\x00"}, "phase", "Give a phase number or slug"),
        ({"sector": "nope"}, "sector", "No record has the slug nope."),
        ({"status": "finished"}, "status", "not a valid choice"),
    ],
)
def test_a_broken_rule_is_a_400_with_its_message(editor, data, changes, field, message):
    response = _token_client(editor).patch(
        "/api/projects/sahiwal/", changes, format="json"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert Project.objects.get(slug="sahiwal").cost_usd_million == Decimal("1912")


def test_a_year_precise_start_in_the_completion_year_is_accepted(editor, data):
    # Stored as 2017-01-01, so the day sent (after the completion) does not count.
    response = _token_client(editor).patch(
        "/api/projects/sahiwal/",
        {"start_date": "2017-12-31", "start_date_precision": "year"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["start_date"] == "2017"


def test_indicator_values_are_bounded_to_what_every_database_reads_back(
    api, editor, data
):
    client = _token_client(editor)
    url = "/api/indicators/exports/"
    response = client.patch(url, {"value": "9999999999999.999"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["value"]
    response = client.patch(url, {"value": "999999999999.999"}, format="json")
    assert response.status_code == 200
    assert api.get("/api/indicators/").json()["results"][0]["value"] == float(
        "999999999999.999"
    )


@pytest.mark.parametrize(
    ("path", "changes", "field"),
    [
        ("/api/indicators/exports/", {"year": 99999}, "year"),
        ("/api/phases/1/", {"end_year": 0}, "end_year"),
        ("/api/phases/1/", {"number": 40000}, "number"),
        ("/api/meetings/14th-jcc/", {"number": -1}, "number"),
        ("/api/projects/sahiwal/", {"sector": ["energy"]}, "sector"),
        ("/api/projects/sahiwal/", {"name": "\ud800"}, "name"),
        ("/api/projects/sahiwal/", {"slug": "", "name": "!!!"}, "slug"),
    ],
)
def test_out_of_range_values_are_400_on_every_database(
    editor, data, path, changes, field
):
    response = _token_client(editor).patch(path, changes, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_meeting_number_is_unique_per_kind(editor, data):
    response = _token_client(editor).post(
        "/api/meetings/", {"kind": "jcc", "number": 14, "title": "Again"}, format="json"
    )
    assert response.status_code == 400
    assert "already exists" in json.dumps(response.json())


def test_phase_end_before_start_is_a_400(editor, data):
    response = _token_client(editor).patch(
        "/api/phases/1/", {"start_year": 2030, "end_year": 2020}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["The end year cannot be before the start year."]
    }


def test_an_integrity_error_past_validation_is_a_400(editor, data, monkeypatch):
    from projects.api.serializers import ModelWriteSerializer

    # As if a rule were only in the database: skip the model validation.
    monkeypatch.setattr(ModelWriteSerializer, "validate", lambda self, attrs: attrs)
    response = _token_client(editor).patch(
        "/api/projects/sahiwal/", {"cost_usd_million": -1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The cost cannot be negative."]}


def test_deleting_a_referenced_record_is_a_409(editor, data):
    client = _token_client(editor)
    response = client.delete("/api/sectors/energy/")
    assert response.status_code == 409
    assert "referred to by 1 other record" in response.json()["detail"]
    assert Sector.objects.filter(slug="energy").exists()
    assert client.delete("/api/sources/dawn/").status_code == 409
    assert client.delete("/api/phases/1/").status_code == 409


def test_token_writes_are_in_the_history_with_their_user(editor, data):
    client = _token_client(editor)
    client.post("/api/sectors/", {"name": "Water", "color": "#005ea5"}, format="json")
    client.patch("/api/sectors/water/", {"description": "Dams."}, format="json")
    created, changed = Sector.history.filter(slug="water").order_by("history_id")
    assert (created.history_type, created.history_user) == ("+", editor)
    assert (changed.history_type, changed.history_user) == ("~", editor)
    client.delete("/api/sectors/water/")
    deleted = Sector.history.filter(slug="water").latest("history_id")
    assert (deleted.history_type, deleted.history_user) == ("-", editor)


def test_session_writes_need_the_csrf_token_and_are_in_the_history(editor, data):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    url = "/api/indicators/exports/"
    refused = client.patch(url, {"year": 2023}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    secret = secrets.token_hex(16)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    response = client.patch(url, {"year": 2023}, format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 200
    record = Indicator.history.filter(slug="exports").latest("history_id")
    assert (record.year, record.history_user) == (2023, editor)


def test_write_serializers_list_their_fields_explicitly():
    from projects.api import serializers

    for name in dir(serializers):
        cls = getattr(serializers, name)
        meta = getattr(cls, "Meta", None)
        if meta is not None and hasattr(meta, "model"):
            assert isinstance(meta.fields, list), name
            assert not hasattr(meta, "exclude"), name


def test_unknown_phase_and_sector_in_writes_are_400(editor, data):
    client = _token_client(editor)
    for phase in [0, 40000, "9" * 20, "no-such-phase", True, 1.5]:
        response = client.patch(
            "/api/projects/sahiwal/", {"phase": phase}, format="json"
        )
        assert response.status_code == 400, phase
        assert list(response.json()) == ["phase"]


# Throttling.


def _rates(anon="2/minute", user="100/minute", proxies=0):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
            "NUM_PROXIES": proxies,
        }
    )


def test_anonymous_clients_are_throttled(api):
    with _rates():
        assert api.get("/api/sectors/").status_code == 200
        assert api.get("/api/sectors/").status_code == 200
        response = api.get("/api/sectors/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_the_throttle_window_reopens_after_its_duration(api, monkeypatch):
    import time

    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    with _rates():
        codes = [api.get("/api/sectors/").status_code for _ in range(3)]
        now[0] += 30
        codes.append(api.get("/api/sectors/").status_code)
        now[0] += 31
        codes.append(api.get("/api/sectors/").status_code)
    assert codes == [200, 200, 429, 429, 200]


def test_a_forged_forwarded_address_does_not_escape_the_throttle(api):
    with _rates():
        codes = [
            api.get("/api/sectors/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
            for n in range(3)
        ]
    assert codes == [200, 200, 429]


def test_behind_one_proxy_the_address_it_appends_is_the_client(api):
    with _rates(proxies=1):
        # The proxy appends the real address; what the client sent comes before.
        first = [
            api.get("/api/sectors/", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 1.2.3.4")
            for n in range(3)
        ]
        other = api.get("/api/sectors/", HTTP_X_FORWARDED_FOR="6.6.6.1, 5.6.7.8")
    assert [r.status_code for r in first] == [200, 200, 429]
    assert other.status_code == 200


def test_authenticated_users_have_their_own_rate(reader):
    client = _token_client(reader)
    with _rates(anon="1/minute", user="3/minute"):
        codes = [client.get("/api/sectors/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


# Schema and docs.


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
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    # --fail-on-warn turns any drf-spectacular warning into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/stats/" in target.read_text()


# Scale: the list's fast path, conditional GET, deep pages, GeoJSON pages ---------


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
    features = _geojson(api.get("/api/projects/?format=geojson"))["features"]
    flags = {f["id"]: f["properties"]["is_synthetic"] for f in features}
    assert flags["synthetic-1"] is True
    assert flags["sahiwal"] is False


def test_synthetic_meetings_are_flagged(api, data):
    MeetingFactory(slug="synthetic-meeting", is_synthetic=True)
    rows = {r["slug"]: r for r in api.get("/api/meetings/").json()["results"]}
    assert rows["synthetic-meeting"]["is_synthetic"] is True
    assert rows[data["meeting"].slug]["is_synthetic"] is False


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/",
        "/api/projects/?status=operational",
        "/api/projects/sahiwal/",
        "/api/stats/",
        "/api/projects/?format=geojson",
        "/api/projects/?format=csv",
        "/api/meetings/",
    ],
)
def test_a_repeat_request_with_the_etag_is_304_until_the_data_changes(
    api, data, django_assert_num_queries, path
):
    first = api.get(path)
    etag = first["ETag"]
    # Only the data version is read; nothing is rendered.
    with django_assert_num_queries(1):
        repeat = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == etag
    project = data["projects"][0]
    project.name = "Renamed"
    project.save()
    changed = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_differs_by_query_and_format(api, data):
    tags = {
        api.get(path)["ETag"]
        for path in (
            "/api/projects/",
            "/api/projects/?status=operational",
            "/api/projects/?format=csv",
            "/api/projects/?format=geojson",
        )
    }
    assert len(tags) == 4


def test_a_response_that_sets_a_cookie_gets_no_validator(api, data):
    # The browsable API hands out a CSRF cookie: such a page is not shared.
    page = api.get("/api/projects/", HTTP_ACCEPT="text/html")
    assert page.cookies
    assert not page.has_header("ETag")
    json_tag = api.get("/api/projects/", HTTP_ACCEPT="application/json")["ETag"]
    same_cookie = api.get("/api/projects/", HTTP_ACCEPT="application/json")
    assert same_cookie["ETag"] == json_tag


def test_signed_in_and_token_clients_get_no_shared_validator(api, data, editor):
    api.force_login(editor)
    assert not api.get("/api/projects/").has_header("ETag")
    token_client = _token_client(editor)
    assert not token_client.get("/api/projects/").has_header("ETag")


def test_errors_get_no_validator(api, data):
    response = api.get("/api/projects/?status=nope")
    assert response.status_code == 400
    assert not response.has_header("ETag")


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


def test_geojson_comes_in_pages_with_links(api, data, monkeypatch):
    from projects.api.pagination import GeoJSONPagination

    monkeypatch.setattr(GeoJSONPagination, "page_size", 2)
    first = _geojson(api.get("/api/projects/?format=geojson"))
    assert first["numberMatched"] == 3
    assert first["numberReturned"] == 2
    (link,) = first["links"]
    assert link["rel"] == "next"
    assert link["type"] == "application/geo+json"
    second = _geojson(api.get(link["href"].removeprefix("http://testserver")))
    assert second["numberReturned"] == 1
    assert [lk["rel"] for lk in second["links"]] == ["prev"]
    ids = [f["id"] for f in first["features"] + second["features"]]
    assert sorted(ids) == ["gwadar-airport", "rashakai", "sahiwal"]


def test_stats_are_cached_until_the_data_changes(api, data, django_assert_num_queries):
    first = api.get("/api/stats/").json()
    # The data version only.
    with django_assert_num_queries(1):
        assert api.get("/api/stats/").json() == first
    ProjectFactory(cost_usd_million=Decimal("5"))
    assert (
        api.get("/api/stats/").json()["total"]["count"] == first["total"]["count"] + 1
    )


def test_a_figure_off_its_headline_citation_is_refused_with_a_400(data, editor):
    client = _token_client(editor)
    response = client.patch(
        "/api/projects/sahiwal/", {"cost_usd_million": "1950"}, format="json"
    )
    assert response.status_code == 400
    (message,) = response.json()["cost_usd_million"]
    assert "'$1.912bn'" in message
    assert "Add or choose the citation that supports the new figure" in message
    assert Project.objects.get(slug="sahiwal").cost_usd_million == Decimal("1912")
    # A change that keeps the headline figure goes through.
    response = client.patch(
        "/api/projects/sahiwal/", {"location": "Qadirabad"}, format="json"
    )
    assert response.status_code == 200


def test_a_project_with_a_route_is_a_linestring_in_geojson(api, data):
    ml1 = Project.objects.get(slug="ml-1")
    ml1.route = [
        {
            "place": "Karachi",
            "latitude": 24.86,
            "longitude": 67.01,
            "source": "dawn",
            "locator": "infobox",
        },
        {
            "place": "Peshawar",
            "latitude": 34.0,
            "longitude": 71.57,
            "source": "dawn",
            "locator": "infobox",
        },
    ]
    ml1.latitude = ml1.longitude = None
    ml1.save()
    body = api.get("/api/projects/?format=geojson").json()
    features = {f["id"]: f for f in body["features"]}
    assert features["ml-1"]["geometry"] == {
        "type": "LineString",
        "coordinates": [[67.01, 24.86], [71.57, 34.0]],
    }
    assert features["sahiwal"]["geometry"]["type"] == "Point"
    assert "route" not in features["ml-1"]["properties"]
    detail = api.get("/api/projects/ml-1/").json()
    assert [p["place"] for p in detail["route"]] == ["Karachi", "Peshawar"]
