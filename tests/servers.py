"""Real servers for the deployment tests: a private PostgreSQL cluster and gunicorn."""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if Path(folder, "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def clean_env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, timeout: float = 10, headers: dict | None = None):
    """(status, seconds, body) of a GET, redirects not followed; never raises for
    an HTTP error status."""
    request = urllib.request.Request(url, headers=headers or {})
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, time.monotonic() - started, response.read()
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started, error.read()


def wait_for(url: str, status: int = 200, seconds: float = 60, headers=None) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = fetch(url, timeout=5, headers=headers)[0]
            if last == status:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = exc
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer {status} in {seconds}s (last: {last})")


class PrivatePostgres:
    """A throwaway PostgreSQL cluster in a temporary folder, on a free port."""

    def __init__(self):
        self.bindir = postgres_bindir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="cpec-pg-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0

    def _run(self, *args, check=True):
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            # PostgreSQL refuses to run as root.
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/cpec"

    def init(self):
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        )
        self.start()
        self._run(
            "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "cpec",
        )
        return self

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-t",
            "30",
            "-l",
            str(self.folder / "log"),
            "start",
        )

    def stop(self):
        self._run(
            "pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False
        )

    def destroy(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def private_postgres():
    server = PrivatePostgres()
    if server.bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb) are not installed")
    try:
        yield server.init()
    finally:
        server.destroy()


@contextlib.contextmanager
def running(command: list[str], env: dict, log: Path):
    """Run a server process in its own process group; stop the whole group after."""
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@contextlib.contextmanager
def running_redis(command: list[str], log: Path, *, within: float = 15):
    """A redis-server of the test's own (command, on a free port), once it answers
    a ping within `within` seconds; yields (port, client)."""
    import redis

    port = free_port()
    server = [*command, "--port", str(port), "--bind", "127.0.0.1"]
    with running(server, clean_env(), log):
        client = redis.Redis(port=port, socket_timeout=1)
        deadline = time.monotonic() + within
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield port, client


# gunicorn on its own settings file; the drills append the app (a WSGI module).
GUNICORN = ["python", "-m", "gunicorn", "-c", "gunicorn.conf.py"]


def drill_env(port: int, workers: int, **extra) -> dict:
    """The environment of a drill's gunicorn: production settings (DEBUG off, a
    throwaway key) on plain HTTP at 127.0.0.1:port, with `workers` workers."""
    return clean_env(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="drill-key-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_MANIFEST_STATIC="false",
        DJANGO_SECURE_SSL_REDIRECT="false",
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY=str(workers),
        **extra,
    )


def manage(*args, env: dict, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result
