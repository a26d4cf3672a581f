"""Every query parameter of every list endpoint, fed hostile values: never a 5xx."""

import datetime
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from projects.filters import MeetingFilterSet, ProjectFilterSet
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

COMMON = ["page", "page_size", "format"]
ENDPOINTS = {
    "/api/projects/": [*ProjectFilterSet.base_filters, *COMMON],
    "/api/meetings/": [*MeetingFilterSet.base_filters, *COMMON],
    "/api/phases/": COMMON,
    "/api/sectors/": COMMON,
    "/api/sources/": COMMON,
    "/api/indicators/": COMMON,
    "/api/stats/": [*ProjectFilterSet.base_filters, "format"],
    "/api/changes/": COMMON,
}
CASES = [(path, name) for path, names in ENDPOINTS.items() for name in names]

# Values as they travel in a query string, already percent-encoded.
LONE_SURROGATE = quote("\ud800".encode("utf-8", "surrogatepass"))
HOSTILE = [
    quote("\x00"),
    quote("a\x00b"),
    quote("1\x00"),
    LONE_SURROGATE,
    "2016" + LONE_SURROGATE,
    "%FF%FE",
    "x" * 10_000,
    "9" * 10_000,
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1e308",
    "1e999999",
    "-1e999999",
    "1e-999999",
    "NaN",
    "-Infinity",
    "0",
    "0.5",
    "2024.5",
    "2024-13-45",
    "0000-00-00",
    "0000",
    "99999-01-01",
    "2024-02-30",
    "-2024-01-01",
    "2024-01-01T25:00:00",
    quote("١٢"),
    quote("²"),
    quote("𝟙"),
    "",
    "%20",
    quote("'; DROP TABLE projects_project; --"),
    quote("../../etc/passwd"),
    quote(",,,-,--name"),
    quote("\n\r\t"),
]


@pytest.fixture
def rows():
    phase = PhaseFactory(number=1)
    projects = ProjectFactory.create_batch(3, phase=phase)
    ProjectFactory(cost_usd_million=None, latitude=None, longitude=None)
    meeting = MeetingFactory(phase=phase, date=datetime.date(2024, 5, 1))
    meeting.projects.set(projects)
    CitationFactory(content_object=projects[0], source=SourceFactory())
    IndicatorFactory()


def _check(response, name):
    assert response.status_code < 500, (name, response.status_code)
    if response.status_code == 400:
        # The error names the parameter that was wrong, and only that one.
        assert list(response.json()) == [name]


@pytest.mark.parametrize(("path", "name"), CASES)
def test_hostile_values_get_no_server_error(rows, path, name):
    client = APIClient()
    for value in HOSTILE:
        response = client.get(f"{path}?{name}={value}")
        _check(response, name)
        if response.streaming:
            b"".join(response.streaming_content)


@pytest.mark.parametrize("export", ["csv", "geojson"])
@pytest.mark.parametrize("name", list(ProjectFilterSet.base_filters))
def test_hostile_filters_on_exports_get_no_server_error(rows, export, name):
    client = APIClient()
    for value in HOSTILE:
        response = client.get(f"/api/projects/?format={export}&{name}={value}")
        _check(response, name)
        if response.streaming:
            b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "path", ["/api/projects/", "/api/phases/", "/api/meetings/", "/api/sources/"]
)
def test_hostile_detail_lookups_get_no_server_error(rows, path):
    client = APIClient()
    for value in HOSTILE:
        response = client.get(f"{path}{value[:300]}/")
        assert response.status_code < 500, value[:40]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    params=st.dictionaries(
        st.sampled_from([*ProjectFilterSet.base_filters, *COMMON]),
        st.one_of(
            st.text(max_size=40),
            st.integers().map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(str),
            st.dates().map(str),
        ),
        max_size=5,
    )
)
def test_random_project_queries_get_no_server_error(rows, params):
    query = "&".join(
        f"{name}={quote(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in params.items()
    )
    response = APIClient().get(f"/api/projects/?{query}")
    assert response.status_code < 500, query
    if response.status_code == 400:
        assert set(response.json()) <= set(params)
