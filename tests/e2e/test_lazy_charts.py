"""plotly.js is fetched only when a chart nears the viewport, and scrolling to a
chart draws it."""

import pytest

from tests.e2e.conftest import IS_DRAWN, draw_every_chart
from tests.site.conftest import corridor  # noqa: F401 (the fixture, used below)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("corridor"),
]

# A short window: the dashboard's first chart starts well below it.
WIDTH, HEIGHT = 1366, 360
# How far below the viewport chart-loader.js starts loading (its NEAR margin).
NEAR = 0.5


def test_plotly_waits_for_a_chart_to_near_the_viewport(page_factory, live_server):
    page, watch = page_factory(WIDTH, HEIGHT)
    plotly = []
    page.on("request", lambda r: "/vendor/plotly" in r.url and plotly.append(r.url))
    page.goto(live_server.url + "/", wait_until="networkidle")
    first = page.locator("[data-figure]").first
    top = first.evaluate("chart => chart.getBoundingClientRect().top")
    assert top > HEIGHT * (1 + NEAR), "the first chart is not far enough down"

    # Loaded and idle, with every chart out of reach: nothing of plotly.js.
    assert page.evaluate("document.readyState") == "complete"
    assert plotly == []
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert page.locator("[data-drawn]").count() == 0
    # The summary says what the chart shows meanwhile.
    summary = first.get_attribute("aria-describedby")
    assert page.locator(f"#{summary}").inner_text()

    first.scroll_into_view_if_needed()
    page.wait_for_function(IS_DRAWN, arg=first.element_handle())
    assert len(plotly) == 1
    assert first.locator(".main-svg").count() > 0
    # The charts still below are left for later.
    assert (
        page.locator("[data-drawn=true]").count()
        < page.locator("[data-figure]").count()
    )
    watch.assert_clean()


def test_plotly_is_fetched_once_for_every_chart(page_factory, live_server):
    page, watch = page_factory(WIDTH, HEIGHT)
    plotly = []
    page.on("request", lambda r: "/vendor/plotly" in r.url and plotly.append(r.url))
    page.goto(live_server.url + "/", wait_until="networkidle")
    assert draw_every_chart(page) == 6
    assert len(plotly) == 1
    watch.assert_clean()


def test_without_plotly_a_chart_near_the_viewport_opens_its_table(
    page_factory, live_server
):
    page, watch = page_factory(WIDTH, HEIGHT)
    page.route("**/vendor/plotly*", lambda route: route.abort())
    page.goto(live_server.url + "/", wait_until="networkidle")
    first = page.locator("[data-figure]").first
    first.scroll_into_view_if_needed()
    page.wait_for_function("chart => chart.hidden", arg=first.element_handle())
    card = page.locator(f"#{first.get_attribute('id')}-card")
    assert card.locator("details.chart-table").get_attribute("open") is not None
    assert card.locator("details.chart-table table").is_visible()
    # The blocked request is the only fault: no script error.
    assert [e for e in watch.errors if "Failed to load" not in e] == []
