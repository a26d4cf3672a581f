"""Fault drills: Redis stopped or blackholed, the database blackholed.

Each puts a FaultProxy (tests/faultproxy.py) of its own between the app and the
service, then stops it or blackholes it; the shared services are never touched.
Timings are printed (run with -s) and recorded in bench/RESULTS.md, not asserted:
the generous timeouts below only turn a hang into a failure.
"""

import json
import logging
import os
import shutil
import time

import pytest

from tests.factories import ProjectFactory
from tests.faultproxy import fault_proxy
from tests.servers import (
    GUNICORN,
    drill_env,
    fetch,
    free_port,
    running,
    running_redis,
    wait_for,
)

pytestmark = pytest.mark.faults

needs_redis_server = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="needs redis-server"
)
on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
needs_postgres = pytest.mark.skipif(
    not on_postgres, reason="database drills run in the PostgreSQL pass"
)

# Far above any answer, far below "hung".
HANG_SECONDS = 15
PATHS = ["/api/projects/", "/projects/", "/health/"]


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of the test's own, on a free port."""
    command = ["redis-server", "--save", "", "--appendonly", "no"]
    log = tmp_path / "redis.log"
    with running_redis(command, log, within=HANG_SECONDS) as (port, _):
        yield port


@pytest.fixture
def redis_through_proxy(private_redis, settings):
    with fault_proxy(private_redis) as proxy:
        settings.CACHES = {
            "default": {
                "BACKEND": "projects.caching.fallback.FallbackRedisCache",
                "LOCATION": f"redis://127.0.0.1:{proxy.port}/0",
                "OPTIONS": {
                    "SOCKET_CONNECT_TIMEOUT": 0.5,
                    "SOCKET_TIMEOUT": 0.5,
                    "RETRY_SECONDS": 1,
                },
            }
        }
        yield proxy


def timed_round(client) -> dict:
    """{path: (status, seconds, body)} for each path, fetched once."""
    answers = {}
    for path in PATHS:
        started = time.monotonic()
        response = client.get(path, secure=True)
        answers[path] = (
            response.status_code,
            time.monotonic() - started,
            response.content,
        )
    return answers


def health_of(answers: dict) -> dict:
    return json.loads(answers["/health/"][2])


def wait_for_cache(client, state: str) -> float:
    """Seconds until /health/ reports the cache `state`."""
    started = time.monotonic()
    while time.monotonic() - started < HANG_SECONDS:
        if client.get("/health/").json()["cache"] == state:
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"the cache did not become {state!r}")


def report(label: str, rounds: list[dict]) -> None:
    failed = sum(s != 200 for answers in rounds for s, _, _ in answers.values())
    worst = {p: max(a[p][1] for a in rounds) for p in PATHS}
    print(
        f"\n[drill] {label}: {len(rounds) * len(PATHS)} requests, {failed} failed, "
        + ", ".join(f"{p} max {s * 1000:.0f} ms" for p, s in worst.items())
    )


def assert_degraded(rounds: list[dict]) -> None:
    for answers in rounds:
        assert {p: a[0] for p, a in answers.items()} == dict.fromkeys(PATHS, 200)
        assert health_of(answers) == {
            "status": "degraded",
            "database": "up",
            "cache": "down",
        }


def assert_sign_in_works(client) -> None:
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "nobody", "password": "wrong-password-1234"},
        secure=True,
    )
    assert response.status_code == 200
    assert b"Please enter the correct" in response.content


@needs_redis_server
@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["stopped", "blackholed"])
def test_pages_and_the_api_answer_without_redis(
    client, redis_through_proxy, caplog, fault
):
    ProjectFactory.create_batch(3)
    proxy = redis_through_proxy
    up = timed_round(client)
    assert health_of(up) == {"status": "ok", "database": "up", "cache": "up"}

    caplog.set_level(logging.WARNING, logger="projects.caching.fallback")
    proxy.stop() if fault == "stopped" else proxy.blackhole()
    down = [timed_round(client) for _ in range(5)]
    assert_degraded(down)
    # The API still throttles, counting in this process.
    api = client.get("/api/projects/", secure=True)
    assert api.status_code == 200 and int(api["RateLimit-Remaining"]) > 0
    assert_sign_in_works(client)
    warnings = [r for r in caplog.records if "Redis is unavailable" in r.message]
    assert len(warnings) == 1
    report(f"Redis {fault}", down)

    proxy.start() if fault == "stopped" else proxy.restore()
    recovered = wait_for_cache(client, "up")
    print(f"[drill] Redis {fault}: cache reported up {recovered:.2f} s after repair")
    after = timed_round(client)
    assert {p: a[0] for p, a in after.items()} == dict.fromkeys(PATHS, 200)
    assert any("answers again" in r.message for r in caplog.records)


def poll_health(base: str, want: int, seconds: float = HANG_SECONDS) -> tuple:
    """(seconds until /health/ answered `want`, [(status, seconds)] of each poll)."""
    started = time.monotonic()
    polls = []
    while time.monotonic() - started < seconds:
        try:
            status, took, _ = fetch(f"{base}/health/", timeout=HANG_SECONDS)
        except OSError:
            status, took = None, time.monotonic() - started
        polls.append((status, took))
        if status == want:
            return time.monotonic() - started, polls
        time.sleep(0.1)
    raise AssertionError(f"/health/ did not answer {want} in {seconds} s: {polls}")


@needs_postgres
@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["blackholed", "stopped"])
def test_health_is_a_503_within_seconds_when_the_database_is_cut_off(tmp_path, fault):
    from django.db import connection

    db = connection.settings_dict
    port = free_port()
    with fault_proxy(int(db["PORT"] or 5432)) as proxy:
        url = f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}"
        env = drill_env(port, 2, DATABASE_URL=url, DJANGO_CONN_MAX_AGE="600")
        with running([*GUNICORN, "cpec_site.wsgi"], env, tmp_path / "web.log"):
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/health/", seconds=60)
            # Both workers hold a kept connection through the proxy.
            for _ in range(4):
                assert fetch(f"{base}/api/projects/")[0] == 200

            proxy.blackhole() if fault == "blackholed" else proxy.stop()
            to_503, polls = poll_health(base, 503)
            assert polls[-1][1] < HANG_SECONDS
            body = json.loads(fetch(f"{base}/health/", timeout=HANG_SECONDS)[2])
            assert body["database"] == "down" and body["status"] == "unavailable"

            proxy.restore() if fault == "blackholed" else proxy.start()
            to_200, _ = poll_health(base, 200, seconds=30)
            assert fetch(f"{base}/api/projects/", timeout=HANG_SECONDS)[0] == 200
            print(
                f"\n[drill] database {fault}: /health/ 503 after {to_503:.2f} s "
                f"({len(polls)} polls, slowest {max(t for _, t in polls):.2f} s); "
                f"200 again {to_200:.2f} s after repair"
            )


def test_a_dead_redis_is_tried_once_per_retry_period(monkeypatch):
    from projects.caching.fallback import FallbackRedisCache

    nothing_listens = f"redis://127.0.0.1:{free_port()}/0"
    cache = FallbackRedisCache(nothing_listens, {"OPTIONS": {"RETRY_SECONDS": 60}})
    tries = []
    for name in ("get", "set"):
        real = getattr(cache.client, name)

        def counted(*args, _real=real, **kwargs):
            tries.append(1)
            return _real(*args, **kwargs)

        monkeypatch.setattr(cache.client, name, counted)

    cache.set("answer", 42)
    for _ in range(20):
        assert cache.get("answer") == 42  # From this process's own cache.
    assert len(tries) == 1 and not cache.healthy()

    cache.breaker._until = 0  # The retry period is over.
    assert cache.get("answer") == 42
    assert len(tries) == 2
