"""axe-core finds no serious or critical accessibility fault on any public page."""

import pytest

from tests.e2e.conftest import axe_violations
from tests.e2e.public_pages import PUBLIC_PAGES
from tests.e2e.test_pages import open_page
from tests.site.conftest import corridor  # noqa: F401  (the pages' data)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("corridor"),
]

# A phone, where filters fold and tables become cards, and a laptop.
WIDTHS = (390, 1366)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_page_has_no_serious_accessibility_fault(page_factory, live_server, path):
    found = []
    for width in WIDTHS:
        page, _ = page_factory(width, 900)
        open_page(page, live_server.url + path)
        found += [f"{width}px: {violation}" for violation in axe_violations(page)]
        page.context.close()
    assert found == [], f"{path}: " + "; ".join(found)


def test_open_filters_have_no_serious_accessibility_fault(page_factory, live_server):
    """The folded filter form, opened on a phone, is checked as well."""
    page, _ = page_factory(390, 900)
    open_page(page, live_server.url + "/projects/")
    page.get_by_text("Filters", exact=True).click()
    assert page.get_by_label("Phase").is_visible()
    assert axe_violations(page) == []
