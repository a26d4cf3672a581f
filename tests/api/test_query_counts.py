"""Every endpoint's queries, pinned here and nowhere else: they do not grow with
the data, and a repeat of a list is served from the cache."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Meeting, Phase, Project
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

# Every anonymous read starts with the data version (for the ETag and the caches).
# A list's count and ordered ids are read once, then cached until the data
# changes; so are a JSON page's bytes and the stats' figures, so that a repeat
# reads the data version alone. So is a detail's JSON: its repeat, by any
# anonymous client, reads the version and nothing else.
# path: (queries with an empty cache, queries for a repeat)
LISTS = {
    # version, count, the ordered ids, the page with phase and sector joined
    "/api/projects/": (4, 1),
    # a later page: its ids from the same cached chunk of the ordered ids
    "/api/projects/?page_size=2&page=2": (4, 1),
    "/api/projects/?status=operational&province=punjab": (4, 1),
    # version, the phase checked to exist, count, ids, page
    "/api/projects/?phase=1&ordering=-cost_usd_million": (5, 1),
    # version, then one query for the whole streamed export (one chunk); a
    # repeat is the file kept at that version
    "/api/projects/?format=csv": (2, 1),
    # version, count and ids of located projects, one page of features
    "/api/projects/?format=geojson": (4, 1),
    # version, count, ids, page with annotated totals, focus sectors
    "/api/phases/": (5, 1),
    # version, count, ids, page with annotated totals
    "/api/sectors/": (4, 1),
    # version, count, ids, page with phase joined, projects
    "/api/meetings/": (5, 1),
    # version, rows with phase joined, projects; a repeat is the kept file
    "/api/meetings/?format=csv": (3, 1),
    # version, count, ids, page with annotated citation count
    "/api/sources/": (4, 1),
    # version, count, ids, page
    "/api/indicators/": (4, 1),
    # version; the total, then one GROUP BY each for sector, phase, status and
    # province
    "/api/stats/": (6, 1),
}
# With no rows: the version and the count; no ids, so no page to read.
EMPTY_LISTS = {
    "/api/projects/": (2, 1),
    "/api/phases/": (2, 1),
    "/api/sectors/": (2, 1),
    "/api/meetings/": (2, 1),
    "/api/sources/": (2, 1),
    "/api/indicators/": (2, 1),
}
DETAILS = {
    # version; project with phase and sector, citations with sources, meetings
    "/api/projects/{project}/": (4, 1),
    # version; meeting with phase, projects, citations with sources
    "/api/meetings/{meeting}/": (4, 1),
    # version; phase with totals, focus sectors
    "/api/phases/{phase}/": (3, 1),
    # version; source with its count, citations, then the projects and meetings
    "/api/sources/{source}/": (5, 1),
}


def _queries(api, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = api.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return [query["sql"] for query in context.captured_queries]


def _cold_and_repeat(api, path: str) -> tuple[int, int]:
    cold, repeat = _queries(api, path), _queries(api, path)
    counts = (len(cold), len(repeat))
    print(path, counts, *cold, sep="\n")
    return counts


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


@pytest.mark.parametrize("path", LISTS)
def test_list_query_count_is_constant_as_rows_grow(api, path):
    PhaseFactory(number=1)
    for _size in (3, 6):
        # A write moves the data version: the first request is a cold one.
        _grow(3)
        assert _cold_and_repeat(api, path) == LISTS[path]


@pytest.mark.parametrize("path", EMPTY_LISTS)
def test_an_empty_list_reads_no_page(api, path):
    assert _cold_and_repeat(api, path) == EMPTY_LISTS[path]


@pytest.mark.parametrize("path", DETAILS)
def test_detail_query_count_is_constant_as_related_rows_grow(api, path):
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
        assert _cold_and_repeat(api, url) == DETAILS[path]
