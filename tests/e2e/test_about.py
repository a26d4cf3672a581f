"""/about/ in Chromium: clean, accessible and readable on a phone and a desktop."""

import pytest

from projects.choices import Status
from tests.e2e.conftest import axe_violations
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)

# live_server needs committed data, hence transactions.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data():
    energy = SectorFactory(name="Energy", slug="energy")
    ProjectFactory(name="Sahiwal power plant", slug="sahiwal", sector=energy)
    ProjectFactory(
        name="Thar block", slug="thar", sector=energy, status=Status.UNDER_CONSTRUCTION
    )
    source = SourceFactory(
        title="38 projects completed", slug="list-report", publisher="The Recorder"
    )
    for slug, value in (
        ("cpec-completed-projects-count", 38),
        ("cpec-completed-energy-projects-count", 17),
        ("cpec-projects-under-implementation-count", 23),
    ):
        indicator = IndicatorFactory(
            slug=slug, name=f"Official count {value}", value=value, unit="projects"
        )
        CitationFactory(
            source=source,
            content_object=indicator,
            field="value",
            reported_value=f"{value} projects",
            locator="paragraph 2",
            is_headline=True,
        )


@pytest.mark.parametrize("width", [390, 1366])
def test_about_page_is_clean_and_accessible(
    page_factory, live_server, data, screenshot_dir, width
):
    page, watch = page_factory(width=width)
    page.goto(f"{live_server.url}/about/")
    assert page.locator("h1").inner_text() == "About the data"
    table = page.locator("table.coverage")
    assert table.locator("tbody tr").count() == 3
    # Each row's count of tracked projects is a link to that list, and visible.
    tracked = table.locator('td[data-label="Tracked here"] a')
    assert tracked.first.is_visible()
    assert tracked.nth(1).get_attribute("href") == (
        "/projects/?status=operational&sector=energy"
    )
    cite = page.locator("p.cite")
    assert cite.is_visible()
    assert "CPEC Tracker, data version" in cite.inner_text()
    assert page.locator("footer .last-updated time").count() == 1
    # Nothing wider than the screen except inside a scrolling table.
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width
    page.screenshot(path=str(screenshot_dir / f"about-{width}.png"), full_page=True)
    assert axe_violations(page) == []
    watch.assert_clean()
