"""The pages in Chromium: they load cleanly, draw their charts and work on a phone."""

import datetime
import re
from decimal import Decimal

import pytest

from projects.choices import MeetingKind, Province, Status
from tests.e2e.conftest import draw_every_chart
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)

# live_server needs committed data, hence transactions; the module runs on
# whichever database DATABASE_URL names (SQLite or PostgreSQL).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def build_phases():
    phase1 = PhaseFactory(
        number=1,
        name="Early harvest",
        slug="phase-i",
        start_year=2015,
        end_year=2020,
        reported_investment_usd_million=Decimal("33000"),
    )
    phase2 = PhaseFactory(number=2, name="Industrial", slug="phase-ii", start_year=2021)
    return phase1, phase2


def build_projects(phase1, phase2, energy, transport):
    """Two plants of phase 1; a planned railway and a bare project of phase 2."""
    sahiwal = ProjectFactory(
        name="Sahiwal power plant", slug="sahiwal", phase=phase1, sector=energy
    )
    ProjectFactory(
        name="Port Qasim power plant",
        slug="port-qasim",
        phase=phase1,
        sector=energy,
        province=Province.SINDH,
        latitude=Decimal("24.7845"),
        longitude=Decimal("67.36939"),
    )
    ml1 = ProjectFactory(
        name="ML-1 railway",
        slug="ml-1",
        phase=phase2,
        sector=transport,
        status=Status.PLANNED,
        province=Province.MULTIPLE,
        capacity=Decimal("1726"),
        capacity_unit="km",
        cost_usd_million=Decimal("6700"),
        latitude=None,
        longitude=None,
        start_date=datetime.date(2026, 1, 1),
        start_date_precision="year",
        completion_date=datetime.date(2032, 1, 1),
        completion_date_precision="year",
    )
    ProjectFactory(
        name="Bare project",
        slug="bare",
        phase=phase2,
        sector=transport,
        status=Status.PLANNED,
        latitude=None,
        longitude=None,
        cost_usd_million=None,
        start_date=None,
        completion_date=None,
    )
    return sahiwal, ml1


def build_meeting_sources_and_trade(phase2, sahiwal, ml1):
    jcc = MeetingFactory(
        kind=MeetingKind.JCC,
        number=14,
        title="14th JCC",
        slug="jcc-14",
        date=datetime.date(2025, 9, 26),
        phase=phase2,
    )
    jcc.projects.add(sahiwal, ml1)
    source = SourceFactory(title="The article", slug="article")
    CitationFactory(
        source=source,
        content_object=sahiwal,
        field="cost_usd_million",
        reported_value="$1.912bn",
        is_headline=True,
    )
    IndicatorFactory(
        name="China's annual imports", value=Decimal("2"), unit="US$ trillion"
    )
    IndicatorFactory(
        name="Pakistan's exports to China", value=Decimal("3"), unit="US$ billion"
    )


@pytest.fixture
def corridor():
    phase1, phase2 = build_phases()
    energy = SectorFactory(name="Energy", slug="energy", color="#b35c00")
    transport = SectorFactory(name="Transport", slug="transport", color="#1d70b8")
    sahiwal, ml1 = build_projects(phase1, phase2, energy, transport)
    build_meeting_sources_and_trade(phase2, sahiwal, ml1)


def open_page(page, url):
    page.goto(url, wait_until="networkidle")
    if page.locator("[data-figure]").count():
        assert draw_every_chart(page)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?phase=phase-ii&sector=transport",
        "/projects/",
        "/projects/?status=planned&ordering=-cost_usd_million",
        "/projects/sahiwal/",
        "/projects/bare/",
        "/phases/",
        "/phases/phase-i/",
        "/sectors/",
        "/sectors/transport/",
        "/meetings/",
        "/meetings/jcc-14/",
        "/sources/",
    ],
)
def test_page_loads_cleanly(page_factory, live_server, corridor, path):
    page, watch = page_factory()
    open_page(page, live_server.url + path)
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1
    watch.assert_clean()


def test_dashboard_draws_every_chart_with_a_table(
    page_factory, live_server, corridor, screenshot_dir
):
    page, watch = page_factory(1366, 900)
    topojson = []
    page.on(
        "response",
        lambda r: "/static/vendor/topojson/" in r.url and topojson.append(r.status),
    )
    open_page(page, live_server.url + "/")
    cards = page.locator(".chart-card")
    assert cards.count() == 6
    assert page.locator(".chart-card .js-plotly-plot").count() == 6
    assert page.locator(".chart-card details.chart-table table").count() == 6
    # The map drew its countries from the topojson served here.
    assert topojson == [200]
    assert page.locator("#chart-map .geo .countries path").count() > 0
    # Every toolbar button has a name.
    buttons = page.locator(".modebar-btn")
    assert buttons.count() > 0
    for index in range(buttons.count()):
        assert buttons.nth(index).get_attribute("aria-label")
    page.screenshot(path=screenshot_dir / "dashboard-desktop.png", full_page=True)
    watch.assert_clean()


def test_chart_table_opens_and_lists_the_drawn_numbers(
    page_factory, live_server, corridor
):
    page, watch = page_factory()
    open_page(page, live_server.url + "/")
    card = page.locator("#chart-status-card")
    table = card.locator("details.chart-table table")
    assert not table.is_visible()
    card.locator("details.chart-table summary").click()
    assert table.is_visible()
    assert table.locator("tbody tr").first.inner_text().split("\t")[:2] == [
        "Planned",
        "2",
    ]
    watch.assert_clean()


def test_dashboard_works_on_a_phone(
    page_factory, live_server, corridor, screenshot_dir
):
    page, watch = page_factory(390, 844)
    open_page(page, live_server.url + "/")
    assert page.locator(".js-plotly-plot").count() == 6
    # Nothing wider than the screen: no sideways scrolling.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    for chart in page.locator(".js-plotly-plot").all():
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=screenshot_dir / "dashboard-phone.png", full_page=True)
    watch.assert_clean()


def test_filters_apply_from_the_form(page_factory, live_server, corridor):
    page, watch = page_factory()
    open_page(page, live_server.url + "/")
    page.get_by_label("Phase").select_option("phase-ii")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/?phase=phase-ii**")
    assert draw_every_chart(page)
    assert "2" == page.locator(".kpi-value").first.inner_text()
    watch.assert_clean()


def test_clicking_a_project_in_the_list_opens_its_page(
    page_factory, live_server, corridor, screenshot_dir
):
    page, watch = page_factory()
    open_page(page, live_server.url + "/projects/")
    page.get_by_role("link", name="Sahiwal power plant").click()
    page.wait_for_url("**/projects/sahiwal/")
    assert draw_every_chart(page)
    assert page.locator("h1").inner_text() == "Sahiwal power plant"
    assert page.locator(".js-plotly-plot").count() == 2
    page.screenshot(path=screenshot_dir / "project-desktop.png", full_page=True)
    watch.assert_clean()


def test_project_page_on_a_phone(page_factory, live_server, corridor, screenshot_dir):
    page, watch = page_factory(390, 844)
    open_page(page, live_server.url + "/projects/sahiwal/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "project-phone.png", full_page=True)
    watch.assert_clean()


def test_sorting_a_column_from_its_header(page_factory, live_server, corridor):
    page, watch = page_factory()
    open_page(page, live_server.url + "/projects/")
    page.locator("thead").get_by_role("link", name="Cost (US$ million)").click()
    page.wait_for_url("**ordering=cost_usd_million**")
    first = page.locator("tbody tr").first.locator("th").inner_text()
    assert first in {"Sahiwal power plant", "Port Qasim power plant"}
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    watch.assert_clean()


def test_charts_switch_layout_when_the_window_narrows(
    page_factory, live_server, corridor
):
    page, watch = page_factory(1366, 900)
    open_page(page, live_server.url + "/")
    ticks = page.locator("#chart-timeline .ytick text")
    assert "Port Qasim power plant" in ticks.all_text_contents()
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(
        "() => [...document.querySelectorAll('#chart-timeline .ytick text')]"
        ".some(t => t.textContent.endsWith('…'))",
        timeout=10_000,
    )
    assert "Port Qasim powe…" in ticks.all_text_contents()
    watch.assert_clean()


def click_mark(page, selector: str) -> None:
    """Click the middle of a chart's last mark (the largest bar) as a person
    would: Plotly listens on the layer above the marks, after the pointer has
    moved there."""
    mark = page.locator(selector).last
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    with page.expect_navigation():
        page.mouse.click(x, y)


def test_a_bar_and_a_map_point_open_their_pages(page_factory, live_server, corridor):
    page, watch = page_factory(1366, 900)
    open_page(page, live_server.url + "/")
    click_mark(page, "#chart-investment .barlayer .trace:first-child .point path")
    assert re.search(r"/sectors/[\w-]+/$", page.url), page.url
    open_page(page, live_server.url + "/")
    click_mark(page, "#chart-map .scattergeo path.point")
    assert re.search(r"/projects/[\w-]+/$", page.url), page.url
    watch.assert_clean()
