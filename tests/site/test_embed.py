"""Embeds: /embed/<chart>/ draws one dashboard chart, framable by other sites
(and only it); the chart cards offer its iframe snippet and a share link."""

import html
import re

import pytest
from django.urls import reverse

from projects.caching.version import data_version

pytestmark = pytest.mark.django_db


def embed_url(chart: str, **query) -> str:
    return reverse("projects:embed", args=[chart]), query


def test_embed_page_draws_one_chart_with_its_title_source_and_licence(client, corridor):
    response = client.get(*embed_url("status", phase="phase-ii"))
    assert response.status_code == 200
    page = response.content.decode()
    chart = response.context["chart"]
    assert chart.slug == "status"
    assert page.count('class="chart"') == 1
    assert f'<h1 id="{chart.element_id}-title" class="card-title">' in page
    assert html.escape(chart.title) in page
    assert (
        "Source: CPEC Tracker, http://testserver/?phase=phase-ii, from the sources "
        "cited there" in page
    )
    assert f"Data version {data_version()}" in page
    assert "CC BY 4.0" in page
    assert 'href="/?phase=phase-ii#chart-status-card"' in page
    # The same figures as the dashboard with the same filter.
    home = client.get(reverse("projects:home"), {"phase": "phase-ii"})
    drawn = {c.slug: c for c in home.context["charts"]}["status"]
    assert chart.rows == drawn.rows
    assert chart.title == drawn.title


def test_only_embed_pages_may_be_framed(client, corridor):
    embed = client.get(*embed_url("investment"))
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    for url in ["/", "/projects/", "/phases/phase-i/", "/meetings/"]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url


def test_a_stored_embed_page_keeps_its_framing_headers(client, corridor):
    # The second answer comes from the page store, headers and all.
    client.get(*embed_url("map", sector="energy"))
    again = client.get(*embed_url("map", sector="energy"))
    assert again.status_code == 200
    assert "X-Frame-Options" not in again
    assert "frame-ancestors *" in again["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("query", "name"), [({"sector": "nope"}, "sector"), ({"phase": "9"}, "phase")]
)
def test_embed_with_a_bad_filter_is_a_400_that_names_it(client, corridor, query, name):
    response = client.get(*embed_url("investment", **query))
    assert response.status_code == 400
    assert f"The filter “{name}”" in response.content.decode()
    assert list(response.context["errors"]) == [name]


def test_embed_of_an_unknown_chart_is_a_404(client, corridor):
    assert client.get(*embed_url("nope")).status_code == 404


def test_embed_applies_phase_and_sector_and_ignores_other_parameters(client, corridor):
    query = {"phase": "phase-i", "sector": "transport"}
    embedded = client.get(*embed_url("map", **query)).context["chart"]
    home = {c.slug: c for c in client.get("/", query).context["charts"]}
    assert embedded.rows == home["map"].rows
    assert len(embedded.rows) == 1
    assert client.get(*embed_url("map", status="x")).status_code == 200


def test_dashboard_cards_offer_the_iframe_snippet_and_a_share_link(client, corridor):
    page = client.get("/", {"phase": "phase-ii"}).content.decode()
    snippet = (
        "&lt;iframe src=&quot;http://testserver/embed/investment/?phase=phase-ii"
        "&quot; title=&quot;"
    )
    assert snippet in page
    assert (
        'id="chart-investment-share" value="http://testserver/?phase=phase-ii'
        '#chart-investment-card" readonly' in page
    )
    assert page.count("<summary>Embed<") == 6
    assert page.count("<summary>Share<") == 6
    for control in ("png", "svg"):
        assert page.count(f'data-export="{control}"') == 6
    assert re.search(
        r'<a class="download chart-action" href="\?[^"]*" download>CSV', page
    )


def test_group_pages_embed_their_charts_with_the_group_as_filter(client, corridor):
    page = client.get("/sectors/energy/").content.decode()
    assert "http://testserver/embed/status/?sector=energy" in page
    page = client.get("/phases/phase-i/").content.decode()
    assert "http://testserver/embed/status/?phase=phase-i" in page


def test_charts_that_are_not_the_dashboards_are_shared_but_not_embedded(
    client, corridor
):
    page = client.get("/projects/sahiwal/").content.decode()
    assert "<summary>Share<" in page
    assert "<summary>Embed<" not in page
    assert "/embed/" not in page
