"""Large imports as background jobs: the preview and the apply, with progress.

A file over IMPORT_BACKGROUND_ROWS rows takes longer to check than a request
may (about 18 ms a row on PostgreSQL, measured with bench/import_preview.py),
so its preview and then its confirmed import each run as an ImportJob in a
thread (projects.background), and the editor follows the job's admin page.

The apply is one transaction, as in the request, so its rows are invisible to
other connections until it commits: rows done are counted in the cache while
it runs (every process sees them where the cache is Redis) and stored on the
job when it ends. A job whose process dies stays "running"; its file is
removed with the other stale ones.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from import_export.signals import post_import

from ..background import run_in_background
from ..choices import ImportState
from ..models import ImportJob
from .storage import ImportFileStorage, remove_stored

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 25
# Row errors kept on a job; the page says how many more there were.
LISTED_ERRORS = 200


def progress_key(job_id: int) -> str:
    return f"import-job:{job_id}:rows-done"


def rows_done(job: ImportJob) -> int:
    """Rows handled so far: from the cache while the job runs."""
    if job.finished:
        return job.rows_done
    return max(job.rows_done, cache.get(progress_key(job.pk)) or 0)


def start_job(model_admin, **fields) -> ImportJob:
    """Record a job and run it in the background (inline under IMPORT_RUN_INLINE)."""
    job = ImportJob.objects.create(**fields)
    thread = run_in_background(
        run_job,
        model_admin,
        job.pk,
        name=f"import-job-{job.pk}",
        inline=settings.IMPORT_RUN_INLINE,
    )
    job.thread = thread  # for the tests that join it
    return job


def run_job(model_admin, job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    job.state = ImportState.RUNNING
    job.save(update_fields=["state"])
    counter = Counter(job.pk)
    try:
        result = import_file(model_admin, job, counter)
        record(job, result)
        if not job.dry_run and job.state == ImportState.DONE:
            model_admin.generate_log_entries(result, SimpleNamespace(user=job.user))
            post_import.send(sender=None, model=model_admin.model)
    except Exception as exc:
        logger.exception("Import job %s failed", job.pk)
        job.state = ImportState.FAILED
        job.error = f"The import stopped: {type(exc).__name__}: {exc}"
    finally:
        if not job.confirmable:
            remove_stored(job.stored_name)
            job.stored_name = ""
        job.rows_done = min(counter.count, job.rows_total)
        job.finished_at = timezone.now()
        job.save()
        cache.delete(progress_key(job.pk))


def import_file(model_admin, job: ImportJob, progress):
    formats = model_admin.get_import_formats()
    input_format = formats[job.format_index](encoding=model_admin.from_encoding)
    storage = ImportFileStorage(
        name=job.stored_name,
        encoding=None if input_format.is_binary() else model_admin.from_encoding,
        read_mode=input_format.get_read_mode(),
    )
    dataset = input_format.create_dataset(storage.read())
    request = SimpleNamespace(user=job.user)
    resource_class = model_admin.get_import_resource_classes(request)[
        job.resource_index
    ]
    return resource_class().import_data(
        dataset,
        dry_run=job.dry_run,
        raise_errors=False,
        file_name=job.file_name,
        user=job.user,
        progress=progress,
        retain_instance_in_row_result=True,
    )


class Counter:
    """Counts the rows handled, publishing the count every few rows."""

    def __init__(self, job_id: int):
        self.key = progress_key(job_id)
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        if self.count % PROGRESS_EVERY == 0:
            cache.set(self.key, self.count, timeout=24 * 3600)


def record(job: ImportJob, result) -> None:
    job.totals = {str(kind): count for kind, count in result.totals.items()}
    errors = error_list(result)
    job.row_errors = errors[:LISTED_ERRORS]
    if result.has_errors():
        job.state = ImportState.FAILED
        job.error = "Some rows could not be read; nothing was imported."
    elif errors and not job.dry_run:
        job.state = ImportState.FAILED
        job.error = f"{len(errors)} rows were refused; nothing was imported."
    else:
        job.state = ImportState.DONE
    job.totals["errors"] = len(errors)


def error_list(result) -> list[dict]:
    """Each refused row's number and messages, as the preview page lists them."""
    errors = [
        {"row": None, "messages": [str(error.error)]} for error in result.base_errors
    ]
    for line, row_errors in result.row_errors():
        errors.append({"row": line, "messages": [str(e.error) for e in row_errors]})
    for invalid in result.invalid_rows:
        messages = [
            f"{field}: {message}"
            for field, field_messages in invalid.field_specific_errors.items()
            for message in field_messages
        ]
        messages += [str(message) for message in invalid.non_field_specific_errors]
        errors.append({"row": invalid.number, "messages": messages})
    return errors
