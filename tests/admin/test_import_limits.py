"""The admin CSV import's limits, its stored files, and a tampered confirm step."""

import io
import os
import time

import pytest

from projects.imports.storage import ImportFileStorage
from projects.models import Project
from tests.admin.conftest import stored_files
from tests.admin.helpers import admin_url, project_csv, row_for, snapshot

pytestmark = pytest.mark.django_db


def upload(body: str | bytes, name="projects.csv"):
    file = io.BytesIO(body.encode() if isinstance(body, str) else body)
    file.name = name
    return file


def preview(client, body, name="projects.csv"):
    return client.post(
        admin_url(Project, "import"), {"format": "0", "import_file": upload(body, name)}
    )


def confirm_data(response) -> dict:
    confirm = response.context["confirm_form"]
    return {name: confirm[name].value() for name in confirm.fields}


@pytest.mark.parametrize("size", [3_000, 200_000], ids=["grows-past", "declared"])
def test_an_upload_over_the_size_limit_is_refused_unstored(
    admin_client, data, settings, import_folder, size
):
    settings.IMPORT_MAX_BYTES = 2_000
    before = snapshot()
    body = project_csv([row_for(data["project"], cost_usd_million="2500")])
    body += "#" * (size - len(body))
    response = preview(admin_client, body, name="big.csv")
    assert response.status_code == 200
    page = response.content.decode()
    assert "big.csv is " in page
    assert "an import takes files of at most 2.0\xa0KB" in page
    assert not response.context.get("confirm_form")
    assert snapshot() == before
    assert stored_files(import_folder) == []


def test_an_upload_over_the_row_limit_is_refused(
    admin_client, data, settings, import_folder
):
    settings.IMPORT_MAX_ROWS = 3
    project = data["project"]
    rows = [row_for(project, slug=f"p-{n}", name=f"P {n}") for n in range(4)]
    before = snapshot()
    response = preview(admin_client, project_csv(rows))
    assert response.status_code == 200
    assert "projects.csv has 4 rows; an import takes at most 3." in (
        response.content.decode()
    )
    assert not response.context.get("confirm_form")
    assert snapshot() == before
    assert stored_files(import_folder) == []


def test_a_file_waits_for_its_confirm_and_is_removed_after(
    admin_client, data, import_folder
):
    body = project_csv([row_for(data["project"], cost_usd_million="2500")])
    response = preview(admin_client, body)
    (stored,) = stored_files(import_folder)
    assert response.context["confirm_form"]["import_file_name"].value() == stored
    done = admin_client.post(
        admin_url(Project, "process_import"), confirm_data(response)
    )
    assert done.status_code == 302
    assert Project.objects.get(pk=data["project"].pk).cost_usd_million == 2500
    assert stored_files(import_folder) == []


def test_a_refused_preview_keeps_no_file(admin_client, data, import_folder):
    body = project_csv([row_for(data["project"], sector="mining")])
    response = preview(admin_client, body)
    assert "Unknown sector" in response.content.decode()
    assert stored_files(import_folder) == []


def test_an_unreadable_upload_keeps_no_file(admin_client, data, import_folder):
    response = preview(admin_client, b"\x00\xff not a csv", name="x.csv")
    assert response.status_code == 200
    assert not response.context.get("confirm_form")
    assert stored_files(import_folder) == []


def test_abandoned_previews_are_removed_when_an_import_starts(
    admin_client, data, import_folder, settings
):
    settings.IMPORT_STALE_SECONDS = 3600
    old, fresh = ImportFileStorage(), ImportFileStorage()
    old.save(b"slug\n")
    fresh.save(b"slug\n")
    two_hours_ago = time.time() - 7200
    os.utime(old.get_full_path(), (two_hours_ago, two_hours_ago))
    (import_folder / "notes.txt").write_text("not ours")
    assert admin_client.get(admin_url(Project, "import")).status_code == 200
    assert stored_files(import_folder) == sorted([fresh.name, "notes.txt"])


@pytest.fixture
def previewed(admin_client, data, import_folder, tmp_path):
    """A valid preview's confirm data, and a CSV outside the import folder."""
    body = project_csv([row_for(data["project"], cost_usd_million="2500")])
    outside = tmp_path / "secret.csv"
    outside.write_text(body)
    return confirm_data(preview(admin_client, body))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("import_file_name", "../../settings.py", "no longer here"),
        ("import_file_name", "../secret.csv", "no longer here"),
        ("import_file_name", "/etc/passwd", "no longer here"),
        ("import_file_name", "0" * 32, "no longer here"),
        ("import_file_name", "", "This field is required"),
        ("format", "7", "Select a valid choice"),
        ("format", "csv", "Select a valid choice"),
        ("resource", "3", "Select a valid choice"),
        ("original_file_name", "\x01\x02", "The file name is missing"),
        ("original_file_name", "a\x00b", "Null characters are not allowed"),
    ],
)
def test_a_tampered_confirm_is_a_form_error(
    admin_client, previewed, field, value, message
):
    before = snapshot()
    response = admin_client.post(
        admin_url(Project, "process_import"), {**previewed, field: value}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


def test_a_confirm_whose_file_is_gone_is_a_form_error(
    admin_client, previewed, import_folder
):
    ImportFileStorage(name=previewed["import_file_name"]).remove()
    response = admin_client.post(admin_url(Project, "process_import"), previewed)
    assert response.status_code == 400
    assert "Upload it again" in response.content.decode()


def test_a_garbled_original_name_is_cleaned_and_the_import_runs(
    admin_client, previewed, data
):
    response = admin_client.post(
        admin_url(Project, "process_import"),
        {**previewed, "original_file_name": "../../etc/\x07pass\nwd.csv"},
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=data["project"].pk).cost_usd_million == 2500
