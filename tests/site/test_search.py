"""The search page: aliases and spellings, all words, grouped counts, bad input."""

import itertools
import re

import pytest
from django.db import connection
from django.urls import reverse

from projects import selectors
from projects.choices import Status
from tests.factories import MeetingFactory, ProjectFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = reverse("projects:search")


@pytest.fixture
def named(corridor):
    """The corridor's ML-1 with its other names, the airport, and near misses."""
    ml1 = corridor["projects"][3]
    ml1.aliases = ["ML-1", "ML1", "Main Line 1"]
    ml1.save()
    airport = ProjectFactory(
        name="New Gwadar International Airport",
        slug="new-gwadar-airport",
        location="Gurandani, Gwadar",
        description="A greenfield airport for large aircraft.",
        status=Status.OPERATIONAL,
    )
    # Near misses: the port shares "Gwadar", ML-2 shares most of ML-1's spelling.
    port = ProjectFactory(
        name="Gwadar Port", slug="gwadar-port", location="Gwadar", description=""
    )
    ml2 = ProjectFactory(
        name="Main Line-2 (ML-2) railway upgrade",
        slug="ml-2",
        aliases=["ML-2", "ML2"],
        location="Kotri to Attock",
        description="",
    )
    MeetingFactory(title="Review of the Gwadar airport works", slug="gwadar-review")
    SourceFactory(
        title="Gwadar airport opens",
        slug="airport-opens",
        publisher="Dawn",
        kind="news",
    )
    SourceFactory(
        title="ML-1 loan talks", slug="ml1-loan", publisher="Business Recorder"
    )
    return {"ml1": ml1, "airport": airport, "port": port, "ml2": ml2}


def _found(query: str, kind: str = "projects") -> list[str]:
    results = selectors.search_all(query=query)
    group = next(group for group in results.groups if group.kind == kind)
    return [record.slug for record in group.results]


@pytest.mark.parametrize("query", ["ML-1", "ML1", "ml 1", "Main Line 1", "main-line-1"])
def test_every_spelling_of_ml1_finds_the_ml1_project_and_not_ml2(named, query):
    found = _found(query)
    assert found[0] == "ml-1"
    assert "ml-2" not in found


@pytest.mark.parametrize(
    "query", ["New Gwadar International Airport", "Gwadar airport", "airport gwadar"]
)
def test_every_word_must_match_so_gwadar_airport_finds_the_airport_not_the_port(
    named, query
):
    found = _found(query)
    assert found == ["new-gwadar-airport"]


def test_a_name_without_aliases_matches_its_spelling_without_punctuation(named):
    # The key of "Main Line-2 (ML-2) railway upgrade" holds "mainline2" and "ml2".
    named["ml2"].aliases = []
    named["ml2"].save()
    assert _found("Main Line 2") == ["ml-2"]
    assert _found("ML 2") == ["ml-2"]


def test_search_finds_no_false_hits(named):
    assert _found("Gwadar seaport") == []
    assert _found("ML3") == []
    assert _found("Sahiwal airport") == []
    assert _found("Line 3") == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)
def test_on_postgresql_full_text_search_finds_other_forms_of_a_word(named):
    # "airports" is not part of "Airport"; its stem is that of "airport".
    assert _found("Gwadar airports") == ["new-gwadar-airport"]
    assert _found("airports", "sources") == ["airport-opens"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's"
)
def test_on_postgresql_project_search_uses_the_gin_index(named):
    # The index (migration 0008) is on an expression: a search that writes its
    # vector any other way would read every project.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = selectors.project_search("Gwadar airport").explain()
    assert "projects_project_search" in plan


def test_past_ranked_max_matches_are_listed_by_name(named, monkeypatch):
    # Ranked, the project named Sahiwal leads those only located there.
    ranked = selectors.search_all(query="Sahiwal").groups[0]
    assert ranked.results[0].name == "Sahiwal power plant"
    monkeypatch.setattr("projects.selectors.search.RANKED_MAX", 1)
    projects = selectors.search_all(query="Sahiwal").groups[0]
    assert projects.count == ranked.count > 1
    names = [project.name for project in projects.results]
    assert names == sorted(names) and names[0] != "Sahiwal power plant"


def test_meetings_and_sources_match_titles_cities_and_outlets(named):
    assert _found("gwadar airport", "meetings") == ["gwadar-review"]
    assert _found("gwadar airport", "sources") == ["airport-opens"]
    assert _found("ML1", "sources") == ["ml1-loan"]
    assert _found("business recorder", "sources") == ["ml1-loan"]
    assert "jcc-14" in _found("Beijing", "meetings")


def test_search_page_groups_results_by_kind_with_counts_and_links(
    client, named, django_assert_num_queries
):
    # The data version; two queries per kind, its count and its first rows
    # (projects with their phase and sector); the count of synthetic projects.
    with django_assert_num_queries(8):
        response = client.get(URL, {"q": "Gwadar airport"})
    assert response.status_code == 200
    groups = {group.kind: group.count for group in response.context["results"].groups}
    assert groups == {"projects": 1, "meetings": 1, "sources": 1}
    html = response.content.decode()
    assert "3 results for “Gwadar airport”" in html
    assert 'href="/projects/new-gwadar-airport/"' in html
    assert 'href="/meetings/gwadar-review/"' in html
    assert 'href="/sources/?source=airport-opens#airport-opens"' in html
    assert 'id="projects-title"' in html


def test_search_counts_every_match_but_lists_the_first(named):
    for n in range(3):
        ProjectFactory(name=f"Thar coal block {n}", slug=f"thar-{n}", description="")
    results = selectors.search_all(query="Thar coal", limit=2)
    projects = results.groups[0]
    assert (projects.count, len(projects.results), projects.truncated) == (3, 2, True)


def test_search_page_without_a_query_explains_what_it_searches(client, named):
    # The first is rendered (and kept); the others, the same page, are replayed.
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "\"'"}):
        response = client.get(URL, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Spellings do not matter" in html
        assert "result" not in html


def test_a_too_long_query_is_a_400_that_says_why(client, named):
    response = client.get(URL, {"q": "gwadar " * 40})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter at most 200 characters" in html
    assert 'href="#id_q"' in html


def test_a_repeated_query_is_a_400_naming_it(client, named):
    response = client.get(URL + "?q=ML1&q=Gwadar")
    assert response.status_code == 400
    assert response.context["form"].errors == {"q": ["Enter one search, not several."]}


def test_unknown_parameters_are_dropped_like_on_every_page(client, named):
    # page_cache: a page reads only what it declares, so a tracking parameter
    # makes the same page (and the same ETag) rather than a 400.
    plain = client.get(URL, {"q": "ML1"})
    tracked = client.get(URL, {"q": "ML1", "utm_source": "mail", "page": "2"})
    assert tracked.status_code == 200
    assert tracked["ETag"] == plain["ETag"]
    assert tracked.context["form"].data.dict() == {"q": "ML1"}


def test_header_search_box_is_on_every_page(client, named):
    html = client.get(reverse("projects:home")).content.decode()
    assert '<form class="site-search" role="search"' in html
    assert f'action="{URL}"' in html
    assert 'name="q"' in html


@pytest.mark.parametrize("params", [{}, {"q": "Gwadar airport"}, {"q": "x" * 201}])
def test_search_page_headings_are_in_order_and_controls_are_labelled(
    client, named, params
):
    html = client.get(URL, params).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    controls = re.findall(r"<input[^>]*\bid=\"([^\"]+)\"", html)
    assert controls == ["site-search-q", "id_q"]
    for control_id in controls:
        assert f'<label for="{control_id}"' in html, control_id
