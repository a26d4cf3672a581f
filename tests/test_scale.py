"""Query counts that do not grow with the data, and synthetic data kept apart."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import dashboard
from projects.caching import middleware as conditional
from projects.models import Indicator, Meeting, Phase, Project, Source
from projects.site import views
from tests.factories import CitationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# Every page: (queries with an empty cache, queries once cached). The API's
# endpoints are pinned in tests/api/test_query_counts.py, the change feed in
# tests/test_changes.py.
# Each anonymous read starts with the data version (for the ETag and the caches);
# a page also counts the synthetic projects for its notice (cached).
PINNED = {
    # phases for the form; cached: sectors and phases with projects (for the
    # form), stats (5), capacity, sector x phase, chart rows, meetings, sources
    # of projects, sources of meetings; notice
    "/": (16, 2),
    # phases; cached: sectors and phases with projects, the count and the
    # ordered ids (one chunk); the page's rows with phase and sector; notice
    "/projects/": (8, 3),
    "/projects/?page=2": (8, 3),
    "/projects/?status=operational&province=punjab": (8, 3),
    # the project, citations, meetings; history keys, records (the one edit has
    # no version before it); notice
    "/projects/synthetic-000001/": (7, 6),
    # the phase; phases; cached as on the dashboard, and the phase's citations
    "/phases/phase-i/": (16, 3),
    # the sector; phases; cached as on the dashboard, without meetings
    "/sectors/energy/": (13, 3),
    # phases; meetings with their phase; sources of meetings; notice
    "/meetings/": (5, 4),
}


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(context.captured_queries)


@pytest.mark.parametrize("size", [3, 300])
def test_every_page_costs_the_same_queries_at_3_and_300_rows(client, monkeypatch, size):
    # Two rows a page, so that page 2 exists at 3 rows and takes the deep path.
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    # The views' own caches, not the stored pages (tested below).
    monkeypatch.setattr(conditional, "PAGE_CACHE_TIMEOUT", 0)
    call_command("seed_synthetic", projects=size, seed=1)
    project = Project.objects.get(slug="synthetic-000001")
    project.save()
    CitationFactory(content_object=project)
    ProjectFactory(name="A curated project")
    # Content types are cached per process; look them up before counting.
    ContentType.objects.get_for_models(Project, Meeting, Source, Indicator, Phase)
    counts = {}
    for path in PINNED:
        cache.clear()
        counts[path] = (_queries(client, path), _queries(client, path))
    assert counts == PINNED


def test_the_synthetic_notice_shows_on_every_page_only_with_synthetic_data(client):
    ProjectFactory(slug="real")
    for path in ("/", "/projects/", "/projects/real/", "/meetings/", "/sources/"):
        assert "synthetic-notice" not in client.get(path).content.decode()
    call_command("seed_synthetic", projects=12, seed=1)
    for path in ("/", "/projects/", "/projects/real/", "/meetings/", "/sources/"):
        html = client.get(path).content.decode()
        assert "synthetic-notice" in html, path
        assert "12 synthetic projects" in html, path


def test_synthetic_rows_and_pages_carry_a_badge(client):
    ProjectFactory(slug="real", name="A real project")
    call_command("seed_synthetic", projects=3, seed=1)
    listing = client.get("/projects/").content.decode()
    assert listing.count("badge-synthetic") == 3
    detail = client.get("/projects/synthetic-000001/").content.decode()
    assert "This project is synthetic" in detail
    assert (
        "This project is synthetic"
        not in client.get("/projects/real/").content.decode()
    )


def test_large_dashboards_draw_the_largest_projects_and_say_so(client, monkeypatch):
    monkeypatch.setattr(dashboard, "MAP_LIMIT", 5)
    monkeypatch.setattr(dashboard, "TIMELINE_LIMIT", 3)
    call_command("seed_synthetic", projects=10, seed=1)
    response = client.get("/")
    charts = {chart.slug: chart for chart in response.context["charts"]}
    largest = sorted(
        Project.objects.exclude(cost_usd_million=None).values_list(
            "cost_usd_million", "name"
        ),
        reverse=True,
    )
    drawn = {row[0] for row in charts["map"].rows}
    assert drawn == {name for _, name in largest[:5]}
    assert "Drawn: the 5 largest of 10 projects" in charts["map"].summary
    assert charts["map"].title.startswith("The ")
    timeline = {row[0] for row in charts["timeline"].rows}
    assert timeline == {name for _, name in largest[:3]}
    assert "Drawn: the 3 largest of 10 projects" in charts["timeline"].summary
    # The headline numbers and the province chart still count every project.
    assert response.context["totals"]["projects"] == 10
    by_province = sum(row[1] for row in charts["province"].rows if row[1])
    assert by_province == 10


def test_a_small_dashboard_draws_every_project(client):
    call_command("seed_synthetic", projects=10, seed=1)
    charts = {c.slug: c for c in client.get("/").context["charts"]}
    assert len(charts["map"].rows) == 10
    assert "Drawn:" not in charts["map"].summary
    assert "Drawn:" not in charts["timeline"].summary


def test_pages_answer_304_to_their_etag_until_the_data_changes(client):
    project = ProjectFactory(slug="real")
    for path in ("/", "/projects/", "/projects/real/", "/meetings/"):
        etag = client.get(path)["ETag"]
        repeat = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert repeat.status_code == 304, path
    etag = client.get("/projects/")["ETag"]
    project.name = "Renamed"
    project.save()
    assert client.get("/projects/", HTTP_IF_NONE_MATCH=etag).status_code == 200


PUBLIC_PAGES = ("/", "/projects/?status=operational", "/projects/real/", "/meetings/")


def _count_queries(client, path, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, **headers)
    return response, len(context.captured_queries)


def test_a_repeat_page_is_the_stored_page_with_the_same_headers(client):
    project = ProjectFactory(slug="real", status="operational")
    for path in PUBLIC_PAGES:
        first, cold = _count_queries(client, path)
        repeat, warm = _count_queries(client, path)
        assert cold > 1, path
        # The data version, to name the page; nothing else runs.
        assert warm == 1, path
        assert repeat.status_code == 200
        assert repeat.content == first.content, path
        assert dict(repeat.items()) == dict(first.items()), path
    project.name = "Renamed"
    project.save()
    for path in PUBLIC_PAGES[1:3]:
        assert "Renamed" in client.get(path).content.decode(), path


def test_signed_in_users_and_pending_messages_get_a_rendered_page(
    client, django_user_model
):
    ProjectFactory(slug="real")
    client.get("/projects/")
    with_message, queries = _count_queries(
        client, "/projects/", HTTP_COOKIE="messages=x"
    )
    assert queries > 1
    assert not with_message.has_header("ETag")
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    signed_in, queries = _count_queries(client, "/projects/")
    assert queries > 1
    assert not signed_in.has_header("ETag")


def test_large_answers_and_head_requests_are_not_stored(client, monkeypatch):
    ProjectFactory(slug="real")
    client.head("/projects/real/")
    assert _count_queries(client, "/projects/real/")[1] > 1
    monkeypatch.setattr(conditional, "PAGE_CACHE_MAX_BYTES", 100)
    for _ in range(2):
        assert _count_queries(client, "/projects/")[1] > 1


@pytest.mark.urls("bench.urls")
def test_the_bench_baseline_runs_its_query_on_every_request(client):
    ProjectFactory.create_batch(3)
    for _ in range(2):
        response, queries = _count_queries(client, "/bench/projects/")
        # The data version, the count and the page.
        assert queries == 3
        assert len(json.loads(response.content)["results"]) == 3
        assert not response.has_header("ETag")


def test_signed_in_pages_and_the_admin_get_no_validator(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "b@example.org", "pw")
    assert not client.get("/admin/login/").has_header("ETag")
    client.force_login(user)
    assert not client.get("/").has_header("ETag")
    assert not client.get("/admin/").has_header("ETag")
    assert not client.get("/health/").has_header("ETag")


def test_the_sources_page_lists_a_bounded_number_of_supported_facts(
    client, monkeypatch
):
    from projects.selectors import sources

    monkeypatch.setattr(sources, "SUPPORTS_SHOWN", 5)
    call_command("seed_synthetic", projects=12, seed=1)
    html = client.get("/sources/").content.decode()
    section = html.split('id="synthetic-data"')[1].split("</section>")[0]
    assert "Supports 12 facts" in section
    assert "The first 5 are listed here" in section
    assert section.count("<li>") == 5
