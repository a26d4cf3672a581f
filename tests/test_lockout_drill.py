"""Sign-in lockout drill: 40 simultaneous wrong passwords against a real gunicorn.

Four sync workers (gunicorn.conf.py), DEBUG off, each attempt a session of its own
with its CSRF cookie and token, all sent at once. tests/lockout_wsgi.py notes every
password check, so the drill counts how many attempts reached one, not only what
they were answered: the lockout must check exactly AXES_FAILURE_LIMIT (5) whatever
the concurrency. The fifth check fails, locks and is answered 429 itself, as in
the sequential tests (tests/test_production.py): four 200s with the form's error,
then 429s. PostgreSQL is a private cluster; SQLite a file of the drill's own.
"""

import collections
import os
import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

import psycopg
import pytest
import requests

from tests.servers import (
    GUNICORN,
    drill_env,
    free_port,
    manage,
    private_postgres,
    running,
    wait_for,
)

LIMIT = 5
ATTEMPTS = 40
GOOD = "a-long-enough-password"
WRONG = "wrong-password-123"
# One account, written as many ways as a user name can be.
VARIANTS = [
    "editor",
    "Editor",
    "editor ",
    " EDITOR",
    "ＥＤＩＴＯＲ",
    "ｅｄｉｔｏｒ",
    "eDiToR",
    "\teditor\t",
]
CREATE_EDITOR = (
    "from django.contrib.auth.models import User; "
    f"User.objects.create_user('editor', password={GOOD!r}, is_staff=True)"
)
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
pytestmark = pytest.mark.skipif(
    not on_postgres,
    reason="real-server drills run in the PostgreSQL pass (set DATABASE_URL)",
)


class Site:
    """A running gunicorn, its database and the file of password checks."""

    def __init__(self, base: str, database: str, checks):
        self.base, self.database, self.checks = base, database, checks

    def rows(self, sql: str) -> list[tuple]:
        if self.database.startswith("postgres"):
            with psycopg.connect(self.database, autocommit=True) as connection:
                cursor = connection.execute(sql)
                return cursor.fetchall() if cursor.description else []
        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql).fetchall()

    def reset(self) -> None:
        self.rows("DELETE FROM axes_accessattempt")
        self.checks.write_text("")

    def checked(self) -> int:
        return len(self.checks.read_text().splitlines())

    def session(self, address: str) -> tuple[requests.Session, str]:
        """A client with its CSRF cookie, and the form's token."""
        client = requests.Session()
        client.headers["X-Forwarded-For"] = address
        page = client.get(f"{self.base}/admin/login/", timeout=30)
        assert page.status_code == 200
        return client, TOKEN.search(page.content).group(1).decode()

    def sign_in(self, session, username: str, password: str) -> int:
        client, token = session
        response = client.post(
            f"{self.base}/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": "/admin/",
            },
            allow_redirects=False,
            timeout=60,
        )
        if response.status_code == 200:
            assert b"Please enter the correct" in response.content
        return response.status_code

    def burst(self, attempts: list[tuple[str, str]]) -> collections.Counter:
        """Statuses of wrong-password sign-ins [(address, username)], sent at once."""
        sessions = [self.session(address) for address, _ in attempts]
        start = threading.Barrier(len(attempts))

        def attempt(n: int) -> int:
            start.wait()
            return self.sign_in(sessions[n], attempts[n][1], WRONG)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
            statuses = collections.Counter(pool.map(attempt, range(len(attempts))))
        took = time.monotonic() - started
        print(f"\n[drill] {len(attempts)} sign-ins answered in {took:.2f} s")
        return statuses


@pytest.fixture(scope="module", params=["postgres", "sqlite"])
def site(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"lockout-{request.param}")
    port = free_port()
    checks = folder / "checks"
    env = drill_env(
        port,
        4,
        DJANGO_SECURE_COOKIES="false",
        DJANGO_NUM_PROXIES="1",
        LOCKOUT_DRILL_CHECKS=str(checks),
    )
    with private_postgres() if request.param == "postgres" else nullcontext() as pg:
        if pg is None:
            database = env["DJANGO_SQLITE_PATH"] = str(folder / "db.sqlite3")
        else:
            database = env["DATABASE_URL"] = pg.url
        manage("migrate", "--noinput", env=env)
        manage("shell", "-c", CREATE_EDITOR, env=env)
        with running([*GUNICORN, "tests.lockout_wsgi"], env, folder / "web.log"):
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/health/", seconds=60)
            yield Site(base, database, checks)


def test_forty_simultaneous_variants_of_one_account_check_five_passwords(site):
    site.reset()
    # Each from an address of its own: only the account's counter can stop them.
    attempts = [
        (f"198.51.100.{n}", VARIANTS[n % len(VARIANTS)]) for n in range(ATTEMPTS)
    ]
    statuses = site.burst(attempts)
    checked = site.checked()
    print(f"\n[drill] one account: {ATTEMPTS} attempts, {checked} checked, {statuses}")
    assert checked == LIMIT
    assert statuses == {200: LIMIT - 1, 429: ATTEMPTS - LIMIT + 1}
    # One counter for the account, every attempt on it.
    counters = site.rows(
        "SELECT username, SUM(failures_since_start) FROM axes_accessattempt "
        "GROUP BY username"
    )
    assert counters == [("editor", ATTEMPTS)]
    # The right password waits too, and is not checked.
    assert site.sign_in(site.session("192.0.2.77"), "editor", GOOD) == 429
    assert site.checked() == LIMIT


def test_forty_simultaneous_accounts_from_one_address_check_five_passwords(site):
    site.reset()
    attempts = [("203.0.113.9", f"someone-{n}") for n in range(ATTEMPTS)]
    statuses = site.burst(attempts)
    checked = site.checked()
    print(f"\n[drill] one address: {ATTEMPTS} attempts, {checked} checked, {statuses}")
    assert checked == LIMIT
    assert statuses == {200: LIMIT - 1, 429: ATTEMPTS - LIMIT + 1}
    assert site.sign_in(site.session("203.0.113.9"), "editor", GOOD) == 429
    # The account itself is not locked: its owner signs in from elsewhere.
    assert site.sign_in(site.session("192.0.2.10"), "editor", GOOD) == 302
