"""Across the pages: navigation, headings and labels, styles, empty and shipped data."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from projects.choices import STATUS_COLORS
from projects.models import Meeting, Phase, Project, Sector

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("projects:home"),
    reverse("projects:project-list"),
    reverse("projects:meeting-list"),
    reverse("projects:source-list"),
    reverse("projects:phase-list"),
    reverse("projects:sector-list"),
]


def test_status_badges_use_the_chart_status_colours():
    css = open(finders.find("css/site.css")).read()
    for status, color in STATUS_COLORS.items():
        assert re.search(rf"\.badge-{status}\s*\{{\s*--badge:\s*{color};", css), status


def test_navigation_marks_the_current_page(client):
    html = client.get(reverse("projects:project-list")).content.decode()
    assert 'href="/projects/" aria-current="page"' in html
    assert '<html lang="en-gb" dir="ltr">' in html
    assert 'href="/changes/"' in html


@pytest.mark.parametrize("url", PAGES)
def test_list_pages_render_with_an_empty_database(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "yet" in response.content.decode()


def test_every_page_renders_with_the_shipped_data(client):
    from projects.datafiles import load_data

    load_data()
    urls = [*PAGES, "/projects/?ordering=-cost_usd_million&page=1"]
    urls += [p.get_absolute_url() for p in Project.objects.all()]
    urls += [m.get_absolute_url() for m in Meeting.objects.all()]
    urls += [p.get_absolute_url() for p in Phase.objects.all()]
    urls += [s.get_absolute_url() for s in Sector.objects.all()]
    responses = {}
    for url in urls:
        responses[url] = client.get(url)
        assert responses[url].status_code == 200, url
    dashboard = responses[reverse("projects:home")]
    assert not any(chart.empty for chart in dashboard.context["charts"])


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projects/",
        "/projects/sahiwal/",
        "/projects/bare/",
        "/phases/phase-i/",
        "/sectors/energy/",
        "/meetings/",
        "/meetings/jcc-14/",
        "/sources/",
    ],
)
def test_headings_are_in_order_and_controls_are_labelled(client, corridor, url):
    html = client.get(url).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for control_id in re.findall(r"<(?:select|input)[^>]*\bid=\"([^\"]+)\"", html):
        assert f'<label for="{control_id}">' in html, control_id
    assert "<main" in html and "<nav" in html and "<footer" in html
