"""Where the bulk files live, how they are served, and how they are rebuilt.

Where: builds are folders under BULK_DATA_ROOT (setting; default ``bulkdata/`` in
the project folder, ignored by git), ``builds/<version>-<id>/``, and
``current.json`` names the one served. A build is written into a temporary folder,
renamed into place, and only then is ``current.json`` replaced (os.replace, atomic),
so a reader sees a whole build or the previous one, never half of one. The
previous build is kept, so a download that started before a swap finishes.

Served: by projects.site.data at /data/files/<name>, from the current build, as
files on disk (FileResponse, with ETag and Last-Modified), never built on request.
Not whitenoise: in production it indexes STATIC_ROOT once at start-up (no
autorefresh), so a rebuilt file would be served with the old length and ETag, and
collectstatic runs when the image is built, before there is any data. The same
view serves under runserver (make run) and gunicorn.

Rebuilt: stale-while-revalidate. The build records the data version it was made
from; the /data/ page and each file download compare it with the current data
version (one primary-key read) and, when the data has moved, answer from the
previous build at once and start a rebuild in a background thread. No visitor
waits, and nothing hooks into the write path: a write request never pays for a
build, and every process sees the same version in the database, so it works
whichever process wrote (admin, API, a management command). Rebuilds are
debounced: one thread per process at a time, which builds again if the data moved
while it built, and a file lock so that only one process builds at a time.
``manage.py export_bulk`` builds at once (make run does it before serving).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import shutil
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

from ..background import run_in_background
from ..caching.version import data_version, version_key
from ..models import DataVersion
from .bulk import DATAPACKAGE_FILE, write_files
from .datapackage import write_datapackage

POINTER = "current.json"
LOCK = ".lock"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# Rebuilds in a row by one thread while the data keeps moving, at most.
MAX_ROUNDS = 3


def bulk_root() -> Path:
    root = getattr(settings, "BULK_DATA_ROOT", None)
    return Path(root) if root else Path(settings.BASE_DIR) / "bulkdata"


@dataclass(frozen=True)
class Build:
    directory: Path
    data_version: int
    version_key: str
    built_at: str

    @property
    def id(self) -> str:
        return self.directory.name

    def package(self) -> dict:
        return json.loads((self.directory / DATAPACKAGE_FILE).read_text("utf-8"))

    def file(self, name: str) -> Path | None:
        """A file of this build by name, if the package lists it."""
        names = {DATAPACKAGE_FILE}
        names |= {resource["path"] for resource in self.package()["resources"]}
        path = self.directory / name
        return path if name in names and path.is_file() else None


def current_build(root: Path | None = None) -> Build | None:
    root = root or bulk_root()
    try:
        pointer = json.loads((root / POINTER).read_text("utf-8"))
        directory = root / "builds" / pointer["build"]
    except (OSError, ValueError, KeyError):
        return None
    if not (directory / DATAPACKAGE_FILE).is_file():
        return None
    return Build(
        directory, pointer["data_version"], pointer["version_key"], pointer["built_at"]
    )


def _meta(base_url: str) -> dict:
    row = DataVersion.objects.filter(pk=1).first()
    changed = row.changed_at if row else datetime.datetime.now(datetime.UTC)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return {
        "data_version": data_version(),
        "data_changed": changed.astimezone(datetime.UTC).isoformat(),
        "created": now.isoformat(),
        "homepage": f"{base_url.rstrip('/')}/data/",
    }


def write_bundle(directory: Path, base_url: str = DEFAULT_BASE_URL) -> dict:
    """Every file and datapackage.json into ``directory``; returns the package.

    The files are the same whichever page's language started the build.
    """
    with translation.override(settings.LANGUAGE_CODE):
        meta = _meta(base_url)
        written = write_files(Path(directory), base_url=base_url, meta=meta)
        return write_datapackage(Path(directory), written, meta)


@contextlib.contextmanager
def _locked(root: Path, *, wait: bool):
    """The build lock across processes; yields False if another process holds it."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_now(
    base_url: str = DEFAULT_BASE_URL, *, root: Path | None = None, wait: bool = True
) -> Build | None:
    """Build, swap it in, prune old builds; None if another process is building."""
    root = root or bulk_root()
    with _locked(root, wait=wait) as held:
        if not held:
            return None
        key, version = version_key(), data_version()
        builds = root / "builds"
        temporary = builds / f".tmp-{uuid.uuid4().hex}"
        try:
            write_bundle(temporary, base_url)
            final = builds / f"{version}-{uuid.uuid4().hex[:8]}"
            temporary.rename(final)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        pointer = {
            "build": final.name,
            "data_version": version,
            "version_key": key,
            "built_at": datetime.datetime.now(datetime.UTC).isoformat(),
        }
        previous = current_build(root)
        staging = root / f".{POINTER}.{uuid.uuid4().hex}"
        staging.write_text(json.dumps(pointer), "utf-8")
        os.replace(staging, root / POINTER)
        keep = {final.name, previous.id if previous else None}
        for old in builds.iterdir():
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
        return current_build(root)


def is_stale(build: Build | None) -> bool:
    return build is None or build.version_key != version_key()


_guard = threading.Lock()
_thread: threading.Thread | None = None


def _rebuild(base_url: str, root: Path) -> None:
    for _ in range(MAX_ROUNDS):
        if not is_stale(current_build(root)):
            break
        if build_now(base_url, root=root, wait=False) is None:
            break  # another process is building; the next visit checks again


def refresh_in_background(base_url: str) -> threading.Thread | None:
    """Start a rebuild unless one is running here; returns the thread (to join in
    tests), or None when the current build is fresh."""
    global _thread
    root = bulk_root()
    if not is_stale(current_build(root)):
        return None
    with _guard:
        if _thread is None or not _thread.is_alive():
            _thread = run_in_background(_rebuild, base_url, root, name="bulk-data")
        return _thread
