"""Large CSV imports as background jobs: preview, confirm, progress, failure."""

import pytest
from django.core.cache import cache

from projects.background import run_in_background
from projects.choices import ImportState
from projects.imports.jobs import progress_key
from projects.models import ImportJob, Project
from tests.admin.conftest import stored_files
from tests.admin.helpers import admin_url, project_csv, row_for, snapshot
from tests.admin.test_import_limits import preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(settings):
    """Two rows count as a large file."""
    settings.IMPORT_BACKGROUND_ROWS = 1


def rows(data, **changes):
    project = data["project"]
    return project_csv(
        [
            row_for(project, cost_usd_million="2500"),
            row_for(project, slug="gwadar-port", name="Gwadar Port", **changes),
        ]
    )


def confirm_fields(job) -> dict:
    return {
        "import_file_name": job.stored_name,
        "original_file_name": job.file_name,
        "format": str(job.format_index),
        "resource": str(job.resource_index),
    }


def test_a_large_file_is_previewed_then_imported_as_jobs(
    admin_client, data, big, import_folder
):
    before = snapshot()
    response = preview(admin_client, rows(data))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.dry_run, job.state) == (True, ImportState.DONE)
    assert (job.rows_done, job.rows_total) == (2, 2)
    assert job.totals["new"] == 1 and job.totals["update"] == 1
    assert job.confirmable and stored_files(import_folder) == [job.stored_name]
    assert snapshot() == before

    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "2 of 2" in page and "Confirm import" in page
    assert 'http-equiv="refresh"' not in page

    done = admin_client.post(admin_url(Project, "process_import"), confirm_fields(job))
    applied = ImportJob.objects.get(dry_run=False)
    assert done["Location"] == applied.get_absolute_url()
    assert (applied.state, applied.rows_done, applied.error) == (
        ImportState.DONE,
        2,
        "",
    )
    project = Project.objects.get(pk=data["project"].pk)
    assert project.cost_usd_million == 2500
    assert Project.objects.filter(slug="gwadar-port").exists()
    latest = project.history.first()
    assert latest.history_change_reason == "CSV import"
    assert latest.history_user == admin_client.user
    assert stored_files(import_folder) == []


def test_a_large_preview_with_bad_rows_lists_them_and_keeps_no_file(
    admin_client, data, big, import_folder
):
    preview(admin_client, rows(data, sector="mining"))
    job = ImportJob.objects.get()
    assert job.state == ImportState.DONE and not job.confirmable
    assert job.row_errors == [
        {"row": 2, "messages": [job.row_errors[0]["messages"][0]]}
    ]
    assert "Unknown sector 'mining'" in job.row_errors[0]["messages"][0]
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "Row 2: sector: Unknown sector" in page
    assert "Confirm import" not in page
    assert stored_files(import_folder) == []


def test_a_failing_import_job_records_its_error_and_changes_nothing(
    admin_client, data, big, import_folder, monkeypatch
):
    preview(admin_client, rows(data))
    job = ImportJob.objects.get()
    before = snapshot()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("projects.admin.resources.services.save", broken)
    admin_client.post(admin_url(Project, "process_import"), confirm_fields(job))
    applied = ImportJob.objects.get(dry_run=False)
    assert applied.state == ImportState.FAILED
    assert "nothing was imported" in applied.error
    assert "disk full" in str(applied.row_errors)
    assert snapshot() == before
    assert stored_files(import_folder) == []
    page = admin_client.get(applied.get_absolute_url()).content.decode()
    assert "nothing was imported" in page


def test_a_running_job_shows_its_progress_and_refreshes(admin_client):
    job = ImportJob.objects.create(
        file_name="big.csv", state=ImportState.RUNNING, rows_total=40
    )
    cache.set(progress_key(job.pk), 25)
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "25 of 40" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    listing = admin_client.get(admin_url(ImportJob, "changelist")).content.decode()
    assert "25 of 40" in listing


def test_an_editor_sees_jobs_and_cannot_change_them(editor):
    job = ImportJob.objects.create(file_name="big.csv", rows_total=1)
    assert editor.get(job.get_absolute_url()).status_code == 200
    assert editor.post(admin_url(ImportJob, "delete", job.pk)).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_an_import_job_really_runs_in_a_thread(client, settings, monkeypatch):
    from django.contrib.auth.models import User

    from projects.imports import jobs
    from tests.factories import ProjectFactory

    threads = []

    def recording(*args, **kwargs):
        threads.append(run_in_background(*args, **kwargs))
        return threads[-1]

    monkeypatch.setattr(jobs, "run_in_background", recording)
    settings.IMPORT_RUN_INLINE = False
    settings.IMPORT_BACKGROUND_ROWS = 1
    project = ProjectFactory(slug="sahiwal")
    client.force_login(User.objects.create_superuser("lead", "l@example.org", "x"))
    body = project_csv(
        [
            row_for(project, cost_usd_million="2500"),
            row_for(project, slug="gwadar-port", name="Gwadar Port"),
        ]
    )
    response = preview(client, body)
    # Joined before any query: SQLite's shared in-memory database refuses a
    # read while the job's transaction writes.
    (thread,) = threads
    thread.join(timeout=60)
    assert not thread.is_alive()
    job = ImportJob.objects.get()
    assert thread.name == f"import-job-{job.pk}"
    assert response["Location"] == job.get_absolute_url()
    assert (job.state, job.rows_done) == (ImportState.DONE, 2)
    assert job.confirmable
