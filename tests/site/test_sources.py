"""The source list: what each source supports."""

import pytest
from django.urls import reverse

from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_source_list_shows_what_each_source_supports(
    client, corridor, django_assert_num_queries
):
    # The data version; the publishers; the count; sources; their citations;
    # the projects, meetings and indicators cited; the count of synthetic
    # projects (cached).
    with django_assert_num_queries(9):
        response = client.get(reverse("projects:source-list"))
    html = response.content.decode()
    assert 'id="article"' in html
    assert "Supports 4 facts" in html
    assert 'href="/projects/sahiwal/"' in html
    assert "$1.912bn" in html
    assert "China&#x27;s annual imports" in html


def _titles(response) -> list[str]:
    return [source.title for source in response.context["sources"]]


def test_source_list_filters_by_kind_publisher_and_words(client, corridor):
    SourceFactory(title="Planning ministry brief", kind="official", publisher="MoPD")
    SourceFactory(title="Gwadar airport opens", kind="news", publisher="Dawn")
    SourceFactory(title="Airport finance study", kind="research", publisher="Dawn")
    url = reverse("projects:source-list")
    assert _titles(client.get(url, {"kind": "official"})) == ["Planning ministry brief"]
    assert _titles(client.get(url, {"publisher": "Dawn"})) == [
        "Airport finance study",
        "Gwadar airport opens",
    ]
    assert _titles(client.get(url, {"publisher": "Dawn", "kind": "news"})) == [
        "Gwadar airport opens"
    ]
    # Every word, anywhere in the title or the outlet.
    assert _titles(client.get(url, {"q": "dawn gwadar"})) == ["Gwadar airport opens"]
    response = client.get(url, {"source": "article"})
    assert _titles(response) == ["The article"]
    assert "1 source matches the filters" in response.content.decode()


def test_source_list_shows_each_kind_and_offers_the_publishers(client, corridor):
    SourceFactory(title="Planning ministry brief", kind="official", publisher="MoPD")
    response = client.get(reverse("projects:source-list"))
    html = response.content.decode()
    assert '<span class="tag tag-kind">Official</span>' in html
    assert '<span class="tag tag-kind">News</span>' in html
    publishers = dict(response.context["form"].fields["publisher"].choices)
    assert publishers["MoPD"] == "MoPD (1)"
    assert publishers["Example Publisher"] == "Example Publisher (2)"
    assert publishers[""] == "Any publisher"


def test_source_list_pages_by_50(client, corridor, django_assert_num_queries):
    for n in range(55):
        SourceFactory(title=f"Batch source {n:02}", publisher="Batch")
    url = reverse("projects:source-list")
    # The data version; the publishers; the count; the page of sources with
    # their citation counts; their citations; the records they cite (on this
    # page, "Another report" cites a project and a meeting); the count of
    # synthetic projects.
    with django_assert_num_queries(8):
        first = client.get(url)
    assert len(first.context["sources"]) == 50
    assert first.context["page"].paginator.count == 57
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(url, {"page": "2"})
    assert len(second.context["sources"]) == 7
    assert "page 2 of 2" in second.content.decode()
    filtered = client.get(url, {"publisher": "Batch", "page": "2"})
    assert len(filtered.context["sources"]) == 5
    assert 'href="?page=1&amp;publisher=Batch"' in filtered.content.decode()


@pytest.mark.parametrize(
    ("params", "name", "message"),
    [
        ({"kind": "blog"}, "kind", "Unknown kind. Allowed: official, news"),
        ({"publisher": "Nobody"}, "publisher", "Unknown publisher."),
        ({"q": "x" * 201}, "q", "Ensure this value has at most 200 characters"),
    ],
)
def test_source_list_bad_filter_is_a_400_naming_the_parameter(
    client, corridor, params, name, message
):
    response = client.get(reverse("projects:source-list"), params)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [name]
    html = response.content.decode()
    assert f'href="#id_{name}"' in html
    assert message in html
    assert "Correct the filters above to see the sources." in html
