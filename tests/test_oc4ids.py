"""The OC4IDS export: valid against the standard's own 0.9.5 schema, closed codelists
honoured, served at /api/oc4ids/."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from projects.datafiles import load_data
from projects.exports import oc4ids
from projects.models import Project

pytestmark = pytest.mark.django_db

SHARED_EXAMPLE = Path(
    "/work/shared/reference/oc4ids-0.9.5/example-valid-project.json"
).resolve()

# A project with every kind of value the export writes, as the standard shapes it.
MINIMAL_VALID = {
    "uri": "https://example.org/oc4ids.json",
    "publishedDate": "2024-01-02T03:04:05Z",
    "version": "0.9",
    "publisher": {"name": "Example"},
    "projects": [
        {
            "id": "oc4ids-000000-example",
            "title": "Example",
            "status": "implementation",
            "sector": ["transport", "transport.road"],
            "locations": [
                {
                    "id": "route",
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [[67.0, 24.8], [74.3, 31.5]],
                    },
                }
            ],
            "budget": {"amount": {"amount": 1912000000, "currency": "USD"}},
            "period": {"startDate": "2016-04-10T00:00:00Z"},
            "documents": [{"id": "a", "url": "https://example.org/a"}],
        }
    ],
}


@pytest.fixture(scope="module")
def validator():
    return oc4ids.oc4ids_validator()


def errors(validator, document) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


@pytest.fixture
def package(db):
    load_data()
    return oc4ids.oc4ids_package("http://testserver/api/oc4ids/")


def test_the_validator_accepts_a_valid_package_and_resolves_the_project_schema(
    validator,
):
    assert errors(validator, MINIMAL_VALID) == []
    # The project schema is reached through the package's $ref, found locally.
    broken = json.loads(json.dumps(MINIMAL_VALID))
    broken["projects"][0]["status"] = "operational"
    broken["projects"][0]["locations"][0]["geometry"]["type"] = "Line"
    broken["projects"][0]["budget"]["amount"]["currency"] = "US$"
    broken["projects"][0]["period"]["startDate"] = "2016"
    found = errors(validator, broken)
    assert len(found) == 4, found
    del broken["projects"][0]["id"]
    assert any("'id' is a required property" in e for e in errors(validator, broken))


def test_the_standards_own_example_is_valid(validator):
    """The standard's example-valid-project.json, where the shared copy has it."""
    if not SHARED_EXAMPLE.is_file() or SHARED_EXAMPLE.stat().st_size == 0:
        pytest.skip("the standard's example is not available (or empty) here")
    example = json.loads(SHARED_EXAMPLE.read_text(encoding="utf-8"))
    if "projects" not in example:  # a bare project: wrap it in a package
        example = MINIMAL_VALID | {"projects": [example]}
    assert errors(validator, example) == []


def test_the_whole_curated_data_set_is_a_valid_package(validator, package):
    assert errors(validator, package) == []
    curated = Project.objects.filter(is_synthetic=False)
    assert len(package["projects"]) == curated.count() > 0
    ids = [p["id"] for p in package["projects"]]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("oc4ids-") for i in ids)


def test_closed_and_used_codelists_are_honoured(package):
    statuses = oc4ids.codelist("projectStatus")
    sectors = oc4ids.codelist("projectSector")
    geometries = oc4ids.codelist("geometryType")
    currencies = oc4ids.codelist("currency")
    for project in package["projects"]:
        assert project.get("status", "maintenance") in statuses
        assert set(project.get("sector", [])) <= sectors, project["id"]
        for code in project.get("sector", []):
            # A subsector comes with its parent, as the schema asks.
            assert code.split(".")[0] in project["sector"]
        for location in project["locations"]:
            if "geometry" in location:
                assert location["geometry"]["type"] in geometries
        if "budget" in project:
            assert project["budget"]["amount"]["currency"] in currencies


def test_figures_map_as_documented(package):
    by_slug = {p["identifiers"][0]["id"]: p for p in package["projects"]}
    for project in Project.objects.filter(is_synthetic=False):
        record = by_slug[project.slug]
        if project.cost_usd_million is not None:
            amount = record["budget"]["amount"]["amount"]
            assert amount == project.cost_usd_million * 1_000_000
        if len(project.route) >= 2:
            (line,) = [loc for loc in record["locations"] if loc["id"] == "route"]
            assert line["geometry"]["type"] == "LineString"
            assert len(line["geometry"]["coordinates"]) == len(project.route)
        if project.latitude is not None:
            (site,) = [loc for loc in record["locations"] if loc["id"] == "site"]
            assert site["geometry"]["coordinates"] == [
                float(project.longitude),
                float(project.latitude),
            ]
        sources = {c.source.slug for c in project.citations.all()}
        assert {d["id"] for d in record.get("documents", [])} == sources
    karot = by_slug["karot-hydropower-project"]
    assert karot["status"] == "maintenance"
    assert karot["sector"] == ["energy", "energy.hydropower"]


def test_the_endpoint_serves_the_package_as_json(client, validator):
    load_data()
    response = client.get(reverse("api-oc4ids"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["uri"] == "http://testserver/api/oc4ids/"
    assert errors(validator, body) == []
    assert client.get(reverse("api-oc4ids"), {"bogus": "1"}).status_code == 400
