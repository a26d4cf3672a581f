"""Pages, admin and API docs run under the production CSP with no violation."""

import pytest

from tests.factories import ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def violations(page):
    return page.evaluate("window.__cspViolations")


@pytest.fixture
def signed_in_admin(django_user_model, live_server, page_factory):
    django_user_model.objects.create_superuser(
        "lead", "lead@example.org", "a-long-enough-password"
    )
    page, watch = page_factory()
    page.add_init_script(LISTEN)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "lead")
    page.fill("#id_password", "a-long-enough-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page, watch


@pytest.mark.parametrize(
    "path", ["/", "/projects/", "/projects/csp-check/", "/api/docs/", "/admin/login/"]
)
def test_public_pages_have_no_csp_violation(live_server, page_factory, path):
    ProjectFactory(name="CSP check", slug="csp-check")
    page, watch = page_factory()
    page.add_init_script(LISTEN)
    response = page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert violations(page) == []
    watch.assert_clean()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/projects/project/",
        "/admin/projects/project/add/",
        "/admin/projects/project/import/",
        "/admin/projects/project/export/",
        "/admin/projects/importjob/",
    ],
)
def test_admin_pages_have_no_csp_violation(signed_in_admin, live_server, path):
    ProjectFactory(name="CSP check", slug="csp-check")
    page, watch = signed_in_admin
    page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    assert violations(page) == []
    watch.assert_clean()


FIELDS = ".selectable-field-export-row input[type=checkbox]"


def test_admin_export_select_all_works_under_the_csp(signed_in_admin, live_server):
    ProjectFactory(name="Export check", slug="export-check")
    page, watch = signed_in_admin
    page.goto(
        f"{live_server.url}/admin/projects/project/export/", wait_until="networkidle"
    )
    fields = page.locator(FIELDS)
    count = fields.count()
    assert count > 5
    checked = "els => els.filter(e => e.checked).length"
    assert fields.evaluate_all(checked) == count

    page.click("label[for=select-all-toggle]")
    assert not page.is_checked("input.select-toggle")
    assert fields.evaluate_all(checked) == 0

    page.click("input.select-toggle")
    assert fields.evaluate_all(checked) == count
    assert violations(page) == []
    watch.assert_clean()
