"""Peer benchmark: the site beside Datasette on the very same SQLite file.

Usage: .venv/bin/python bench/peer.py [--projects 20000] [--seconds 10]
Builds one SQLite file (the curated fixture plus synthetic projects up to
--projects), serves it with gunicorn on the production settings and with
Datasette (`datasette serve -i`, immutable, from a throwaway virtualenv: its
dependencies are not ours), and drives wrk at each pair of equivalent addresses
in turn, with the same connections and duration. Only 2xx answers count: a run
with any other status is rejected. Writes bench/RESULTS.md (the "peer" section).
"""

import argparse
import datetime
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import run_wrk, write_section  # noqa: E402
from bench.run import SITE_COMMAND, bare_baseline, server_env  # noqa: E402
from tests.servers import (  # noqa: E402
    clean_env,
    fetch,
    free_port,
    manage,
    running,
    wait_for,
)

TARGET = 3.0
SECTOR = "energy"
PROJECT = "synthetic-000001"
# Datasette serves the file under its stem.
DB = "peer"
HTTPS = {"X-Forwarded-Proto": "https"}
FLOOR = "floor: one record with no Django"


def pairs(sector_id: int, project_id: int) -> list[tuple[str, str, str]]:
    """(row, our address, Datasette's address) for the same question."""
    by_sector = (
        "select sector_id, count(*) as project_count, "
        "sum(cost_usd_million) as known_cost_usd_million "
        "from projects_project group by sector_id order by sector_id"
    )
    aggregate = urllib.parse.urlencode({"sql": by_sector, "_shape": "array"})
    return [
        (
            "filtered page of 50 (JSON)",
            f"/api/projects/?sector={SECTOR}&page_size=50",
            f"/{DB}/projects_project.json?sector_id={sector_id}&_size=50",
        ),
        (
            "investment by sector (JSON)",
            "/api/sectors/",
            f"/{DB}.json?{aggregate}",
        ),
        (
            "one record (JSON)",
            f"/api/projects/{PROJECT}/",
            f"/{DB}/projects_project/{project_id}.json",
        ),
        (
            "one record (HTML page)",
            f"/projects/{PROJECT}/",
            f"/{DB}/projects_project/{project_id}",
        ),
        (
            "CSV of a filter, every row",
            f"/api/projects/?format=csv&sector={SECTOR}",
            f"/{DB}/projects_project.csv?sector_id={sector_id}&_stream=on&_size=max",
        ),
    ]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--datasette",
        help="a datasette executable to use instead of installing one",
    )
    return parser.parse_args()


def datasette_command(work: Path, given: str | None) -> tuple[str, str]:
    """The datasette executable and its version, installed in a throwaway venv
    unless given."""
    if given is None:
        venv = work / "datasette-venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "datasette"],
            check=True,
        )
        given = str(venv / "bin" / "datasette")
    version = subprocess.run(
        [given, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return given, version


def build_database(env: dict, database: Path, total: int) -> tuple[int, int, int]:
    """The curated fixture plus synthetic projects up to `total`; the number of
    projects, the sector's id and the project's id."""
    manage("migrate", "--noinput", env=env)
    manage("load_initial_data", env=env)
    manage("collectstatic", "--noinput", env=env)
    with sqlite3.connect(database) as db:
        curated = db.execute("select count(*) from projects_project").fetchone()[0]
    manage("seed_synthetic", "--projects", str(total - curated), "--clear", env=env)
    # A new file restarts the data version: entries a previous run left in a
    # shared Redis would be read under the same keys.
    manage("shell", "-c", "from django.core.cache import cache; cache.clear()", env=env)
    with sqlite3.connect(database) as db:
        db.execute("analyze")
        count = db.execute("select count(*) from projects_project").fetchone()[0]
        sector = db.execute(
            "select id from projects_sector where slug = ?", [SECTOR]
        ).fetchone()[0]
        project = db.execute(
            "select id from projects_project where slug = ?", [PROJECT]
        ).fetchone()[0]
    return count, sector, project


def measure(base: str, path: str, seconds: int, connections: int) -> dict:
    """wrk at one address after a warm-up; only 2xx answers count."""
    for _ in range(3):
        status, _, body = fetch(base + path, timeout=120, headers=HTTPS)
    data = run_wrk(base, [path], connections, seconds)
    ok = sum(n for code, n in data["statuses"].items() if code.startswith("2"))
    data.update(
        first_status=status,
        bytes=len(body),
        non_2xx=data["requests"] - ok,
        ok_rate=ok / (data["duration_us"] / 1e6),
    )
    return data


def combined(slices: list[dict]) -> dict:
    """The slices of one address as one run: their requests over their time."""
    statuses: dict[str, int] = {}
    for piece in slices:
        for code, n in piece["statuses"].items():
            statuses[code] = statuses.get(code, 0) + n
    seconds = sum(piece["duration_us"] for piece in slices) / 1e6
    bad_first = [p["first_status"] for p in slices if p["first_status"] != 200]
    return {
        "requests": sum(piece["requests"] for piece in slices),
        "statuses": statuses,
        "socket_errors": sum(piece["socket_errors"] for piece in slices),
        "non_2xx": sum(piece["non_2xx"] for piece in slices),
        "ok_rate": sum(p["ok_rate"] * p["duration_us"] for p in slices) / seconds / 1e6,
        "p50_ms": statistics.median(piece["p50_ms"] for piece in slices),
        "first_status": bad_first[0] if bad_first else 200,
    }


def measure_pair(ours: str, theirs: str, paths: tuple[str, str], args) -> dict:
    """Each side in turn, args.rounds times, so that a change in the machine's
    load falls on both sides alike."""
    slices: dict[str, list] = {"ours": [], "datasette": []}
    for _ in range(args.rounds):
        for side, base, path in (
            ("ours", ours, paths[0]),
            ("datasette", theirs, paths[1]),
        ):
            slices[side].append(measure(base, path, args.seconds, args.connections))
    return {
        "ours": (paths[0], combined(slices["ours"])),
        "datasette": (paths[1], combined(slices["datasette"])),
    }


def rejected(row: dict) -> bool:
    # No answer at all within a slice (a loaded machine) is no measurement.
    failed = row["non_2xx"] or row["socket_errors"] or not row["ok_rate"]
    return bool(failed or row["first_status"] != 200)


def run(args, work: Path) -> tuple[dict, dict]:
    datasette, version = datasette_command(work, args.datasette)
    database = work / f"{DB}.db"
    site_port, peer_port = free_port(), free_port()
    env = server_env(f"sqlite:///{database}", site_port, work, args.workers)
    count, sector_id, project_id = build_database(env, database, args.projects)
    peer = [datasette, "serve", "-i", str(database), "--port", str(peer_port)]
    rows = {}
    with (
        running(SITE_COMMAND, env, work / "site.log"),
        running(peer, clean_env(), work / "datasette.log"),
    ):
        ours, theirs = f"http://127.0.0.1:{site_port}", f"http://127.0.0.1:{peer_port}"
        wait_for(f"{ours}/health/", seconds=120)
        wait_for(f"{theirs}/-/versions.json", seconds=120)
        addresses = pairs(sector_id, project_id)
        for name, our_path, their_path in addresses:
            print(name, flush=True)
            rows[name] = measure_pair(ours, theirs, (our_path, their_path), args)
        rows[FLOOR] = floor_row(ours, work, args, rows["one record (JSON)"])
    return rows, {"count": count, "datasette": version}


def floor_row(ours: str, work: Path, args, record_row: dict) -> dict:
    """gunicorn answering the record's bytes with no Django at all."""
    our_path, _ = record_row["ours"]
    record = fetch(ours + our_path, headers=HTTPS)[2]
    floor = bare_baseline(work, record, args.workers, args.seconds, args.connections)
    ok = sum(n for code, n in floor["statuses"].items() if code.startswith("2"))
    floor.update(
        first_status=200,
        non_2xx=floor["requests"] - ok,
        ok_rate=ok / (floor["duration_us"] / 1e6),
    )
    return {
        "ours": ("bare WSGI app, the record's bytes", floor),
        "datasette": record_row["datasette"],
    }


def _cell(row: dict) -> str:
    if rejected(row):
        return f"rejected ({row['non_2xx']} non-2xx, {row['socket_errors']} errors)"
    return f"{row['ok_rate']:.0f}"


def report(rows: dict, facts: dict, args) -> str:
    lines = [
        "## Peer: Datasette on the same SQLite file",
        "",
        f"`make bench` (bench/peer.py, {datetime.date.today().isoformat()}): one "
        f"SQLite file of {facts['count']:,} projects (the curated fixture plus "
        "synthetic ones), served at once by gunicorn "
        f"({args.workers} sync workers, WEB_CONCURRENCY as in the scale run; "
        "production settings with the API's throttles off, as there; Redis cache) "
        "and by "
        f"{facts['datasette']} (`datasette serve -i`, its defaults), "
        f"{os.cpu_count()} cores shared by both, all on loopback. Each pair of "
        f"addresses in turn, {args.rounds} times over (a change in the machine's load "
        f"falls on both sides alike), wrk with {args.connections} connections for "
        f"{args.seconds} s each time, after three warm-up requests; requests per "
        "second over the whole time, median of the p50s. Only 2xx answers "
        "count: a row with any other status (a throttle's fast 429) is rejected. "
        f"Target: at least {TARGET:.0f}x Datasette on every row.",
        "",
        "| row | ours | req/s | Datasette | req/s | ratio | p50 ours / theirs |",
        "|---|---|---:|---|---:|---:|---:|",
    ]
    for name, row in rows.items():
        (our_path, ours), (their_path, theirs) = row["ours"], row["datasette"]
        ratio = ours["ok_rate"] / theirs["ok_rate"] if theirs["ok_rate"] else 0
        lines.append(
            f"| {name} | `{our_path}` | {_cell(ours)} | `{their_path}` | "
            f"{_cell(theirs)} | {ratio:.2f}x | "
            f"{ours['p50_ms']:.1f} / {theirs['p50_ms']:.1f} ms |"
        )
    return "\n".join(lines)


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="cpec-peer-"))
    try:
        rows, facts = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(rows, facts, args)
    print(text)
    write_section("peer", text)
    bad = [
        name
        for name, row in rows.items()
        if rejected(row["ours"][1]) or rejected(row["datasette"][1])
    ]
    for name in bad:
        print(f"rejected: {name} has non-2xx answers", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
