"""Drill: ten CSV exports of 100,000 projects at once, on gunicorn and PostgreSQL.

Each client downloads the whole list, waiting as long as a refusal's Retry-After
says before asking again; meanwhile /health/ is polled. Every download must
arrive whole (its Content-Length, 100,000 rows, the same bytes as the others)
and /health/ must answer within a second throughout. Figures are printed (run
with -s) and recorded in bench/RESULTS.md.
"""

import csv
import io
import os
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.servers import (
    GUNICORN,
    clean_env,
    drill_env,
    fetch,
    free_port,
    manage,
    running,
    wait_for,
)

pytestmark = pytest.mark.faults

on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
SIZE = 100_000
CLIENTS = 10
EXPORT = "/api/projects/?format=csv"


@pytest.fixture(scope="module")
def large_database():
    """A database of its own on the same server, migrated, with SIZE projects."""
    if not on_postgres:
        pytest.skip("the export drill runs in the PostgreSQL pass")
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"cpec_export_drill_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{server}/{name}"
    env = clean_env(DATABASE_URL=url, DJANGO_DEBUG="true")
    try:
        manage("migrate", "-v0", env=env)
        manage("seed_synthetic", "--projects", str(SIZE), "-v0", env=env)
        yield url
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def download(url: str, headers: dict, log: list) -> bytes:
    """The body, after as many refusals as the server gives, each waited out."""
    while True:
        started = time.monotonic()
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                body = response.read()
                length = int(response.headers["Content-Length"] or -1)
                log.append((response.status, time.monotonic() - started, length))
                return body
        except urllib.error.HTTPError as error:
            error.read()
            log.append((error.code, time.monotonic() - started, None))
            if error.code not in (429, 503):
                raise
            time.sleep(int(error.headers["Retry-After"]))


def poll(base: str, stop: threading.Event, times: list) -> None:
    while not stop.is_set():
        status, took, _ = fetch(f"{base}/health/", timeout=30)
        times.append((status, took))
        time.sleep(0.2)


@pytest.mark.parametrize(
    "clients, query",
    [
        # The whole list: written once, then sent from its file.
        ("one address", ""),
        ("ten addresses", ""),
        # A free parameter: every export is written on request, one at a time.
        ("ten addresses", "&min_cost=0"),
    ],
)
def test_ten_exports_at_once_arrive_whole_and_health_stays_fast(
    large_database, tmp_path, clients, query
):
    port = free_port()
    env = drill_env(
        port,
        5,
        DATABASE_URL=large_database,
        # Ten addresses: each client names its own, through one trusted proxy.
        DJANGO_NUM_PROXIES="1" if clients == "ten addresses" else "0",
        DJANGO_BULK_DATA_ROOT=str(tmp_path / "bulk"),
    )
    with running([*GUNICORN, "cpec_site.wsgi"], env, tmp_path / "web.log"):
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health/", seconds=60)
        stop, health = threading.Event(), []
        poller = threading.Thread(target=poll, args=(base, stop, health))
        poller.start()
        logs, bodies = [[] for _ in range(CLIENTS)], [None] * CLIENTS

        def client(number: int) -> None:
            headers = {"X-Forwarded-For": f"198.51.100.{number + 1}"}
            url = f"{base}{EXPORT}{query}"
            bodies[number] = download(url, headers, logs[number])

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        took = time.monotonic() - started
        stop.set()
        poller.join()

    refused = sum(status != 200 for log in logs for status, _, _ in log)
    slowest = max(seconds for _, seconds in health)
    print(
        f"\n[drill] {CLIENTS} exports{query} of {SIZE:,} projects from {clients}: all "
        f"whole in {took:.1f} s, {refused} refusals waited out; /health/ polled "
        f"{len(health)} times, slowest {slowest:.3f} s"
    )
    assert all(body is not None for body in bodies), logs
    for log, body in zip(logs, bodies, strict=True):
        # The one that built the file streamed it (no Content-Length).
        assert log[-1][0] == 200 and log[-1][2] in (-1, len(body))
    assert len({body for body in bodies}) == 1
    rows = list(csv.reader(io.StringIO(bodies[0].decode("utf-8"))))
    # Synthetic costs are known for about 85% of projects.
    assert len(rows) == SIZE + 1 if not query else 0.8 * SIZE < len(rows) < SIZE
    assert {status for status, _ in health} == {200}
    assert slowest < 1.0, health
