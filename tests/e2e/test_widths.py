"""No public page scrolls sideways on a small phone, a large phone or a tablet."""

import pytest

from tests.e2e.public_pages import PUBLIC_PAGES
from tests.e2e.test_pages import open_page
from tests.site.conftest import corridor  # noqa: F401  (the pages' data)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("corridor"),
]

WIDTHS = (320, 390, 768)

# The element reaching furthest right, outside any box that scrolls or clips
# its own overflow: the one to fix. The deepest wins a tie, being the cause
# rather than a container stretched by it.
WIDEST = """(width) => {
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4;
         e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) part += '#' + e.id;
      else if (typeof e.className === 'string' && e.className.trim())
        part += '.' + e.className.trim().split(/\\s+/).join('.');
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  let widest = null, right = width;
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right >= right && box.right > width + 0.5 && !clipped(el)) {
      widest = el; right = box.right;
    }
  }
  if (!widest) return 'no single element found';
  const text = (widest.textContent || '').trim().slice(0, 40);
  return `${describe(widest)} reaches ${Math.round(right)}px ("${text}")`;
}"""


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_page_does_not_scroll_sideways(page_factory, live_server, path):
    overflows = []
    for width in WIDTHS:
        page, _ = page_factory(width, 800)
        open_page(page, live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            culprit = page.evaluate(WIDEST, width)
            overflows.append(f"{width}px: {scroll_width}px wide, {culprit}")
        page.context.close()
    assert overflows == [], f"{path} scrolls sideways: " + "; ".join(overflows)


def test_filters_fold_on_a_phone_and_stay_open_on_a_laptop(page_factory, live_server):
    page, watch = page_factory(390, 844)
    open_page(page, live_server.url + "/projects/?status=planned")
    phase = page.get_by_label("Phase")
    assert not phase.is_visible()
    summary = page.locator(".filters-fold > summary")
    assert summary.inner_text() == "Filters (1 active)"
    summary.click()
    assert phase.is_visible()
    watch.assert_clean()
    # An invalid filter (a 400 naming it) opens the form where its error is.
    response = page.goto(live_server.url + "/projects/?min_cost=abc")
    assert response.status == 400
    assert page.get_by_label("Minimum cost (US$ million)").is_visible()

    page, watch = page_factory(1366, 900)
    open_page(page, live_server.url + "/projects/")
    assert page.get_by_label("Phase").is_visible()
    assert not page.locator(".filters-fold > summary").is_visible()
    watch.assert_clean()


@pytest.mark.parametrize("width", [320, 390])
def test_project_list_is_cards_on_a_phone(
    page_factory, live_server, screenshot_dir, width
):
    page, watch = page_factory(width, 844)
    open_page(page, live_server.url + "/projects/")
    # The column headers are there for screen readers, not drawn.
    assert page.locator("thead").bounding_box()["height"] <= 1
    card = page.locator("tbody tr", has_text="ML-1 railway")
    # Every fact of the project shows within the screen, under its column's name.
    for label, value in [
        ("Phase", "2"),
        ("Sector", "Transport"),
        ("Status", "Planned"),
        ("Province", "Multiple provinces"),
        ("Cost (US$ million)", "6,700"),
        ("Start", "2026"),
        ("Completion", "2032"),
    ]:
        cell = card.locator(f'td[data-label="{label}"]')
        assert cell.inner_text().split("\n")[-1].strip() == value, label
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, label
    page.screenshot(path=screenshot_dir / f"projects-cards-{width}.png")
    watch.assert_clean()


def test_project_list_is_a_table_on_a_laptop(page_factory, live_server):
    page, watch = page_factory(1366, 900)
    open_page(page, live_server.url + "/projects/")
    headers = page.locator("thead th")
    assert headers.count() == 8 and headers.first.is_visible()
    row = page.locator("tbody tr").first
    boxes = [cell.bounding_box() for cell in row.locator("th, td").all()]
    # One line of cells side by side, not a stack.
    assert len({round(box["y"]) for box in boxes}) == 1
    watch.assert_clean()


@pytest.mark.parametrize("width", (390, 1366))
def test_urdu_dashboard_reads_right_to_left_without_sideways_scroll(
    page_factory, live_server, width
):
    page, watch = page_factory(width, 800)
    open_page(page, live_server.url + "/ur/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ur"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, page.evaluate(WIDEST, width)
    watch.assert_clean()


# Each chart's category labels, measured against its own box: -1 when one starts
# before the chart's left edge (drawn outside the margin Plotly left for it).
LABELS_INSIDE = """() => [...document.querySelectorAll('.chart')].map((chart) => {
  const edge = chart.getBoundingClientRect().left;
  const labels = [...chart.querySelectorAll('.ytick text')];
  return labels.length && Math.min(...labels.map(
    (label) => label.getBoundingClientRect().left - edge));
})"""


@pytest.mark.parametrize("language", ("", "/ur", "/zh-hans"))
def test_chart_labels_sit_inside_their_chart_in_every_language(
    page_factory, live_server, language
):
    page, watch = page_factory(1366, 900)
    open_page(page, f"{live_server.url}{language}/")
    page.wait_for_selector(".chart .ytick text")
    offsets = page.evaluate(LABELS_INSIDE)
    assert any(offsets) and min(offsets) >= 0, offsets
    watch.assert_clean()
