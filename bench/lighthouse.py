"""Lighthouse on four pages as a phone sees them: the dashboard, a project, a phase
and the project list.

Usage: .venv/bin/python bench/lighthouse.py [--runs 3] [--port 8120]
Loads the curated data into a fresh SQLite file, serves it with gunicorn on the
production settings (DEBUG off, hashed static files, whitenoise), and runs the
Lighthouse CLI (bench/lighthouse/package.json, installed with npm ci on first use)
with its default mobile preset against each page `--runs` times, through Debian's
Chromium (CHROME_PATH). Prints the median of each score and timing per page and
writes them to bench/RESULTS.md (the "lighthouse" section).
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import write_section  # noqa: E402
from bench.run import SITE_COMMAND  # noqa: E402
from tests.servers import clean_env, fetch, manage, running, wait_for  # noqa: E402

PACKAGE = ROOT / "bench" / "lighthouse"
CLI = PACKAGE / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# (column, audit id, unit): the timings and weight of the performance score.
METRICS = [
    ("FCP", "first-contentful-paint", "s"),
    ("LCP", "largest-contentful-paint", "s"),
    ("TBT", "total-blocking-time", "ms"),
    ("SI", "speed-index", "s"),
    ("TTI", "interactive", "s"),
    ("transfer", "total-byte-weight", "KiB"),
]
# The pages the curated data's records are picked for: a project on the map
# with dates (both its charts) and the first phase.
PICK_RECORDS = (
    "from projects.models import Phase, Project; "
    "p = Project.objects.exclude(latitude=None).exclude(start_date=None)"
    ".order_by('slug').first(); "
    "print(p.get_absolute_url()); "
    "print(Phase.objects.order_by('number').first().get_absolute_url())"
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reports", type=Path, help="keep the JSON reports here")
    return parser.parse_args()


def site_env(work: Path, port: int, workers: int) -> dict:
    """Production settings on plain HTTP at 127.0.0.1 (Lighthouse treats the
    loopback address as a secure origin), on a SQLite file of its own."""
    return clean_env(
        DATABASE_URL=f"sqlite:///{work / 'lighthouse.sqlite3'}",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="lighthouse-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(work / "static"),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_BULK_DATA_ROOT=str(work / "bulkdata"),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY=str(workers),
        GUNICORN_LOG_LEVEL="warning",
    )


def install_cli() -> None:
    if CLI.exists():
        return
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(PACKAGE)],
        check=True,
    )


def prepare(env: dict) -> dict[str, str]:
    """Migrates, loads the curated data, collects static files; the pages."""
    manage("migrate", "--noinput", env=env)
    manage("load_initial_data", env=env)
    manage("collectstatic", "--noinput", env=env)
    output = manage("shell", "-c", PICK_RECORDS, env=env).stdout
    project, phase = output.split()[-2:]
    return {"dashboard": "/", "project": project, "phase": phase, "list": "/projects/"}


# Lighthouse sometimes fails to record the page load's trace ("NO_NAVSTART ...
# Please run Lighthouse again"); such a run is run again, at most this often, and
# counted in the report.
ATTEMPTS = 3
RETRIED: list[str] = []


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run with the default (mobile) settings; its JSON report."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _lighthouse(url, out)
        except subprocess.CalledProcessError:
            if attempt == ATTEMPTS:
                raise
            RETRIED.append(url)
            print(f"lighthouse failed on {url}; running it again", flush=True)
    raise AssertionError("unreachable")


def _lighthouse(url: str, out: Path) -> dict:
    command = [
        str(CLI),
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(command, check=True, env=env, timeout=300)
    return json.loads(out.read_text())


def numbers(report: dict) -> dict[str, float]:
    """The four scores (0-100) and the metrics, in the units of METRICS."""
    row = {
        name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    for column, audit, unit in METRICS:
        value = report["audits"][audit].get("numericValue")
        if value is None:
            row[column] = float("nan")
        elif unit == "s":
            row[column] = value / 1000
        elif unit == "KiB":
            row[column] = value / 1024
        else:
            row[column] = value
    return row


def median_row(runs: list[dict]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure(base: str, pages: dict[str, str], runs: int, reports_dir: Path) -> dict:
    results = {}
    for name, path in pages.items():
        fetch(base + path, timeout=60)  # fills the page caches
        reports = []
        for index in range(runs):
            print(f"lighthouse {name} {path} run {index + 1}/{runs}", flush=True)
            found = lighthouse(base + path, reports_dir / f"{name}-{index}.json")
            reports.append(numbers(found))
        results[name] = {"path": path, "median": median_row(reports), "runs": reports}
    return results


def cell(column: str, value: float) -> str:
    unit = dict((c, u) for c, _, u in METRICS).get(column)
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "KiB":
        return f"{value:.0f} KiB"
    return f"{value:.0f}"


def table(results: dict) -> str:
    columns = [*CATEGORIES, *(c for c, _, _ in METRICS)]
    head = "| page | " + " | ".join(columns) + " |"
    rule = "|---|" + "---:|" * len(columns)
    lines = [head, rule]
    for name, result in results.items():
        values = [cell(c, result["median"][c]) for c in columns]
        lines.append(f"| {name} (`{result['path']}`) | " + " | ".join(values) + " |")
    return "\n".join(lines)


def spread(results: dict) -> str:
    """Each page's performance scores run by run, to show the noise."""
    return "; ".join(
        f"{name} " + ", ".join(str(run["performance"]) for run in result["runs"])
        for name, result in results.items()
    )


def report(results: dict, runs: int, load: tuple[float, float]) -> str:
    version = subprocess.run(
        [str(CLI), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return f"""## Lighthouse: four pages on a phone

`make lighthouse` ({datetime.date.today()}): Lighthouse {version} CLI, default mobile
preset (simulated slow 4G, 4x CPU slowdown, 412x823 screen), Debian's Chromium
headless; gunicorn on the production settings (DEBUG off, hashed static files served
by whitenoise with compression) over the curated data in SQLite, 2 cores, on
loopback. The median of {runs} runs per page, each column on its own; scores out of
100, FCP/LCP first and largest contentful paint, TBT total blocking time, SI speed
index, TTI time to interactive, transfer the bytes the page loaded.

{table(results)}

Performance scores run by run: {spread(results)}. Runs Lighthouse itself
failed and that were run again: {len(RETRIED)}. Lighthouse's simulated
throttling scales the CPU time it observes, so other work on the machine shows as
blocking time: the 1-minute load average was {load[0]:.1f} at the start and
{load[1]:.1f} at the end of this run.
"""


def main() -> int:
    args = parse_args()
    install_cli()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="cpec-lighthouse-") as folder:
        work = Path(folder)
        env = site_env(work, args.port, args.workers)
        pages = prepare(env)
        base = f"http://127.0.0.1:{args.port}"
        with running(SITE_COMMAND, env, work / "web.log"):
            wait_for(f"{base}/health/", seconds=120)
            reports_dir = args.reports or work
            reports_dir.mkdir(parents=True, exist_ok=True)
            results = measure(base, pages, args.runs, reports_dir)
    text = report(results, args.runs, (load_before, os.getloadavg()[0]))
    print(text)
    write_section("lighthouse", text)
    low = [
        name
        for name, result in results.items()
        if result["median"]["performance"] < 95
        or any(result["median"][c] < 100 for c in CATEGORIES[1:])
    ]
    if low:
        print("below target (performance 95, others 100): " + ", ".join(low))
    return 0


if __name__ == "__main__":
    sys.exit(main())
