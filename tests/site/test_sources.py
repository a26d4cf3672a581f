"""The source list: what each source supports."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_source_list_shows_what_each_source_supports(
    client, corridor, django_assert_num_queries
):
    # The data version; sources; their citations; the projects, meetings and
    # indicators cited; the count of synthetic projects (cached).
    with django_assert_num_queries(7):
        response = client.get(reverse("projects:source-list"))
    html = response.content.decode()
    assert 'id="article"' in html
    assert "Supports 4 facts" in html
    assert 'href="/projects/sahiwal/"' in html
    assert "$1.912bn" in html
    assert "China&#x27;s annual imports" in html
