"""Meetings: fields, dates at their precision, filters."""

import datetime

import pytest

from projects.choices import DatePrecision, MeetingKind
from tests.api.helpers import slugs
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


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


def test_synthetic_meetings_are_flagged(api, data):
    MeetingFactory(slug="synthetic-meeting", is_synthetic=True)
    rows = {r["slug"]: r for r in api.get("/api/meetings/").json()["results"]}
    assert rows["synthetic-meeting"]["is_synthetic"] is True
    assert rows[data["meeting"].slug]["is_synthetic"] is False
