"""axe finds no serious or critical fault on the pages an editor uses, at a
phone's width and a laptop's; the project form with its citations fits 1366 px."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from tests.e2e.conftest import axe_violations
from tests.factories import (
    CitationFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-password"
WIDTHS = (390, 1366)


@pytest.fixture
def records():
    """A project with a dozen citations of different fields, and one of each
    other record an editor opens."""
    energy, transport = SectorFactory(name="Energy"), SectorFactory(name="Transport")
    phase = PhaseFactory(number=1)
    phase.focus_sectors.set([energy, transport])
    project = ProjectFactory(
        name="Sahiwal Coal Power Plant", phase=phase, sector=energy
    )
    fields = ["cost_usd_million", "capacity", "start_date", "completion_date", ""]
    for index in range(12):
        CitationFactory(
            content_object=project,
            source=SourceFactory(title=f"A long report title, number {index}, " * 2),
            field=fields[index % len(fields)],
            locator=f"paragraph {index}",
            note="Checked against the annual report." if index % 3 else "",
        )
    meeting = MeetingFactory(phase=phase)
    meeting.projects.set([project])
    project.cost_usd_million = Decimal("1912")
    project.save()  # a second version, for the history pages
    return {"project": project, "meeting": meeting, "phase": phase}


def admin_pages(records) -> list[str]:
    project, meeting, phase = records["project"], records["meeting"], records["phase"]
    version = project.history.last().history_id
    source = project.citations.first().source
    base = "/admin/projects"
    return [
        "/admin/",
        f"{base}/project/",
        f"{base}/project/{project.pk}/change/",
        f"{base}/project/add/",
        f"{base}/source/",
        f"{base}/source/{source.pk}/change/",
        f"{base}/meeting/{meeting.pk}/change/",
        f"{base}/phase/{phase.pk}/change/",
        f"{base}/project/{project.pk}/history/",
        f"{base}/project/{project.pk}/history/{version}/",
        f"{base}/project/import/",
        "/api/",
        "/api/projects/",
        f"/api/projects/{project.slug}/",
    ]


def signed_in(page, base_url):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_and_api_pages_have_no_serious_axe_violations(
    live_server, page_factory, records, width
):
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    page, watch = page_factory(width, 900)
    page.goto(f"{live_server.url}/admin/login/")
    found = {"/admin/login/": axe_violations(page)}
    signed_in(page, live_server.url)
    for path in admin_pages(records):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(path), f"{path} went to {page.url}"
        found[path] = axe_violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    watch.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_project_form_with_its_citations_fits_the_screen(
    live_server, page_factory, records, screenshot_dir, width
):
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    page, watch = page_factory(width, 900)
    signed_in(page, live_server.url)
    project = records["project"]
    page.goto(f"{live_server.url}/admin/projects/project/{project.pk}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator("fieldset.citations .inline-related.has_original").count() == 12
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width
    # Every citation's controls have a visible label, the field a select.
    field = page.locator("select[name$='-0-field']")
    assert field.evaluate("e => e.labels[0].textContent").startswith("Cited field")
    page.screenshot(
        path=screenshot_dir / f"admin-project-citations-{width}.png", full_page=True
    )
    watch.assert_clean()


def test_a_citation_added_in_the_browser_has_named_controls(
    live_server, page_factory, records
):
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    page, watch = page_factory(1366, 900)
    signed_in(page, live_server.url)
    project = records["project"]
    page.goto(f"{live_server.url}/admin/projects/project/{project.pk}/change/")
    page.click("fieldset.citations .add-row a")
    page.wait_for_timeout(300)
    new = page.locator("fieldset.citations .inline-related.last-related").last
    assert new.locator("select[name$='-field'] option").first.inner_text() == (
        "(the record as a whole)"
    )
    assert axe_violations(page) == []
    watch.assert_clean()
