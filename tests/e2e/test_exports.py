"""Exports in Chromium: a chart's PNG and SVG carry its title, source, data version
and licence; the embed page is framed by another site while other pages refuse."""

import http.server
import json
import re
import struct
import threading

import pytest

from projects.caching.version import last_updated
from tests.e2e.conftest import axe_violations, draw_every_chart
from tests.site.conftest import corridor  # noqa: F401 (the fixture, used below)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("corridor"),
]

# Records the figure each image is made from, then makes it as before.
RECORD_FIGURES = """() => {
  window.__figures = [];
  const original = window.Plotly.toImage;
  window.Plotly.toImage = (figure, options) => {
    window.__figures.push({layout: figure.layout, format: options.format});
    return original(figure, options);
  };
}"""


def open_dashboard(page_factory, live_server, query="?phase=phase-ii"):
    page, watch = page_factory()
    page.goto(f"{live_server.url}/{query}")
    assert draw_every_chart(page)
    return page, watch


def expected_lines(live_server, query="?phase=phase-ii") -> list[str]:
    version, changed = last_updated()
    return [
        f"Source: CPEC Tracker, {live_server.url}/{query}, from the sources cited "
        "there",
        f"Data version {version}, last updated {changed:%Y-%m-%d %H:%M} UTC",
        "Licence: data CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
    ]


def svg_text(svg: str) -> str:
    """The SVG's text as a reader sees it: tags dropped, entities read."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "\n", svg))


def test_svg_download_from_the_keyboard_carries_title_source_version_and_licence(
    page_factory,
    live_server,
    tmp_path,
):
    page, watch = open_dashboard(page_factory, live_server)
    title = page.inner_text("#chart-status-title")
    button = page.get_by_role("button", name=f"SVG image: {title}")
    button.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "cpec-status.svg"
    path = tmp_path / "chart.svg"
    download.value.save_as(path)
    text = svg_text(path.read_text())
    assert title in text
    for line in expected_lines(live_server):
        assert line in text, line
    watch.assert_clean()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_and_svg_are_made_from_one_figure_with_title_and_source(
    page_factory,
    live_server,
    tmp_path,
):
    page, watch = open_dashboard(page_factory, live_server)
    page.evaluate(RECORD_FIGURES)
    card = page.locator("#chart-investment-card")
    with page.expect_download() as png:
        card.get_by_role("button", name=re.compile("^PNG")).click()
    with page.expect_download():
        card.get_by_role("button", name=re.compile("^SVG")).click()
    assert png.value.suggested_filename == "cpec-investment.png"
    png.value.save_as(tmp_path / "chart.png")
    data = (tmp_path / "chart.png").read_bytes()
    width, height = png_size(data)
    assert width >= 1280 and height >= 600  # drawn at twice the screen's size
    assert len(data) > 20_000
    figures = page.evaluate("window.__figures")
    assert [f["format"] for f in figures] == ["png", "svg"]
    png_layout, svg_layout = (f["layout"] for f in figures)
    assert png_layout == svg_layout
    title = page.inner_text("#chart-investment-title")
    assert png_layout["title"]["text"].replace("<br>", " ") == title
    footer = [a["text"] for a in png_layout["annotations"]][-3:]
    assert footer == expected_lines(live_server)
    # The page's own function gives that figure too.
    made = page.evaluate(
        "() => window.CPECCharts.exportFigure("
        "document.getElementById('chart-investment')).layout"
    )
    assert json.dumps(made, sort_keys=True) == json.dumps(png_layout, sort_keys=True)
    watch.assert_clean()


def test_toolbar_offers_images_with_source_not_plotlys_bare_png(
    page_factory,
    live_server,
):
    page, watch = open_dashboard(page_factory, live_server, query="")
    bar = page.locator("#chart-status .modebar")
    assert bar.locator("[data-title='Download plot as a png']").count() == 0
    button = bar.locator("[data-title='Download SVG with title and source']")
    with page.expect_download() as download:
        button.dispatch_event("click")
    assert download.value.suggested_filename == "cpec-status.svg"
    watch.assert_clean()


def test_card_controls_are_labelled_and_share_and_embed_show_their_text(
    page_factory,
    live_server,
):
    page, watch = open_dashboard(page_factory, live_server)
    card = page.locator("#chart-map-card")
    for name in ("PNG image", "SVG image"):
        assert card.get_by_role("button", name=re.compile(f"^{name}")).is_visible()
    assert card.get_by_role("link", name=re.compile("^CSV table")).is_visible()
    card.locator("summary", has_text="Share").click()
    share = card.get_by_label("Link to this chart, with the page’s filters")
    assert share.input_value() == f"{live_server.url}/?phase=phase-ii#chart-map-card"
    card.locator("summary", has_text="Embed").click()
    snippet = card.get_by_label("HTML that shows this chart on another site")
    assert snippet.input_value().startswith(
        f'<iframe src="{live_server.url}/embed/map/?phase=phase-ii" title="'
    )
    watch.assert_clean()


@pytest.fixture
def elsewhere():
    """Another site (another origin on this machine) serving one page of HTML."""
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages["/"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_another_site_frames_the_embed_page_but_not_the_dashboard(
    page_factory, live_server, elsewhere
):
    pages, address = elsewhere
    assert not live_server.url.startswith(address.rstrip("/"))
    embed = f"{live_server.url}/embed/status/?phase=phase-ii"
    pages["/"] = (
        "<!DOCTYPE html><title>Elsewhere</title>"
        f'<iframe id="embed" src="{embed}" width="800" height="520"></iframe>'
        f'<iframe id="page" src="{live_server.url}/" width="800" height="300"></iframe>'
    )
    page, watch = page_factory()
    with page.expect_response(f"{live_server.url}/") as refused:
        page.goto(address)
    assert refused.value.headers["x-frame-options"] == "DENY"
    framed = page.frame_locator("#embed")
    framed.locator("[data-drawn=true]").wait_for()
    assert "projects are operational" in framed.locator("h1").inner_text()
    assert "CC BY 4.0" in framed.locator(".embed-source").inner_text()
    # The dashboard's frame holds Chromium's error page, not the dashboard.
    assert page.frame_locator("#page").locator(".chart-card").count() == 0
    # The one console error is the refusal of the dashboard's frame.
    assert len(watch.errors) == 1, watch.errors
    assert "frame-ancestors 'none'" in watch.errors[0]


def test_open_share_and_embed_and_the_embed_page_have_no_serious_fault(
    page_factory, live_server
):
    page, watch = open_dashboard(page_factory, live_server)
    card = page.locator("#chart-status-card")
    card.locator("summary", has_text="Share").click()
    card.locator("summary", has_text="Embed").click()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/embed/status/?phase=phase-ii")
    assert draw_every_chart(page)
    assert axe_violations(page) == []
    watch.assert_clean()
