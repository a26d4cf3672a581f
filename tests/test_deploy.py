"""Deployment files and real-server drills: the compose command, outages, backups
(django-dbbackup: a restore drill on SQLite and PostgreSQL, dumps owner-only)."""

import json
import os
import re
import secrets
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files import File
from django.utils.module_loading import import_string

from projects.caching.version import REUSE_SECONDS
from tests.servers import (
    ROOT,
    clean_env,
    fetch,
    free_port,
    manage,
    private_postgres,
    running,
    running_redis,
    wait_for,
)

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
HTTPS = {"X-Forwarded-Proto": "https"}

on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
server_drill = pytest.mark.skipif(
    not on_postgres,
    reason="real-server drills run in the PostgreSQL pass (set DATABASE_URL)",
)


def production_env(database_url: str, port: int, static_root: Path, **extra) -> dict:
    return clean_env(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=str(static_root),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        **extra,
    )


def dockerfile_run(pattern: str) -> str:
    """The shell text of the Dockerfile's RUN instruction matching a pattern."""
    joined = DOCKERFILE.replace("\\\n", " ")
    for line in joined.splitlines():
        if line.startswith("RUN ") and re.search(pattern, line):
            return line[4:].strip()
    raise AssertionError(f"no RUN matching {pattern!r}")


def test_compose_runs_postgres_with_a_volume_and_a_health_check():
    db = COMPOSE["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_compose_redis_command_runs_as_a_bounded_cache(tmp_path):
    command = COMPOSE["services"]["redis"]["command"]
    assert command[0] == "redis-server"
    with running_redis(command, tmp_path / "redis.log", within=10) as (_, client):
        config = client.config_get("*")
    assert config["maxmemory-policy"] == "allkeys-lru"
    assert int(config["maxmemory"]) == 256 * 1024 * 1024
    assert config["save"] == "" and config["appendonly"] == "no"


def test_compose_web_waits_for_a_healthy_database_and_uses_the_shared_cache():
    web = COMPOSE["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert web["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["DJANGO_DEBUG"] == "false"
    assert (ROOT / web["command"][0]).is_file()


def test_compose_publishes_only_the_proxy_that_sets_x_forwarded_for():
    """DJANGO_NUM_PROXIES=1 trusts the last X-Forwarded-For entry: only a proxy
    that sets it may reach gunicorn, or a client could name any address."""
    services = COMPOSE["services"]
    web, proxy = services["web"], services["proxy"]
    assert web["environment"]["DJANGO_NUM_PROXIES"] == "1"
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"proxy"}
    assert web["expose"] == ["8000"]
    # Caddy 2.5+ drops a client's X-Forwarded-* and sets them itself.
    image, _, tag = proxy["image"].partition(":")
    assert image == "caddy" and tag == "2"
    command = proxy["command"]
    assert command[:2] == ["caddy", "reverse-proxy"]
    assert command[command.index("--to") + 1] == f"web:{web['environment']['PORT']}"
    assert sorted(proxy["ports"]) == ["443:443", "80:80"]
    assert "SITE_ADDRESS" in command[command.index("--from") + 1]
    assert "SITE_ADDRESS=" in (ROOT / ".env.example").read_text()


def test_dockerfile_is_slim_non_root_locked_and_collects_static_files():
    base = re.search(r"^FROM (\S+)", DOCKERFILE, re.M).group(1)
    assert base.startswith("python:3.") and base.endswith("-slim")
    user = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert user and user[-1] not in {"root", "0"}
    assert "requirements.lock" in dockerfile_run(r"pip install")
    assert "collectstatic" in dockerfile_run(r"collectstatic")
    assert re.search(r'^CMD \["bin/start-web"\]', DOCKERFILE, re.M)


def test_env_example_lists_every_variable_the_settings_read():
    settings_text = "\n".join(
        path.read_text() for path in (ROOT / "cpec_site" / "settings").glob("*.py")
    )
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_text))
    read |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', settings_text))
    example = (ROOT / ".env.example").read_text()
    missing = sorted(name for name in read if name not in example)
    assert read and missing == []


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """Static files collected exactly as the Dockerfile does it."""
    root = tmp_path_factory.mktemp("static")
    command = dockerfile_run(r"collectstatic")
    env = clean_env(DJANGO_STATIC_ROOT=str(root))
    assignments, _, rest = command.partition(" python ")
    for pair in assignments.split():
        key, _, value = pair.partition("=")
        env[key] = value
    args = rest.split()
    assert args[0] == "manage.py"
    manage(*args[1:], env=env)
    assert (root / "staticfiles.json").exists()
    return root


@server_drill
def test_the_compose_web_command_serves_the_dashboard(collected_static, tmp_path):
    port = free_port()
    with private_postgres() as pg:
        env = production_env(pg.url, port, collected_static, DJANGO_NUM_PROXIES="1")
        command = [str(ROOT / COMPOSE["services"]["web"]["command"][0])]
        with running(command, env, tmp_path / "web.log"):
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/health/", seconds=90)
            status, _, body = fetch(f"{base}/", headers=HTTPS)
            assert status == 200, (tmp_path / "web.log").read_text()[-3000:]
            assert b"Sahiwal" in body
            # Plain HTTP is sent to HTTPS; the health check is not.
            assert fetch(f"{base}/projects/")[0] == 301
            status, _, body = fetch(f"{base}/api/projects/", headers=HTTPS)
            assert status == 200 and json.loads(body)["count"] >= 14


@server_drill
def test_a_database_outage_gives_fast_503s_and_recovers(collected_static, tmp_path):
    port = free_port()
    with private_postgres() as pg:
        env = production_env(pg.url, port, collected_static)
        manage("migrate", "--noinput", env=env)
        manage("load_initial_data", env=env)
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        with running([*gunicorn, "cpec_site.wsgi"], env, tmp_path / "web.log"):
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/health/", seconds=60)
            paths = [
                "/",
                "/projects/",
                "/projects/sahiwal-coal-power-plant/",
                "/api/projects/",
                "/api/stats/",
                "/health/",
            ]

            def statuses():
                return {
                    p: fetch(base + p, headers=HTTPS, timeout=15)[:2] for p in paths
                }

            assert {p: s for p, (s, _) in statuses().items()} == dict.fromkeys(
                paths, 200
            )

            # A restart while the workers sit idle on open connections.
            pg.stop()
            pg.start()
            assert {p: s for p, (s, _) in statuses().items()} == dict.fromkeys(
                paths, 200
            )

            pg.stop()
            # A worker that read the data version less than REUSE_SECONDS ago
            # may still answer a kept public page from its copy, without the
            # database (caching/front.py); after that every read needs it.
            time.sleep(REUSE_SECONDS)
            down = statuses()
            assert {p: s for p, (s, _) in down.items()} == dict.fromkeys(paths, 503)
            assert max(seconds for _, seconds in down.values()) < 5

            pg.start()
            assert {p: s for p, (s, _) in statuses().items()} == dict.fromkeys(
                paths, 200
            )


# Every table of the database: its row count and a digest of its rows, in any order.
FINGERPRINT = """
import hashlib, json
from django.db import connection
tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        rows = sorted(repr(row) for row in cursor.fetchall())
        digest = hashlib.sha256("\\n".join(rows).encode()).hexdigest()
        tables[table] = [len(rows), digest]
print(json.dumps(tables))
"""

# What a bad day does between the backup and the restore: rows deleted, changed, added.
DAMAGE = """
from django.contrib.auth.models import User
from projects.models import Project
pks = list(Project.objects.order_by("pk").values_list("pk", flat=True))
Project.objects.filter(pk__in=pks[:5]).delete()
Project.objects.filter(pk__in=pks[5:10]).update(name="overwritten")
User.objects.create_user("intruder", password="not-a-real-password-1")
"""


def fingerprint(env) -> dict:
    out = manage("shell", "-v", "0", "-c", FINGERPRINT, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def back_up(env, folder: Path) -> Path:
    """A backup by django-dbbackup; checks that only its owner can read it."""
    manage("dbbackup", "--noinput", env=env)
    (backup,) = [p for p in folder.iterdir() if not p.name.endswith(".metadata")]
    assert backup.name.startswith("cpec-") and backup.stat().st_size > 0
    assert mode(backup) == 0o600
    assert mode(backup.with_name(backup.name + ".metadata")) == 0o600
    assert mode(folder) == 0o700
    return backup


def restore(backup: Path, env) -> None:
    manage("dbrestore", "--noinput", "--input-path", str(backup), env=env)


def assert_restore_drill(source: dict, empty: dict, folder: Path, suffix: str):
    """Back up, damage, restore: every table's row count and checksum are as before,
    in the same database and in an empty one."""
    manage("migrate", "--noinput", env=source)
    manage("load_initial_data", env=source)
    before = fingerprint(source)
    assert sum(count for count, _ in before.values()) > 1000
    assert before["projects_project"][0] > 50

    backup = back_up(source, folder)
    assert backup.suffix == suffix

    manage("shell", "-c", DAMAGE, env=source)
    damaged = fingerprint(source)
    assert damaged["projects_project"][0] == before["projects_project"][0] - 5
    assert damaged["auth_user"] != before["auth_user"]

    restore(backup, source)
    assert fingerprint(source) == before

    restore(backup, empty)
    assert fingerprint(empty) == before


@server_drill
def test_a_postgres_backup_restores_every_table_identically(tmp_path):
    folder = tmp_path / "backups"
    with private_postgres() as pg:
        source = clean_env(
            DATABASE_URL=pg.url, DJANGO_DEBUG="true", DJANGO_BACKUP_DIR=str(folder)
        )
        pg._run(
            "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(pg.port),
            "-U",
            "postgres",
            "restored",
        )
        empty = clean_env(
            DATABASE_URL=pg.url.rsplit("/", 1)[0] + "/restored", DJANGO_DEBUG="true"
        )
        assert_restore_drill(source, empty, folder, ".dump")


def test_a_sqlite_backup_restores_every_table_identically(tmp_path):
    folder = tmp_path / "backups"
    source = clean_env(
        DJANGO_SQLITE_PATH=str(tmp_path / "a.sqlite3"),
        DJANGO_DEBUG="true",
        DJANGO_BACKUP_DIR=str(folder),
    )
    empty = clean_env(
        DJANGO_SQLITE_PATH=str(tmp_path / "b.sqlite3"), DJANGO_DEBUG="true"
    )
    assert_restore_drill(source, empty, folder, ".sqlite3")


class Probe(File):
    """Content that notes the mode of the file being written, half way through."""

    def __init__(self, target: Path):
        super().__init__(None, name=target.name)
        self.target, self.size, self.modes = target, 2, []

    def chunks(self, chunk_size=None):
        yield b"a"
        self.modes.append(mode(self.target))
        yield b"b"


@pytest.mark.parametrize("existing_folder_mode", [None, 0o755])
def test_a_dump_is_never_readable_by_others_even_while_written(
    tmp_path, existing_folder_mode
):
    folder = tmp_path / "backups"
    if existing_folder_mode is not None:
        folder.mkdir(mode=existing_folder_mode)
    config = settings.STORAGES["dbbackup"]
    storage = import_string(config["BACKEND"])(
        **{**config["OPTIONS"], "location": str(folder)}
    )
    old_umask = os.umask(0o022)
    try:
        probe = Probe(folder / "cpec-20260101T000000.dump")
        name = storage.save(probe.name, probe)
    finally:
        os.umask(old_umask)
    assert probe.modes == [0o600]
    assert mode(folder / name) == 0o600
    if existing_folder_mode is None:
        assert mode(folder) == 0o700
