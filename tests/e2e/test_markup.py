"""A record named in markup shows as text in Chromium: plotly draws no link."""

import pytest

from projects.models import Phase
from tests.e2e.conftest import draw_every_chart
from tests.factories import ProjectFactory, SectorFactory
from tests.site.conftest import corridor  # noqa: F401 (the fixture, used below)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("corridor"),
]

MARKUP = '<a href="https://evil.example">Energy</a>'
# Every link in a chart's SVG, by either attribute plotly may write.
SVG_LINKS = """() => Array.from(document.querySelectorAll('.js-plotly-plot svg a'))
  .map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))"""
LEGEND_TEXTS = """() => Array.from(document.querySelectorAll('.legendtext'))
  .map(t => t.textContent)"""


def test_a_sector_named_in_markup_is_a_legend_label_not_a_link(
    page_factory, live_server
):
    sector = SectorFactory(name=MARKUP, slug="evil", color="#8a1538")
    ProjectFactory(
        name="Hostile plant",
        slug="hostile-plant",
        sector=sector,
        phase=Phase.objects.get(number=1),
    )
    page, watch = page_factory()
    page.goto(f"{live_server.url}/")
    assert draw_every_chart(page)
    assert page.locator('a[href="https://evil.example"]').count() == 0
    assert not [
        href for href in page.evaluate(SVG_LINKS) if "evil.example" in (href or "")
    ]
    assert MARKUP in page.evaluate(LEGEND_TEXTS)
    watch.assert_clean()
