"""A bounded load on loopback: gunicorn + PostgreSQL, 50 clients for 60 seconds.

Usage: .venv/bin/python bench/load.py [--connections 50] [--seconds 60]
Writes its figures into bench/RESULTS.md (the "Load" section).
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    clean_env,
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


def replace_section(text: str, title: str, body: str) -> str:
    block = f"<!-- {title} -->\n{body.strip()}\n<!-- /{title} -->"
    pattern = re.compile(rf"<!-- {title} -->.*?<!-- /{title} -->", re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text)
    return text.rstrip() + "\n\n" + block + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=os.cpu_count() * 2 + 1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="cpec-load-"))
    port = free_port()
    with private_postgres() as pg:
        env = clean_env(
            DATABASE_URL=pg.url,
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY="load-test-key-" + "x" * 40,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_STATIC_ROOT=str(work / "static"),
            HOST="127.0.0.1",
            PORT=str(port),
            WEB_CONCURRENCY=str(args.workers),
            GUNICORN_LOG_LEVEL="warning",
        )
        manage("migrate", "--noinput", env=env)
        manage("load_initial_data", env=env)
        manage("collectstatic", "--noinput", env=env)
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
            result = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{args.connections}",
                    f"-d{args.seconds}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(ROOT / "bench" / "paths.lua"),
                    base,
                ],
                env={**os.environ, "PATHS": " ".join(PATHS)},
                capture_output=True,
                text=True,
                check=True,
            )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    data = json.loads(line[len("RESULT ") :])
    seconds = data["duration_us"] / 1e6
    ok = sum(n for code, n in data["statuses"].items() if code.startswith(("2", "3")))
    failed = data["requests"] - ok + data["socket_errors"]
    server_errors = sum(
        n for code, n in data["statuses"].items() if code.startswith("5")
    )
    rate = data["requests"] / seconds
    statuses = json.dumps(data["statuses"], sort_keys=True)
    row = [
        str(data["requests"]),
        f"{rate:.0f}",
        *(f"{data[k]:.1f} ms" for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms")),
        str(failed),
        str(server_errors),
        statuses,
    ]
    body = "\n".join(
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
    results = ROOT / "bench" / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    results.write_text(replace_section(text, "load", body))
    print(body)
    shutil.rmtree(work, ignore_errors=True)
    return 0 if failed == 0 and server_errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
