"""Writes: the read shape back, and every rule refused as a 400 with its message."""

import datetime
import json
from decimal import Decimal

import pytest

from projects.caching.version import data_version
from projects.models import Meeting, Project, Sector
from tests.api.helpers import token_client

pytestmark = pytest.mark.django_db


def test_create_answers_with_the_read_shape(editor, data):
    client = token_client(editor)
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
    client = token_client(editor)
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
    response = token_client(editor).patch(
        "/api/projects/sahiwal/", changes, format="json"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert Project.objects.get(slug="sahiwal").cost_usd_million == Decimal("1912")


def test_a_year_precise_start_in_the_completion_year_is_accepted(editor, data):
    # Stored as 2017-01-01, so the day sent (after the completion) does not count.
    response = token_client(editor).patch(
        "/api/projects/sahiwal/",
        {"start_date": "2017-12-31", "start_date_precision": "year"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["start_date"] == "2017"


def test_indicator_values_are_bounded_to_what_every_database_reads_back(
    api, editor, data
):
    client = token_client(editor)
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
    response = token_client(editor).patch(path, changes, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_meeting_number_is_unique_per_kind(editor, data):
    response = token_client(editor).post(
        "/api/meetings/", {"kind": "jcc", "number": 14, "title": "Again"}, format="json"
    )
    assert response.status_code == 400
    assert "already exists" in json.dumps(response.json())


def test_phase_end_before_start_is_a_400(editor, data):
    response = token_client(editor).patch(
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
    response = token_client(editor).patch(
        "/api/projects/sahiwal/", {"cost_usd_million": -1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The cost cannot be negative."]}


def test_deleting_a_referenced_record_is_a_409(editor, data):
    client = token_client(editor)
    response = client.delete("/api/sectors/energy/")
    assert response.status_code == 409
    assert "referred to by 1 other record" in response.json()["detail"]
    assert Sector.objects.filter(slug="energy").exists()
    assert client.delete("/api/sources/dawn/").status_code == 409
    assert client.delete("/api/phases/1/").status_code == 409


def test_write_serializers_list_their_fields_explicitly():
    from projects.api.serializers import read, stats, write

    for module in (read, write, stats):
        for name in dir(module):
            meta = getattr(getattr(module, name), "Meta", None)
            if meta is not None and hasattr(meta, "model"):
                assert isinstance(meta.fields, list), name
                assert not hasattr(meta, "exclude"), name


def test_unknown_phase_and_sector_in_writes_are_400(editor, data):
    client = token_client(editor)
    for phase in [0, 40000, "9" * 20, "no-such-phase", True, 1.5]:
        response = client.patch(
            "/api/projects/sahiwal/", {"phase": phase}, format="json"
        )
        assert response.status_code == 400, phase
        assert list(response.json()) == ["phase"]


def test_a_figure_off_its_headline_citation_is_refused_with_a_400(data, editor):
    client = token_client(editor)
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


def test_api_writes_save_through_the_write_path(editor, data, monkeypatch):
    from projects import services

    saved = []
    real = services.save

    def spy(instance, **options):
        real(instance, **options)
        saved.append((instance.slug, getattr(options.get("editor"), "pk", None)))
        return instance

    monkeypatch.setattr(services, "save", spy)
    client = token_client(editor)
    created = client.post(
        "/api/sectors/", {"name": "Water", "color": "#1d70b8"}, format="json"
    )
    assert created.status_code == 201
    changed = client.patch(
        "/api/meetings/14th-jcc/", {"projects": ["sahiwal"]}, format="json"
    )
    assert changed.status_code == 200
    assert saved == [("water", editor.pk), ("14th-jcc", editor.pk)]
    assert Sector.objects.get(slug="water").history.first().history_user == editor


def test_a_name_with_nothing_to_make_a_slug_from_asks_for_one(editor, data):
    response = token_client(editor).post(
        "/api/sectors/", {"name": "—", "color": "#1d70b8"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "slug": ["Give a slug: the name has no letters or digits to make one from."]
    }


@pytest.mark.parametrize(
    ("path", "model", "text"),
    [
        ("/api/projects/sahiwal/", Project, "description"),
        ("/api/meetings/14th-jcc/", Meeting, "summary"),
    ],
)
def test_a_write_that_changes_nothing_adds_no_history_and_keeps_the_version(
    api, editor_api, data, path, model, text, django_capture_on_commit_callbacks
):
    record = model.objects.get(slug=path.rstrip("/").rsplit("/", 1)[-1])
    versions = record.history.count()
    version = data_version()
    body = api.get(path).json()
    with django_capture_on_commit_callbacks(execute=True):
        same = editor_api.put(path, body, format="json")
        patched = editor_api.patch(
            path, {k: body[k] for k in ("slug", "phase")}, format="json"
        )
    assert (same.status_code, patched.status_code) == (200, 200)
    assert record.history.count() == versions
    assert data_version() == version
    # The same client and path do write a change, so the counts above could move.
    with django_capture_on_commit_callbacks(execute=True):
        changed = editor_api.patch(path, {text: "Changed."}, format="json")
    assert changed.status_code == 200
    assert record.history.count() == versions + 1
    assert data_version() > version


def test_a_body_nested_too_deeply_is_a_400(editor_api, data):
    body = "[" * 10_000 + "]" * 10_000
    response = editor_api.generic(
        "PATCH", "/api/projects/sahiwal/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/x-www-form-urlencoded"]
)
def test_a_body_past_the_upload_limit_is_a_413(
    editor_api, data, settings, content_type
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"description": "x" * 2000})
    if content_type != "application/json":
        body = "description=" + "x" * 2000
    response = editor_api.generic(
        "PATCH", "/api/projects/sahiwal/", body, content_type=content_type
    )
    assert response.status_code == 413
    assert Project.objects.get(slug="sahiwal").description != "x" * 2000
    # Just under the limit is read as usual.
    small = editor_api.patch(
        "/api/projects/sahiwal/", {"description": "Short."}, format="json"
    )
    assert small.status_code == 200
