"""Browser fixtures: Playwright driving Debian's Chromium against live_server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# in the same thread (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class PageWatch:
    """Collects console errors, failed responses and requests that leave the host."""

    def __init__(self, page, base_url):
        from urllib.parse import urlparse

        self.page = page
        self.host = urlparse(base_url).hostname
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                urlparse(r.url).hostname not in {self.host, None}
                and not r.url.startswith(("data:", "blob:"))
                and self.foreign.append(r.url)
            ),
        )
        page.on(
            "response",
            lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"),
        )

    def assert_clean(self):
        assert self.errors == [], self.errors
        assert self.foreign == [], self.foreign
        assert self.failed == [], self.failed


@pytest.fixture
def page_factory(browser, live_server):
    contexts = []

    def make(width=1366, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        return page, PageWatch(page, live_server.url)

    yield make
    for context in contexts:
        context.close()


# The impacts a page may not have: axe's "serious" and "critical".
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[str]:
    """axe-core (bundled by axe-playwright-python) run on the page as it stands.

    Each violation of a blocking impact, as "rule-id (impact): target, target".
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in impacts:
            targets = ", ".join(
                " ".join(map(str, node["target"])) for node in violation["nodes"][:5]
            )
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


# A chart is drawn as it nears the viewport (static/js/chart-loader.js).
IS_DRAWN = "chart => chart.getAttribute('data-drawn') === 'true'"


def draw_every_chart(page, timeout: float = 15_000) -> int:
    """Scrolls each chart into view in turn and waits until it is drawn, then
    back to the top; how many charts the page has."""
    charts = page.locator("[data-figure]")
    count = charts.count()
    for index in range(count):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        page.wait_for_function(IS_DRAWN, arg=chart.element_handle(), timeout=timeout)
    page.evaluate("window.scrollTo(0, 0)")
    return count
