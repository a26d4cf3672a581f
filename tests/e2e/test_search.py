"""Search in Chromium: the header's box finds a project by another of its names."""

import pytest

from projects.choices import Status
from tests.e2e.conftest import axe_violations
from tests.factories import PhaseFactory, ProjectFactory, SectorFactory, SourceFactory

# live_server needs committed data, hence transactions; the module runs on
# whichever database DATABASE_URL names (SQLite or PostgreSQL).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def named():
    phase = PhaseFactory(number=2, name="Industrial", slug="phase-ii")
    transport = SectorFactory(name="Transport", slug="transport")
    ProjectFactory(
        name="Main Line-1 (ML-1) railway upgrade",
        slug="ml-1",
        aliases=["ML-1", "Main Line 1"],
        phase=phase,
        sector=transport,
        status=Status.PLANNED,
        location="Karachi to Peshawar",
    )
    ProjectFactory(
        name="Main Line-2 (ML-2) railway upgrade",
        slug="ml-2",
        phase=phase,
        sector=transport,
        location="Kotri to Attock",
    )
    ProjectFactory(
        name="New Gwadar International Airport",
        slug="new-gwadar-airport",
        phase=phase,
        sector=transport,
        location="Gwadar",
    )
    ProjectFactory(
        name="Gwadar Port", slug="gwadar-port", phase=phase, sector=transport
    )
    SourceFactory(title="Gwadar airport opens", slug="airport-opens", publisher="Dawn")


def search_from_header(page, query: str) -> None:
    box = page.get_by_role("search").first.get_by_label(
        "Search projects, meetings and sources"
    )
    box.fill(query)
    box.press("Enter")
    page.wait_for_load_state("networkidle")


def test_header_search_finds_ml1_by_another_spelling_and_opens_it(
    page_factory, live_server, named, screenshot_dir
):
    page, watch = page_factory()
    page.goto(live_server.url + "/projects/", wait_until="networkidle")
    search_from_header(page, "ML1")
    assert page.url == live_server.url + "/search/?q=ML1"
    results = page.locator("#projects")
    assert results.get_by_role("heading").inner_text() == "Projects (1)"
    link = results.get_by_role("link", name="Main Line-1 (ML-1) railway upgrade")
    assert link.is_visible()
    assert page.get_by_text("ML-2").count() == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / "search-ml1.png"), full_page=True)
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url == live_server.url + "/projects/ml-1/"
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Main Line-1 (ML-1)")
    )
    watch.assert_clean()


def test_header_search_finds_the_airport_by_two_of_its_words(
    page_factory, live_server, named
):
    page, watch = page_factory(width=390, height=844)
    page.goto(live_server.url + "/", wait_until="networkidle")
    search_from_header(page, "Gwadar airport")
    projects = page.locator("#projects")
    names = projects.locator("li > a").all_inner_texts()
    assert names == ["New Gwadar International Airport"]
    assert page.locator("#sources li > a").all_inner_texts() == ["Gwadar airport opens"]
    # The search page's own box holds the query, to refine it.
    assert page.locator("#id_q").input_value() == "Gwadar airport"
    page.locator("#sources li > a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#airport-opens").is_visible()
    watch.assert_clean()
