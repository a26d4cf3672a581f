"""After-write benchmark: the first request after a write against a warm one.

Usage: .venv/bin/python bench/after_write.py [--size 100000]
Seeds a private PostgreSQL cluster (the curated fixture plus synthetic projects),
serves it with gunicorn on the production settings and Redis, and runs twice on
the same data: with DJANGO_DATA_STALE_SECONDS=0 (every read from the latest data:
the site before stale-while-revalidate) and with the default (60). Each run warms
every path and times it warm back to back (median of 9 requests, one at a time).
Then, for each write: it reads each path 6 times more, pauses, and times one
walk over the paths, one request each, one after the other, with no write (the
control: warm answers, as a visitor meets them after a moment without
requests); changes one project's cost through the API (PATCH with a token, as
an editor would) and times the same walk at once; with revalidation on it also
waits until the rebuild serves the new version and times the walk again. Five
writes a run; each figure is the median over them. Ratios are to the control
walk, which differs from the first after a write by the write alone. Writes
bench/RESULTS.md ("after-write").
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import write_section  # noqa: E402
from bench.run import HTTPS, SITE_COMMAND, seed, server_env  # noqa: E402
from tests.servers import manage, private_postgres, running, wait_for  # noqa: E402

# Its own Redis database: the run clears it, and other runs keep theirs.
REDIS_URL = "redis://127.0.0.1:6379/13"
WRITTEN = "synthetic-000002"
WARM_SAMPLES = 9
# Reads of each path before each write (spread over the workers by the kernel).
READS_BETWEEN_WRITES = 6
# Writes per run: each path's first request after a write is the median of these.
ROUNDS = 5
# Before the control walk: a moment without requests, about as long as a write
# takes. On this kind of machine a request after any pause takes longer than one
# right after another (idle cores wake up), write or no write.
PAUSE_SECONDS = 0.2


def targets(total: int) -> dict[str, str]:
    deep = max(1, int(total * 0.9) // 25)
    return {
        "dashboard": "/",
        "dashboard, Urdu": "/ur/",
        "dashboard, Chinese": "/zh-hans/",
        "project list": "/projects/",
        "project list, deep page": f"/projects/?page={deep}",
        "project list, filtered": "/projects/?status=operational&province=punjab",
        "project page": "/projects/synthetic-000001/",
        "phase page": "/phases/phase-1/",
        "sector page": "/sectors/energy/",
        "about": "/about/",
        "/api/projects/": "/api/projects/",
        "/api/projects/, filtered": "/api/projects/?status=operational",
        "/api/projects/<slug>/": "/api/projects/synthetic-000001/",
        "/api/stats/": "/api/stats/",
        "GeoJSON export": "/api/projects/?format=geojson",
    }


# As a browser asks (and curl --compressed, and Python's requests): the answer
# gzipped where the site gzips it.
BROWSER = {"Accept-Encoding": "gzip"}


def get(url: str, method: str = "GET", body=None, headers=None):
    """(status, seconds, ETag) of one request, its body read to the end."""
    request = urllib.request.Request(
        url, data=body, method=method, headers={**HTTPS, **BROWSER, **(headers or {})}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return response.status, time.monotonic() - started, response.headers["ETag"]
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, time.monotonic() - started, None


def issue_token(env: dict) -> str:
    manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "get_user_model().objects.create_superuser('bench', 'bench@example.org', "
        "'bench-password-not-used')",
        env=env,
    )
    return manage("create_api_token", "bench", env=env).stdout.split()[-1]


def write(base: str, token: str, cost: float) -> None:
    """One editor's change, through the API: the write and its commit."""
    status, _, _ = get(
        f"{base}/api/projects/{WRITTEN}/",
        method="PATCH",
        body=json.dumps({"cost_usd_million": cost}).encode(),
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
        },
    )
    if status != 200:
        raise RuntimeError(f"the write was answered {status}")


def versions(database_url: str) -> tuple[int, int | None]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT version, served_version FROM projects_dataversion WHERE id = 1"
        ).fetchone()
    return row[0], row[1]


def wait_until_served(database_url: str, limit: float = 120) -> float:
    """Seconds until the latest version is the served one."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        latest, served = versions(database_url)
        if served == latest:
            return time.monotonic() - started
        time.sleep(0.1)
    raise TimeoutError("the rebuild did not serve the new version")


def warm(base: str, paths: dict[str, str]) -> dict[str, dict]:
    """Each path's median time warm and its ETag, after three requests."""
    rows = {}
    for name, path in paths.items():
        for _ in range(3):
            get(base + path)
        times, etag = [], None
        for _ in range(WARM_SAMPLES):
            status, seconds, etag = get(base + path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            times.append(seconds)
        rows[name] = {"name": name, "warm": statistics.median(times), "etag": etag}
    return rows


def first(base: str, paths: dict[str, str], rows: dict, column: str) -> None:
    """The first request on each path, in turn; whether it kept the old ETag."""
    for name, path in paths.items():
        status, seconds, etag = get(base + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        rows[name].setdefault(column, []).append(seconds)
        rows[name].setdefault(column + " previous", []).append(
            etag == rows[name]["etag"]
        )


def write_and_read(base, pg_url, paths, rows, token, stale: int, cost) -> float:
    """One write, then each path's first request (and again once rebuilt).

    Before the write each path is read a few times, as readers do between two
    edits, so that every worker holds the current answers, as in the warm run."""
    for row in rows.values():
        for _ in range(READS_BETWEEN_WRITES):
            row["etag"] = get(base + paths[row["name"]])[2]
    time.sleep(PAUSE_SECONDS)
    first(base, paths, rows, "control")
    written = time.monotonic()
    write(base, token, cost)
    first(base, paths, rows, "after write")
    if not stale:
        return 0.0
    wait_until_served(pg_url)
    rebuilt = time.monotonic() - written
    first(base, paths, rows, "once served")
    return rebuilt


def run(env: dict, pg_url: str, paths, token: str, stale: int, log: Path) -> dict:
    env = {**env, "DJANGO_DATA_STALE_SECONDS": str(stale)}
    base = f"http://127.0.0.1:{env['PORT']}"
    # Each run starts cold, as after a deploy, and builds what it reads.
    manage("shell", "-c", "from django.core.cache import cache; cache.clear()", env=env)
    load = [os.getloadavg()[0]]
    with running(SITE_COMMAND, env, log):
        wait_for(f"{base}/health/", seconds=120)
        rows = warm(base, paths)
        if stale:
            # The seed's writes were made by manage.py: the warm-up's reads
            # started their rebuild; timed warm again once it is over.
            wait_until_served(pg_url)
            rows = warm(base, paths)
        rebuilds = [
            write_and_read(base, pg_url, paths, rows, token, stale, 1000 + round_)
            for round_ in range(ROUNDS)
        ]
    for row in rows.values():
        for column in ("control", "after write", "once served"):
            if column in row:
                row[column] = statistics.median(row[column])
                row[column + " previous"] = all(row[column + " previous"])
    load.append(os.getloadavg()[0])
    return {"rows": rows, "rebuild seconds": max(rebuilds), "load": load}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=0)
    return parser.parse_args()


def main() -> int:
    from tests.servers import free_port

    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="cpec-after-write-"))
    with private_postgres() as pg:
        port = args.port or free_port()
        env = {**server_env(pg.url, port, work, args.workers), "REDIS_URL": REDIS_URL}
        manage("migrate", "--noinput", env=env)
        manage("load_initial_data", env=env)
        manage("collectstatic", "--noinput", env=env)
        seconds = seed(args.size, env)
        token = issue_token(env)
        paths = targets(args.size + 20)
        before = run(env, pg.url, paths, token, 0, work / "before.log")
        after = run(env, pg.url, paths, token, 60, work / "after.log")
    write_section("after-write", report(args, seconds, paths, before, after))
    print((work / "after.log").read_text()[-3000:])
    return 0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _cell(row: dict, column: str) -> str:
    ratio = row[column] / row["control"]
    version = " (previous version)" if row[column + " previous"] else ""
    return f"{_ms(row[column])}, {ratio:.2f}x{version}"


def report(args, seed_seconds, paths, before, after) -> str:
    lines = [
        f"## After a write: the first request against a warm one, "
        f"{args.size:,} projects",
        "",
        f"`make bench` ({datetime.date.today().isoformat()}), `bench/after_write.py`: "
        f"gunicorn ({args.workers} sync workers, production settings), a private "
        f"PostgreSQL cluster and Redis, {os.cpu_count()} cores, on loopback. "
        f"Seeded in {seed_seconds:.1f} s. Each path is warmed (3 requests) and "
        f"timed warm back to back (median of {WARM_SAMPLES}, one at a time). Then, "
        f"{ROUNDS} times: each path is read {READS_BETWEEN_WRITES} times more (as "
        f"readers do between two edits); after a pause of {PAUSE_SECONDS:g} s, "
        "one walk over the paths, one request each, one path after the other, "
        "with no write (the control: warm answers as a visitor meets them after "
        "a moment without requests); one project's cost is changed through the "
        "API (PATCH with a token), and the same walk is timed at once; once the "
        "rebuild serves the new version, the walk is timed again. Every read asks "
        "for gzip, as browsers do. Each figure is the median over the writes; "
        "each ratio is to the control walk, which differs from the walk after "
        "the write by the write alone. Before: `DJANGO_DATA_STALE_SECONDS=0`, "
        "which reads every answer from the latest data as the site did before "
        "stale-while-revalidate; after: the default (60 s). Same data, same run. "
        "Each cell: time, ratio to the control, and whether the answer was the "
        "previous version's (its ETag unchanged) after every write.",
        "",
        f"The rebuild served the new version at most {after['rebuild seconds']:.1f} s "
        "after a write; the last column is each path's first request after that. "
        "The machine's load average (1 minute) at the start and end of each run: "
        f"{before['load'][0]:.1f} to {before['load'][1]:.1f} before, "
        f"{after['load'][0]:.1f} to {after['load'][1]:.1f} after.",
        "",
        "| path | before: warm, walk | before: first after the write "
        "| after: warm, back to back | after: warm, walk "
        "| after: first after the write | after: first once rebuilt |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, path in paths.items():
        old, new = before["rows"][name], after["rows"][name]
        lines.append(
            f"| {name} (`{path}`) | {_ms(old['control'])} "
            f"| {_cell(old, 'after write')} | {_ms(new['warm'])} "
            f"| {_ms(new['control'])} | {_cell(new, 'after write')} "
            f"| {_cell(new, 'once served')} |"
        )
    rows = after["rows"]
    worst = max(rows[name]["after write"] / rows[name]["control"] for name in paths)
    rebuilt = max(rows[name]["once served"] / rows[name]["control"] for name in paths)
    pause = max(rows[name]["control"] / rows[name]["warm"] for name in paths)
    lines += [
        "",
        f"Largest ratio after a write: {worst:.2f}x at once, {rebuilt:.2f}x once "
        "the rebuild has served the new version (target: within 2x). The control "
        f"walk took up to {pause:.2f}x the back-to-back time, with no write.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
