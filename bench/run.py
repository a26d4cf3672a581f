"""Scale benchmark: the same pages and endpoints at 100, 10,000 and 100,000 projects.

Usage: .venv/bin/python bench/run.py [--sizes 100,10000,100000] [--seconds 5]
For each size it seeds a private PostgreSQL cluster (the curated fixture plus synthetic
projects), serves it with gunicorn and the production settings, and drives wrk at each
path in turn. In the same run it measures two baselines: a bare WSGI app returning
precomputed bytes (the floor of the server) and a hand-written view running the
project list's query through values() and orjson (the floor of the query).
Writes bench/RESULTS.md (the "scale" section).
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import local_redis_url, run_wrk, write_section  # noqa: E402
from tests.servers import (  # noqa: E402
    clean_env,
    fetch,
    free_port,
    manage,
    private_postgres,
    running,
    wait_for,
)

HTTPS = {"X-Forwarded-Proto": "https"}
HTML_PAGE_SIZE = 25
API_PAGE_SIZE = 50


def targets(total: int) -> dict[str, str]:
    deep_html = max(1, int(total * 0.9) // HTML_PAGE_SIZE)
    deep_api = max(1, int(total * 0.9) // API_PAGE_SIZE)
    return {
        "dashboard": "/",
        "project list": "/projects/",
        "project list, deep page": f"/projects/?page={deep_html}",
        "project list, filtered": "/projects/?status=operational&province=punjab",
        "project detail": "/projects/synthetic-000001/",
        "/api/projects/": "/api/projects/",
        "/api/projects/, deep page": f"/api/projects/?page={deep_api}",
        "/api/projects/, filtered": "/api/projects/?status=operational&province=punjab",
        "/api/stats/": "/api/stats/",
        "GeoJSON export": "/api/projects/?format=geojson",
        "baseline: values() + orjson": "/bench/projects/",
        "baseline: values() + orjson, deep": f"/bench/projects/?page={deep_api}",
    }


# The site under gunicorn's own settings, without an access log.
SITE_COMMAND = [
    sys.executable,
    "-m",
    "gunicorn",
    "-c",
    "gunicorn.conf.py",
    "--access-logfile",
    "/dev/null",
    "cpec_site.wsgi",
]


def server_env(database_url: str, port: int, work: Path, workers: int) -> dict:
    return clean_env(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(work / "static"),
        # bench.settings turns the API's throttles off: one address sends every
        # request.
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY=str(workers),
        GUNICORN_LOG_LEVEL="warning",
        **local_redis_url(),
    )


def measure(base: str, path: str, seconds: int, connections: int) -> dict:
    status, _, _ = fetch(base + path, headers=HTTPS, timeout=60)
    # Warm: the first requests fill caches and connections.
    for _ in range(3):
        fetch(base + path, headers=HTTPS, timeout=60)
    request = urllib.request.Request(base + path, headers=HTTPS)
    with urllib.request.urlopen(request, timeout=60) as response:
        queries = response.headers.get("X-Queries", "?")
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
    revalidated = None
    if etag or last_modified:
        conditional = dict(HTTPS)
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        revalidated = fetch(base + path, headers=conditional, timeout=60)[0]
    data = run_wrk(base, [path], connections, seconds)
    data.update(status=status, queries=queries, revalidated=revalidated)
    return data


def bare_baseline(work: Path, body: bytes, workers: int, seconds, connections) -> dict:
    (work / "body.json").write_bytes(body)
    port = free_port()
    env = clean_env(BASELINE_BODY=str(work / "body.json"))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--chdir",
        str(ROOT),
        "bench.baseline_wsgi",
    ]
    with running(command, env, work / "bare.log"):
        wait_for(f"http://127.0.0.1:{port}/")
        return run_wrk(f"http://127.0.0.1:{port}", ["/"], connections, seconds)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    return parser.parse_args()


def seed(size: int, env: dict) -> float:
    """Seeds `size` synthetic projects and analyses the tables; the seconds taken."""
    started = time.monotonic()
    manage("seed_synthetic", "--projects", str(size), "--clear", env=env)
    seconds = time.monotonic() - started
    manage(
        "shell",
        "-c",
        # Without the production statement timeout: on a busy machine VACUUM
        # ANALYZE of 100,000 projects can outlast it.
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('SET statement_timeout = 0'); "
        "cursor.execute('VACUUM ANALYZE'); "
        # A fresh cluster restarts the data version: entries a previous
        # run left in a shared Redis would be read under the same keys.
        "from django.core.cache import cache; cache.clear()",
        env=env,
    )
    return seconds


def measure_site(size: int, port: int, env: dict, work: Path, args):
    """Serves the site over `size` projects and measures every target path.

    Returns the measurements by target name, and the bytes of /api/projects/
    for the bare baseline."""
    rows = {}
    with running(SITE_COMMAND, env, work / f"web-{size}.log"):
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health/", seconds=120)
        total = size + 20
        for name, path in targets(total).items():
            print(f"{size:>7} {name}", flush=True)
            rows[name] = measure(base, path, args.seconds, args.connections)
        body = fetch(base + "/api/projects/", headers=HTTPS)[2]
    return rows, body


def report_failures(results) -> bool:
    """Prints each row with failed requests or a bad first status; True if any."""
    bad = [
        (size, name)
        for size, rows in results.items()
        for name, row in rows.items()
        if row["failed"] or row["status"] != 200
    ]
    for size, name in bad:
        row = results[size][name]
        print(
            f"failed requests at {size:,}, {name}: {row['failed']} "
            f"(statuses {row['statuses']}, socket errors {row['socket_errors']}, "
            f"first status {row['status']})",
            file=sys.stderr,
        )
    return bool(bad)


def main() -> int:
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="cpec-bench-"))
    results: dict[int, dict[str, dict]] = {}
    bare: dict[int, dict] = {}
    seed_seconds: dict[int, float] = {}
    with private_postgres() as pg:
        port = free_port()
        env = server_env(pg.url, port, work, args.workers)
        manage("migrate", "--noinput", env=env)
        manage("load_initial_data", env=env)
        manage("collectstatic", "--noinput", env=env)
        for size in sizes:
            seed_seconds[size] = seed(size, env)
            results[size], body = measure_site(size, port, env, work, args)
            bare[size] = bare_baseline(
                work, body, args.workers, args.seconds, args.connections
            )
    write_section("scale", report(sizes, results, bare, seed_seconds, args))
    shutil.rmtree(work, ignore_errors=True)
    return 1 if report_failures(results) else 0


def _failures(results, sizes, name) -> str:
    """Failed requests over every size, with what they were when there are any."""
    rows = [results[s][name] for s in sizes]
    failed = sum(row["failed"] for row in rows)
    if not failed:
        return "0"
    socket_errors = sum(row["socket_errors"] for row in rows)
    codes = sorted(
        {code for row in rows for code in row["statuses"] if code[0] not in "23"}
    )
    return f"{failed} ({socket_errors} socket errors; other statuses: {codes})"


def _intro(sizes, seed_seconds, args) -> list[str]:
    """The heading and how the figures were taken."""
    return [
        f"## Scale: {', '.join(f'{s:,}' for s in sizes)} synthetic projects",
        "",
        f"`make bench` ({datetime.date.today().isoformat()}): gunicorn "
        f"({args.workers} sync workers, production settings), a private PostgreSQL "
        f"cluster, {os.cpu_count()} cores, all on loopback; wrk with "
        f"{args.connections} connections for {args.seconds} s per row, after a "
        "warm-up. "
        "Requests per second (higher is better) and latency; queries per request "
        "from the X-Queries header of a warm request.",
        "",
        "Seeding took "
        + ", ".join(f"{seed_seconds[s]:.1f} s for {s:,}" for s in sizes)
        + " projects (through manage.py, on PostgreSQL).",
        "",
    ]


def _rate_cells(rows) -> list[str]:
    """Requests per second and p50 / p99 latency of each row, in turn."""
    cells = []
    for row in rows:
        cells += [
            f"{row['rate']:.0f}",
            f"{row['p50_ms']:.1f} / {row['p99_ms']:.1f} ms",
        ]
    return cells


def _table(sizes, results, bare) -> list[str]:
    """One row per target over every size, then the bare WSGI baseline."""
    small, large = sizes[0], sizes[-1]
    header = (
        "| endpoint | "
        + " | ".join(f"req/s at {s:,} | p50 / p99 at {s:,}" for s in sizes)
        + f" | queries | {large:,} vs {small:,} | vs bare WSGI"
        + " | vs values()+orjson | 304 | failed |"
    )
    lines = [header, "|---" * (len(sizes) * 2 + 7) + "|"]
    floor_query = results[large]["baseline: values() + orjson"]["rate"]
    for name in results[small]:
        cells = _rate_cells(results[s][name] for s in sizes)
        row_large = results[large][name]
        growth = results[small][name]["rate"] / row_large["rate"]
        revalidated = row_large["revalidated"]
        lines.append(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {row_large['queries']} | {growth:.2f}x slower"
            + f" | {row_large['rate'] / bare[large]['rate']:.2f}"
            + f" | {row_large['rate'] / floor_query:.2f}"
            + f" | {revalidated if revalidated else 'no validator'}"
            + f" | {_failures(results, sizes, name)} |"
        )
    lines.append(
        "| baseline: bare WSGI, precomputed bytes | "
        + " | ".join(_rate_cells(bare[s] for s in sizes))
        + " | 0 | | 1.00 | | | "
        + str(sum(bare[s]["failed"] for s in sizes))
        + " |"
    )
    return lines


def _api_ratios(sizes, results) -> list[str]:
    """What the columns mean, and /api/projects/ against the values() baseline."""
    small, large = sizes[0], sizes[-1]
    lines = [
        "",
        f"The `{large:,} vs {small:,}` column is the throughput at {small:,} divided "
        "by "
        f"the throughput at {large:,}: 1.00x means no slowdown. The ratio columns "
        "divide each row's throughput at the largest size by the baseline's.",
        "",
        "`/api/projects/` against the hand-written values() + orjson view on the "
        "same page, at every size (throughput ratio; at least 0.5 is the target). "
        "The baseline counts, sorts and serialises on every request; the endpoint "
        "serves the page's bytes, kept until the data changes, so the ratio "
        "measures that design:",
        "",
        "| page | " + " | ".join(f"at {s:,}" for s in sizes) + " |",
        "|---" * (len(sizes) + 1) + "|",
    ]
    for name, baseline in (
        ("/api/projects/", "baseline: values() + orjson"),
        ("/api/projects/, deep page", "baseline: values() + orjson, deep"),
    ):
        ratios = [
            results[s][name]["rate"] / results[s][baseline]["rate"] for s in sizes
        ]
        lines.append(f"| {name} | " + " | ".join(f"{r:.2f}" for r in ratios) + " |")
    return lines


def report(sizes, results, bare, seed_seconds, args) -> str:
    lines = _intro(sizes, seed_seconds, args)
    lines += _table(sizes, results, bare)
    lines += _api_ratios(sizes, results)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
