"""Exports of a whole list (the API's CSV) that cannot take the site's workers.

At 100,000 projects one CSV of the list is about 43 MB and takes seconds to
build, so a handful of them at once would hold every worker. Two rules keep them
cheap:

- Kept as files. An export whose parameters all have bounded values (the list's
  bounded filters, `bom`, `headers`) is written to a file the first time it is
  asked for at a data version (``EXPORT_FILES_ROOT/<version key>/<digest>.csv``)
  and sent from it, as is every later request for it at that version: no query,
  and a copy that takes milliseconds. One request writes it while the others
  are told to come back (503, Retry-After). At most EXPORT_FILES_PER_VERSION are
  kept for one version; the files of older versions are removed when a newer
  one is written (a download already reading one keeps its open file).
- Limited when written. Writing an export (a kept one's first time, or any
  with free parameters such as `q`, whose file is removed once opened) holds a
  slot: at most EXPORT_SLOTS_PER_CLIENT for one client (its account, else its
  address) and EXPORT_SLOTS across the site. Beyond either it is refused before
  any row is read: a 429 for the client, a 503 for the site, each with
  Retry-After. The slots bound the work, not the sending: they are given back
  before the first byte goes out, so a slow client holds none. A slot is a lock
  on a small file beside the exports (fcntl.flock): shared by every worker and
  thread on the machine, whose workers are what it protects, needing no other
  service, and given back by the system if a worker is killed.

The rows, cells and headers are the renderer's own (api.renderers); this module
only decides where the bytes come from.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import get_language
from rest_framework import exceptions

from ..caching.answers import EXPORT_PARAMS
from ..caching.version import version_key
from ..security import client_address

logger = logging.getLogger(__name__)

CLIENT_BUCKETS = 1024
# Parameters that do not change a streamed export: it is never paged.
PAGING_PARAMS = ("page", "page_size")


class ClientBusy(exceptions.Throttled):
    default_detail = "This client is already downloading an export."
    extra_detail_singular = "Try again in {wait} second."
    extra_detail_plural = "Try again in {wait} seconds."


class Unavailable(exceptions.APIException):
    """A 503 with Retry-After (DRF's handler sends `wait` as the header)."""

    status_code = 503
    default_code = "exports_busy"

    def __init__(self, message: str, wait: int):
        super().__init__(f"{message} Try again in {wait} seconds.")
        self.wait = wait


def export_root() -> Path:
    from .builds import bulk_root  # builds imports the API, which imports this

    root = getattr(settings, "EXPORT_FILES_ROOT", None)
    return Path(root) if root else bulk_root() / "exports"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def client_of(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def _lock(path: Path) -> int | None:
    """An open descriptor of `path` holding its lock; None if another holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def _take(name: str, limit: int) -> int | None:
    """One of the slots `name-<n>`, n below limit; None if all are held."""
    for number in range(max(limit, 0)):
        descriptor = _lock(export_root() / ".slots" / f"{name}-{number}")
        if descriptor is not None:
            return descriptor
    return None


def take_slots(request, held: list[int]) -> None:
    """Hold one of the client's slots and one of the site's (added to `held`);
    a 429 or a 503 when none is free."""
    wait = _setting("EXPORT_RETRY_SECONDS", 5)
    # Clients share CLIENT_BUCKETS sets of slots, so the files stay bounded; two
    # clients in one bucket at the same moment share its limit.
    digest = hashlib.blake2b(client_of(request).encode(), digest_size=8).digest()
    bucket = int.from_bytes(digest, "big") % CLIENT_BUCKETS
    mine = _take(f"client-{bucket}", _setting("EXPORT_SLOTS_PER_CLIENT", 1))
    if mine is None:
        raise ClientBusy(wait=wait)
    held.append(mine)
    site = _take("site", _setting("EXPORT_SLOTS", 1))
    if site is None:
        logger.warning("export refused: all %s site slots busy", settings.EXPORT_SLOTS)
        raise Unavailable("Too many exports are being built at once.", wait)
    held.append(site)


def _release(held: list[int]) -> None:
    while held:
        os.close(held.pop())  # closing the file gives its lock back


def kept_path(request, policy, renderer, options: dict) -> Path | None:
    """Where this export is kept at the current data version; None when its
    parameters are not all bounded (it is computed, never kept)."""
    query = policy.normalise(request.query_params).copy()
    for name in (*PAGING_PARAMS, *EXPORT_PARAMS):
        query.pop(name, None)
    if not policy.may_store(query):
        return None
    address = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            query.urlencode(),
            renderer.format,
            repr(sorted(options.items())),
            get_language() or "",
        ]
    )
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return export_root() / version_key() / f"{digest}.{renderer.format}"


def _prune(current: Path) -> None:
    """Remove the folders of every other data version (not the slots')."""
    for folder in current.parent.iterdir():
        if folder != current and folder.is_dir() and not folder.name.startswith("."):
            shutil.rmtree(folder, ignore_errors=True)


def _may_keep(path: Path) -> bool:
    folder = path.parent
    if not folder.is_dir():
        return True
    kept = sum(1 for name in os.listdir(folder) if not name.startswith("."))
    return kept < _setting("EXPORT_FILES_PER_VERSION", 32)


def _write(path: Path, chunks: Iterator[str], charset: str) -> None:
    """The whole export into `path`, which appears only once complete."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(temporary, "wb") as out:
            for chunk in chunks:
                out.write(chunk.encode(charset))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _kept_file(path: Path | None, content_type: str) -> FileResponse | None:
    if path is None:
        return None
    try:
        return FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
    except FileNotFoundError:
        return None


def _claim(path: Path, held: list[int]) -> None:
    """Become the one request that writes `path`; a 503 while another does."""
    descriptor = _lock(path.with_name(f".{path.name}.lock"))
    if descriptor is None:
        wait = _setting("EXPORT_RETRY_SECONDS", 5)
        raise Unavailable("This export is being prepared.", wait)
    held.append(descriptor)


def export_response(view, request, policy, basename: str):
    """The list export for this request, sent from a file: its kept file, or
    one written now under the limits (then kept, or removed once opened)."""
    renderer = request.accepted_renderer
    serializer = view.get_serializer()
    # Filters and options are read first, so a bad one is a 400 holding nothing.
    queryset = view.filter_queryset(view.get_queryset())
    options = renderer.options(request)
    content_type = f"{renderer.media_type}; charset={renderer.charset}"
    path = kept_path(request, policy, renderer, options)
    response = _kept_file(path, content_type)
    if response is None:
        response = _built(
            request, renderer, queryset, serializer, options, path, content_type
        )
    return renderer.dress(response, request, basename)


def _built(
    request, renderer, queryset, serializer, options, path, content_type
) -> FileResponse:
    """Write the export holding a slot (and the claim on `path`, if it is to be
    kept), then give them back: they bound the work, not the sending."""
    held: list[int] = []
    try:
        if path is not None and _may_keep(path):
            _claim(path, held)
            # Written between the first look and the claim: nothing to build.
            response = _kept_file(path, content_type)
            if response is not None:
                return response
        else:
            path = None
        take_slots(request, held)
        target = path or export_root() / ".building" / uuid.uuid4().hex
        rows = renderer.rows(queryset, serializer)
        try:
            _write(
                target, renderer.stream(rows, serializer, **options), renderer.charset
            )
            handle = open(target, "rb")  # noqa: SIM115 (FileResponse closes it)
        except FileNotFoundError as gone:
            # A write moved the data on meanwhile, and an export of the new
            # version removed this version's folder: ask again for the new one.
            message = "The data changed while this export was written."
            raise Unavailable(message, 1) from gone
        if path is None:
            target.unlink()  # the open file stays readable
        else:
            _prune(path.parent)
        return FileResponse(handle, content_type=content_type)
    finally:
        _release(held)
