"""The meeting list and one meeting's page."""

import pytest
from django.urls import reverse

from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db


def test_meeting_list_filters(client, corridor):
    response = client.get(reverse("projects:meeting-list"))
    assert [m.slug for m in response.context["meetings"]] == [
        "jcc-13",
        "jcc-14",
        "summit",
    ]
    response = client.get(reverse("projects:meeting-list"), {"kind": "summit"})
    assert [m.slug for m in response.context["meetings"]] == ["summit"]
    response = client.get(reverse("projects:meeting-list"), {"year": "abc"})
    assert response.status_code == 400
    assert "year" in response.context["form"].errors


def test_meeting_list_empty(client):
    response = client.get(reverse("projects:meeting-list"))
    assert response.status_code == 200
    assert "There are no meetings yet." in response.content.decode()


def test_meeting_detail_lists_its_projects(client, corridor, django_assert_num_queries):
    jcc14 = corridor["meetings"][0]
    CitationFactory(content_object=jcc14, field="date", reported_value="26 September")
    CitationFactory(content_object=jcc14, field="city", reported_value="Beijing")
    # The data version; the meeting with its phase, its projects (with phase and
    # sector), its citations (with sources); the count of synthetic projects.
    with django_assert_num_queries(5):
        response = client.get(reverse("projects:meeting-detail", args=["jcc-14"]))
    assert [p.slug for p in response.context["projects"]] == ["ml-1", "sahiwal"]
    html = response.content.decode()
    assert "2025-09-26" in html and "Another report" in html
    assert "<strong>Date</strong>: 26 September" in html
