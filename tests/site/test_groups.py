"""The phase and sector pages: narrowed figures and the sources of a phase."""

import pytest
from django.urls import reverse

from projects.models import Phase
from tests.factories import CitationFactory, SectorFactory, SourceFactory
from tests.site.helpers import chart_slugs

pytestmark = pytest.mark.django_db


def test_phase_page_narrows_to_the_phase(client, corridor):
    response = client.get(reverse("projects:phase-detail", args=["phase-ii"]))
    assert response.context["group"].number == 2
    assert response.context["totals"]["projects"] == 3
    assert "meetings" in chart_slugs(response)
    assert len(response.context["project_rows"]) == 3


def test_sector_page_narrows_to_the_sector(client, corridor):
    response = client.get(reverse("projects:sector-detail", args=["transport"]))
    assert response.status_code == 200
    assert response.context["totals"]["projects"] == 2
    # Meetings are not a sector's.
    assert "meetings" not in chart_slugs(response)
    html = response.content.decode()
    assert "Orange Line" in html and "Sahiwal power plant" not in html


def test_empty_sector_page_renders(client):
    sector = SectorFactory(name="Agriculture", slug="agriculture")
    response = client.get(sector.get_absolute_url())
    assert response.status_code == 200
    assert "There are no projects here yet." in response.content.decode()


def test_phase_page_shows_each_figure_with_its_source_and_locator(client, corridor):
    phase = Phase.objects.get(slug="phase-ii")
    source = SourceFactory(title="Planning ministry briefing", kind="official")
    CitationFactory(
        source=source,
        content_object=phase,
        field="start_year",
        reported_value="2025",
        locator="paragraph 7",
    )
    html = client.get(reverse("projects:phase-detail", args=["phase-ii"])).content
    html = html.decode()
    assert "What the sources say" in html
    assert "Planning ministry briefing" in html and "paragraph 7" in html
    assert "Official" in html


def test_phase_and_sector_indexes_list_each_with_its_projects(client, corridor):
    html = client.get(reverse("projects:phase-list")).content.decode()
    assert 'href="/phases/phase-ii/"' in html
    response = client.get(reverse("projects:sector-list"))
    transport = next(s for s in response.context["groups"] if s.slug == "transport")
    assert transport.project_count == 2
    assert 'href="/sectors/transport/"' in response.content.decode()
    # The navigation names both, and a group's breadcrumb leads back to its index.
    page = client.get(reverse("projects:sector-detail", args=["transport"]))
    html = page.content.decode()
    assert 'href="/sectors/" aria-current="page"' in html
    assert '<a href="/sectors/">Sectors</a>' in html
