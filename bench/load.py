"""A bounded load on loopback: gunicorn + PostgreSQL, 50 clients for 60 seconds.

Usage: .venv/bin/python bench/load.py [--connections 50] [--seconds 60]
Writes its figures into bench/RESULTS.md (the "Load" section).
"""

import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import run_wrk, write_section  # noqa: E402
from bench.run import server_env  # noqa: E402
from tests.servers import (  # noqa: E402
    free_port,
    manage,
    private_postgres,
    running,
    wait_for,
)

PATHS = [
    "/",
    "/projects/",
    "/projects/sahiwal-coal-power-plant/",
    "/api/projects/",
    "/api/projects/?status=operational&ordering=-cost_usd_million",
    "/api/stats/",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=os.cpu_count() * 2 + 1)
    return parser.parse_args()


def load(work: Path, args) -> dict:
    """Serves the curated data from a fresh cluster and runs wrk against it."""
    port = free_port()
    with private_postgres() as pg:
        env = server_env(pg.url, port, work, args.workers)
        manage("migrate", "--noinput", env=env)
        manage("load_initial_data", env=env)
        manage("collectstatic", "--noinput", env=env)
        # A fresh cluster restarts the data version: entries another run left in a
        # shared Redis would be read under the same keys.
        manage(
            "shell", "-c", "from django.core.cache import cache; cache.clear()", env=env
        )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            "cpec_site.wsgi",
        ]
        with running(command, env, work / "gunicorn.log"):
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/health/")
            return run_wrk(base, PATHS, args.connections, args.seconds)


def report(data: dict, args) -> str:
    statuses = json.dumps(data["statuses"], sort_keys=True)
    row = [
        str(data["requests"]),
        f"{data['rate']:.0f}",
        *(f"{data[k]:.1f} ms" for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms")),
        str(data["failed"]),
        str(data["server_errors"]),
        statuses,
    ]
    return "\n".join(
        [
            f"## Load: {args.connections} clients for {args.seconds} s",
            "",
            f"`make load` ({datetime.date.today().isoformat()}): gunicorn "
            f"({args.workers} sync workers, production settings) and a private "
            f"PostgreSQL cluster on loopback, {os.cpu_count()} cores; wrk rotating "
            f"over {len(PATHS)} paths: " + ", ".join(f"`{p}`" for p in PATHS) + ".",
            "",
            "| requests | req/s | p50 | p90 | p99 | max | failed | 5xx | statuses |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            "| " + " | ".join(row) + " |",
        ]
    )


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="cpec-load-"))
    data = load(work, args)
    body = report(data, args)
    write_section("load", body)
    print(body)
    shutil.rmtree(work, ignore_errors=True)
    return 0 if data["failed"] == 0 and data["server_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
