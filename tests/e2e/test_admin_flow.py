"""An editor changes a figure in the admin and sees it on the site and in /changes/."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from projects.models import Project
from tests.factories import CitationFactory, ProjectFactory, SourceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-password"


@pytest.fixture
def editor_page(live_server, page_factory):
    call_command("setup_roles", verbosity=0)
    user = User.objects.create_user(
        "amina.k", "amina@example.org", PASSWORD, first_name="Amina", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    page, watch = page_factory(1366, 900)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "amina.k")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page, watch


def test_editor_changes_a_cost_and_sees_it_published(
    live_server, editor_page, screenshot_dir
):
    project = ProjectFactory(
        name="Sahiwal Coal Power Plant", cost_usd_million=Decimal("1912")
    )
    for reported, headline in (("$1.912bn", True), ("$1.95bn", False)):
        CitationFactory(
            content_object=project,
            source=SourceFactory(title=f"Report of {reported}"),
            field="cost_usd_million",
            reported_value=reported,
            locator="paragraph 2",
            is_headline=headline,
        )
    page, watch = editor_page

    page.goto(f"{live_server.url}/admin/projects/project/{project.pk}/change/")
    cost = page.locator("#id_cost_usd_million")
    assert cost.input_value() == "1912.00"
    cost.fill("1950")
    prefix = "projects-citation-content_type-object_id"
    # The new figure is the second source's: it becomes the headline.
    page.uncheck(f"input[name='{prefix}-0-is_headline']")
    page.check(f"input[name='{prefix}-1-is_headline']")
    page.screenshot(path=screenshot_dir / "admin-project-change.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/projects/project/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("1950")

    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    assert re.search(r"\b1,950\b", page.locator("main").inner_text())
    assert not re.search(r"\b1,912\b", page.locator("main").inner_text())

    page.goto(f"{live_server.url}/changes/")
    rows = page.locator("table.changes tbody tr").all_inner_texts()
    # The project's own change, beside the citations whose headline moved.
    row = next(r for r in rows if "Sahiwal Coal Power Plant" in r)
    assert any("Is headline: no → yes" in r for r in rows)
    assert "1912.00 → 1950.00" in row
    assert "Amina" in row and "amina@example.org" not in page.content()
    page.screenshot(path=screenshot_dir / "changes.png", full_page=True)

    page.goto(f"{live_server.url}/admin/projects/project/{project.pk}/history/")
    history = page.locator("#change-history tbody tr").first.inner_text()
    assert "1912.00" in history and "1950.00" in history and "Amina" in history
    page.screenshot(path=screenshot_dir / "admin-project-history.png", full_page=True)
    watch.assert_clean()
    assert Project.history.filter(
        id=project.pk, history_user__username="amina.k"
    ).exists()


def test_editor_sees_a_figure_refused_that_no_citation_supports(
    live_server, editor_page
):
    project = ProjectFactory(name="Port Qasim", cost_usd_million=Decimal("1912"))
    CitationFactory(
        content_object=project,
        source=SourceFactory(title="Dawn"),
        field="cost_usd_million",
        reported_value="$1.912bn",
        locator="paragraph 2",
        is_headline=True,
    )
    page, watch = editor_page

    page.goto(f"{live_server.url}/admin/projects/project/{project.pk}/change/")
    page.locator("#id_cost_usd_million").fill("9000")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    errors = " ".join(page.locator(".errorlist").all_inner_texts())
    assert "differs from its headline citation" in errors
    assert "Add or choose the citation that supports the new figure" in errors
    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("1912")
    watch.assert_clean()


def test_editor_previews_an_import_and_a_bad_row_stops_it(
    live_server, editor_page, screenshot_dir, tmp_path
):
    from projects.admin.resources import ProjectResource

    project = ProjectFactory(name="Gwadar Port", cost_usd_million=Decimal("300"))
    resource = ProjectResource()
    dataset = resource.export()
    good = dict(zip(dataset.headers, dataset[0], strict=True))
    good["cost_usd_million"] = "350"
    bad = {**good, "slug": "ghost-line", "name": "Ghost line", "sector": "mining"}
    dataset.wipe()
    dataset.headers = list(good)
    dataset.append(list(good.values()))
    dataset.append(list(bad.values()))
    upload = tmp_path / "projects.csv"
    upload.write_text(dataset.export("csv"))
    page, watch = editor_page

    page.goto(f"{live_server.url}/admin/projects/project/")
    page.click("a.import_link")
    page.set_input_files("input[name=import_file]", upload)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    text = page.locator("#content").inner_text()
    assert "Unknown sector 'mining'." in text
    assert page.locator("input[name=import_file_name]").count() == 0
    page.screenshot(path=screenshot_dir / "admin-import-errors.png", full_page=True)
    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("300")
    assert not Project.objects.filter(slug="ghost-line").exists()
    watch.assert_clean()
