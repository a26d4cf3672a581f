"""Shared by the load run and the scale benchmark: wrk, results file, server env."""

import json
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"


def run_wrk(base: str, paths: list[str], connections: int, seconds: int) -> dict:
    """Bounded wrk run rotating over paths; statuses, latency percentiles, rate."""
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "paths.lua"),
            base,
        ],
        env={**os.environ, "PATHS": " ".join(paths)},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    data = json.loads(line[len("RESULT ") :])
    data["rate"] = data["requests"] / (data["duration_us"] / 1e6)
    ok = sum(n for code, n in data["statuses"].items() if code.startswith(("2", "3")))
    data["failed"] = data["requests"] - ok + data["socket_errors"]
    data["server_errors"] = sum(
        n for code, n in data["statuses"].items() if code.startswith("5")
    )
    return data


def write_section(title: str, body: str) -> None:
    """Replace (or append) one marked section of bench/RESULTS.md."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    block = f"<!-- {title} -->\n{body.strip()}\n<!-- /{title} -->"
    pattern = re.compile(rf"<!-- {title} -->.*?<!-- /{title} -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)


def local_redis_url() -> dict:
    """REDIS_URL for a Redis on this machine, as production runs with one; else {}."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return {"REDIS_URL": "redis://127.0.0.1:6379/14"}
    except OSError:
        return {}
