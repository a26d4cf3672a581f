"""CSV and GeoJSON: every row of the filtered list, or pages of features."""

import csv
import io
from decimal import Decimal

import pytest

from projects.api.pagination import StandardPagination
from projects.choices import Status
from projects.models import Project
from tests.api.helpers import csv_rows, geojson_body
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_project_csv_has_readable_headers_and_flattened_relations(api, data):
    rows = csv_rows(api.get("/api/projects/?format=csv"))
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
    assert response["Content-Disposition"] == (
        'attachment; filename="cpec-projects-status-planned.csv"'
    )
    assert len(csv_rows(response)) == 1 + 5


def test_csv_neutralises_spreadsheet_formulas(api, data):
    ProjectFactory(name="=HYPERLINK(evil)", slug="evil")
    rows = csv_rows(api.get("/api/projects/?format=csv&q=HYPERLINK"))
    assert rows[1][1] == "'=HYPERLINK(evil)"


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd", "'+cmd"),
        ("-1+1", "'-1+1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturned", "'\rReturned"),
        ('<a href="https://evil.example">Energy</a>', None),
    ],
)
def test_csv_quotes_every_formula_prefix_and_leaves_markup_and_numbers(
    api, data, name, cell
):
    ProjectFactory(name=name, slug="hostile", cost_usd_million=Decimal("12.5"))
    rows = csv_rows(api.get("/api/projects/?format=csv&headers=keys"))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "hostile"), strict=True))
    assert row["name"] == (cell or name)
    assert row["cost_usd_million"] == "12.50"


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
    rows = csv_rows(api.get(f"{path}?format=csv"))
    assert rows[0][0] == first_header
    assert len(rows) == 1 + api.get(path).json()["count"]


def test_meeting_csv_lists_its_projects_in_one_cell(api, data):
    rows = csv_rows(api.get("/api/meetings/?format=csv"))
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


def test_project_geojson_is_a_feature_collection_lon_lat(api, data):
    body = geojson_body(api.get("/api/projects/?format=geojson"))
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
    body = geojson_body(api.get("/api/projects/?format=geojson&status=operational"))
    assert sorted(f["id"] for f in body["features"]) == ["gwadar-airport", "sahiwal"]


def test_geojson_only_on_projects(api, data):
    assert api.get("/api/sectors/?format=geojson").status_code == 404


def test_geojson_comes_in_pages_with_links(api, data, monkeypatch):
    from projects.api.pagination import GeoJSONPagination

    monkeypatch.setattr(GeoJSONPagination, "page_size", 2)
    first = geojson_body(api.get("/api/projects/?format=geojson"))
    assert first["numberMatched"] == 3
    assert first["numberReturned"] == 2
    (link,) = first["links"]
    assert link["rel"] == "next"
    assert link["type"] == "application/geo+json"
    second = geojson_body(api.get(link["href"].removeprefix("http://testserver")))
    assert second["numberReturned"] == 1
    assert [lk["rel"] for lk in second["links"]] == ["prev"]
    ids = [f["id"] for f in first["features"] + second["features"]]
    assert sorted(ids) == ["gwadar-airport", "rashakai", "sahiwal"]


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


def _csv_bytes(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_csv_has_no_bom_by_default_and_one_with_bom_1(api, data):
    ProjectFactory(slug="dash", name="Phase 2025\u201329 works")
    plain = _csv_bytes(api.get("/api/projects/?format=csv"))
    assert plain.startswith(b"Slug,")
    marked = _csv_bytes(api.get("/api/projects/?format=csv&bom=1"))
    # The UTF-8 byte order mark Excel needs to read the file as UTF-8.
    assert marked.startswith(b"\xef\xbb\xbfSlug,")
    assert marked[3:] == plain
    text = marked.decode("utf-8-sig")
    assert "Phase 2025\u201329 works" in text
    assert "\u00e2\u20ac\u201c" not in text
    assert _csv_bytes(api.get("/api/projects/?format=csv&bom=0")) == plain


def test_csv_headers_keys_gives_field_names(api, data):
    response = api.get("/api/projects/?format=csv&headers=keys")
    rows = list(csv.reader(io.StringIO(_csv_bytes(response).decode())))
    header = rows[0]
    assert header[:7] == [
        "slug",
        "name",
        "phase_number",
        "phase_name",
        "phase_slug",
        "sector_slug",
        "sector_name",
    ]
    assert "cost_usd_million" in header
    record = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert record["ml-1"]["cost_usd_million"] == "6700.00"
    labels = csv_rows(api.get("/api/projects/?format=csv&headers=labels"))[0]
    assert labels[0] == "Slug"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("bom", "bom=maybe"),
        ("headers", "headers=names"),
    ],
)
def test_a_bad_csv_option_is_a_json_400_naming_it(api, data, query, name):
    response = api.get(f"/api/projects/?format=csv&{name}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert query in response.json()


def test_the_csv_options_are_accepted_on_every_list(api, data):
    for path in ("/api/sectors/", "/api/meetings/", "/api/sources/"):
        response = api.get(f"{path}?format=csv&bom=1&headers=keys")
        assert response.status_code == 200, (path, response.content)
        assert response["Content-Disposition"].startswith("attachment; filename=")


@pytest.mark.parametrize(
    ("query", "filename"),
    [
        ("", "cpec-projects.csv"),
        ("&status=operational", "cpec-projects-status-operational.csv"),
        (
            "&status=operational&phase=1&bom=1&headers=keys",
            "cpec-projects-phase-1-status-operational.csv",
        ),
        ("&q=Coal%20%22Power%22%3B%2F..%2F", "cpec-projects-q-coal-power.csv"),
    ],
)
def test_the_csv_file_name_says_what_was_filtered(api, data, query, filename):
    response = api.get(f"/api/projects/?format=csv{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_a_long_filter_gives_a_bounded_file_name(api, data):
    response = api.get("/api/projects/?format=csv&q=" + "x" * 190)
    disposition = response["Content-Disposition"]
    filename = disposition.split('filename="')[1].rstrip('"')
    assert len(filename) <= 124
    assert filename.startswith("cpec-projects-q-xxx")
    assert filename.endswith(".csv")
