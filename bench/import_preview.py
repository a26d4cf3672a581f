"""Time the admin CSV import's preview (and confirm) at a given number of rows.

Runs the admin views through Django's test client against a throwaway test
database (PostgreSQL when DATABASE_URL is set): half the rows update existing
projects, half add new ones. Prints seconds, ms a row and queries for each step.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpec_tracker \
    .venv/bin/python bench/import_preview.py 2000
"""

import contextlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpec_site.settings.test")


def main(rows: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    # A database of its own: other runs may be using the default test name.
    test = settings.DATABASES["default"].setdefault("TEST", {})
    test["NAME"] = f"test_import_bench_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        with override_settings(IMPORT_MAX_ROWS=max(rows, 1), IMPORT_MAX_BYTES=10**8):
            run(rows, connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(rows: int, connection) -> None:
    import io

    from django.contrib.auth.models import User
    from django.test import Client

    from projects.models import Project
    from tests.admin.helpers import admin_url, project_csv, row_for
    from tests.factories import PhaseFactory, ProjectFactory, SectorFactory

    phase, sector = PhaseFactory(number=1), SectorFactory(name="Energy")
    PhaseFactory(number=2)
    existing = [
        ProjectFactory(phase=phase, sector=sector, slug=f"old-{n}", name=f"Old {n}")
        for n in range(rows // 2)
    ]
    lines = [row_for(p, cost_usd_million="2500") for p in existing]
    lines += [
        row_for(existing[0], slug=f"new-{n}", name=f"New {n}")
        for n in range(rows - len(lines))
    ]
    body = project_csv(lines).encode()
    client = Client()
    client.force_login(User.objects.create_superuser("bench", "b@example.org", "x"))

    upload = io.BytesIO(body)
    upload.name = "projects.csv"
    with counting(connection) as queries:
        started = time.perf_counter()
        preview = client.post(
            admin_url(Project, "import"), {"format": "0", "import_file": upload}
        )
        seconds = time.perf_counter() - started
    report("preview", rows, seconds, queries[0], preview.status_code)
    if preview.status_code == 302:
        wait_for_jobs(rows)
        return
    confirm = preview.context["confirm_form"]
    with counting(connection) as queries:
        started = time.perf_counter()
        done = client.post(
            admin_url(Project, "process_import"),
            {name: confirm[name].value() for name in confirm.fields},
        )
        seconds = time.perf_counter() - started
    report("confirm", rows, seconds, queries[0], done.status_code)


def wait_for_jobs(rows: int) -> None:
    """A large file's preview ran as a job (DJANGO_IMPORT_RUN_INLINE=false)."""
    import threading

    for thread in threading.enumerate():
        if thread.name.startswith("import-job-"):
            started = time.perf_counter()
            thread.join()
            seconds = time.perf_counter() - started
            print(f"preview job: {rows} rows, finished {seconds:.2f} s after the page")


@contextlib.contextmanager
def counting(connection):
    """Counts queries (CaptureQueriesContext keeps only the last 9,000)."""
    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def report(step, rows, seconds, queries, status):
    print(
        f"{step}: {rows} rows, {seconds:.2f} s, {seconds / rows * 1000:.1f} ms a row, "
        f"{queries} queries, HTTP {status}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
