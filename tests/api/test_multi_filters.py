"""Several values for phase, sector, status and province; repeated one-value
parameters refused; modified_since for incremental sync."""

import datetime

import pytest
from django.utils import timezone

from projects.models import Project
from tests.api.helpers import slugs

pytestmark = pytest.mark.django_db


def test_a_repeated_one_value_parameter_is_a_400_naming_it(api, data):
    for query in ("q=coal&q=rail", "min_cost=1&min_cost=2", "page=1&page=2"):
        response = api.get(f"/api/projects/?{query}")
        assert response.status_code == 400, query
        name = query.split("=")[0]
        assert list(response.json()) == [name]
        assert "once" in response.json()[name][0]
    assert api.get("/api/stats/?min_cost=1&min_cost=2").status_code == 400
    assert api.get("/api/meetings/?kind=jcc&kind=summit").status_code == 400


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=energy&sector=industry", ["rashakai", "sahiwal"]),
        ("sector=energy,industry", ["rashakai", "sahiwal"]),
        (
            "status=operational,under_construction",
            ["gwadar-airport", "rashakai", "sahiwal"],
        ),
        (
            "status=operational&status=under_construction",
            ["gwadar-airport", "rashakai", "sahiwal"],
        ),
        ("province=punjab,balochistan", ["gwadar-airport", "sahiwal"]),
        ("phase=1,phase-ii", ["gwadar-airport", "ml-1", "rashakai", "sahiwal"]),
        ("phase=2&sector=transport,energy", ["ml-1"]),
        ("status=planned,planned", ["ml-1"]),
    ],
)
def test_multi_value_filters(api, data, query, expected):
    response = api.get(f"/api/projects/?{query}")
    assert response.status_code == 200, response.json()
    assert sorted(slugs(response)) == expected


def test_ordering_takes_several_values_repeated_or_comma_separated(api, data):
    repeated = api.get("/api/projects/?ordering=phase&ordering=-name")
    assert repeated.status_code == 200
    comma = api.get("/api/projects/?ordering=phase,-name")
    assert (
        slugs(repeated)
        == slugs(comma)
        == [
            "sahiwal",
            "gwadar-airport",
            "rashakai",
            "ml-1",
        ]
    )


def test_multi_value_filters_apply_to_stats_and_exports(api, data):
    stats = api.get("/api/stats/?status=operational,planned").json()
    assert sum(row["count"] for row in stats["by_status"]) == 3
    csv = api.get("/api/projects/?format=csv&sector=energy,industry")
    assert len(b"".join(csv.streaming_content).decode().splitlines()) == 3


def test_a_bad_value_among_several_is_a_400_naming_the_parameter(api, data):
    response = api.get("/api/projects/?status=operational,finished")
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert "Allowed" in response.json()["status"][0]
    assert api.get("/api/projects/?sector=energy,nope").status_code == 400
    too_many = ",".join(["energy"] * 60)
    assert api.get(f"/api/projects/?sector={too_many}").status_code == 400


def test_modified_since_keeps_projects_changed_at_or_after(api, data):
    old = timezone.now() - datetime.timedelta(days=10)
    Project.objects.update(updated_at=old)
    sahiwal = Project.objects.get(slug="sahiwal")
    sahiwal.location = "Sahiwal district"
    sahiwal.save()
    since = (old + datetime.timedelta(days=1)).isoformat()
    response = api.get("/api/projects/", {"modified_since": since})
    assert slugs(response) == ["sahiwal"]
    day = (old - datetime.timedelta(days=1)).date().isoformat()
    assert len(slugs(api.get(f"/api/projects/?modified_since={day}"))) == 4
    exact = api.get(
        "/api/projects/", {"modified_since": sahiwal.updated_at.isoformat()}
    )
    assert slugs(exact) == ["sahiwal"]
    zulu = api.get("/api/projects/?modified_since=2999-01-01T00:00:00Z")
    assert slugs(zulu) == []


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "1e9"])
def test_a_malformed_modified_since_is_a_400(api, data, value):
    response = api.get(f"/api/projects/?modified_since={value}")
    assert response.status_code == 400
    assert list(response.json()) == ["modified_since"]


def test_the_schema_documents_multi_values_and_modified_since(api):
    schema = api.get("/api/schema/?format=json").json()
    parameters = {
        p["name"]: p for p in schema["paths"]["/api/projects/"]["get"]["parameters"]
    }
    for name in ("phase", "sector", "status", "province"):
        assert parameters[name]["schema"]["type"] == "array", name
        assert parameters[name]["explode"] is False
        assert "comma" in parameters[name]["description"]
    assert "operational" in parameters["status"]["schema"]["items"]["enum"]
    assert "updated_at" in parameters["modified_since"]["description"]
    stats = schema["paths"]["/api/stats/"]["get"]["parameters"]
    assert {"status", "modified_since"} <= {p["name"] for p in stats}
