"""One project's page: its fields, sources that agree or not, dates and history."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.choices import Status
from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db


def test_project_detail_shows_every_field_and_its_sources(client, corridor):
    response = client.get(reverse("projects:project-detail", args=["sahiwal"]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Sahiwal", "1,320 MW", "US$1,912 million", "2015-07-31", "30.71422"):
        assert text in html
    groups = {g["field"]: g for g in response.context["citation_groups"]}
    cost = groups["cost_usd_million"]
    assert cost["conflict"] is True
    assert cost["label"] == "Cost (US$ million)"
    # The headline value comes first, beside the figure that disagrees.
    assert [c.reported_value for c in cost["citations"]] == ["$1.912bn", "about $1.8bn"]
    assert "sources disagree" in html
    assert groups[""]["conflict"] is False
    assert [m.slug for m in response.context["meetings"]] == ["jcc-14"]
    assert [c.slug for c in response.context["charts"]] == ["location", "dates"]


def test_differently_worded_descriptions_are_no_conflict(client, corridor):
    project = corridor["projects"][1]
    for value in ("A coal plant", "An imported-coal power station"):
        CitationFactory(
            content_object=project, field="description", reported_value=value
        )
    for value in ("$1.95bn", "$2.09bn"):
        CitationFactory(
            content_object=project, field="cost_usd_million", reported_value=value
        )
    response = client.get(project.get_absolute_url())
    groups = {g["field"]: g for g in response.context["citation_groups"]}
    assert groups["description"]["conflict"] is False
    assert groups["cost_usd_million"]["conflict"] is True


def test_project_detail_with_nothing_known_says_so(client, corridor):
    response = client.get(reverse("projects:project-detail", args=["bare"]))
    assert response.status_code == 200
    assert response.context["charts"] == []
    html = response.content.decode()
    assert html.count('<span class="unknown">unknown</span>') >= 7
    assert "No source is cited for this project yet." in html
    assert "plotly-custom" not in html


def test_project_detail_year_precision_is_not_shown_as_1_january(client, corridor):
    response = client.get(reverse("projects:project-detail", args=["ml-1"]))
    # The figure's JSON places the mark at 2026-01-01; no text shows that date.
    html = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    assert "2026-01-01" not in html
    assert "<dt>Start</dt><dd>2026</dd>" in html
    timeline = next(c for c in response.context["charts"] if c.slug == "dates")
    assert "Start: 2026<br>" in timeline.figure["data"][0]["text"][0]


def test_project_detail_history_lists_changed_fields(client, corridor):
    project = corridor["projects"][0]
    project.cost_usd_million = Decimal("1800")
    project.status = Status.SUSPENDED
    project.save()
    response = client.get(project.get_absolute_url())
    latest, first = response.context["history"][:2]
    assert latest.type == "changed"
    assert {c.name for c in latest.changes} == {"cost_usd_million", "status"}
    assert first.type == "created"
    assert "Cost (US$ million)" in response.content.decode()


def test_project_detail_shows_its_history(client, corridor):
    project = corridor["projects"][0]
    for _ in range(3):
        project.save()
    CitationFactory.create_batch(3, content_object=project)
    response = client.get(project.get_absolute_url())
    assert len(response.context["history"]) == 4


def test_project_detail_404(client):
    assert client.get("/projects/nope/").status_code == 404
