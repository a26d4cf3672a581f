"""The data version: bumped after every committed write; it keys caches and ETags."""

import contextlib
import contextvars
import threading
from collections.abc import Callable, Iterator
from typing import Any

from cachetools import LRUCache
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

# The version read once for a whole read-only request (see pinned_version), so the
# ETag and every cached aggregate of that request agree and cost one query.
_pinned: contextvars.ContextVar[tuple[int, str] | None] = contextvars.ContextVar(
    "cpec_data_version", default=None
)


def _read() -> tuple[int, str]:
    """(version, key): the key adds the time of the bump to the number.

    A database restored from a backup, or a new cluster, counts again from an
    old number; with the time in it, the key still never matches entries that a
    shared cache holds from before.
    """
    from .models import DataVersion

    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    row = DataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    if row is None:
        return 0, "0"
    version, changed_at = row
    return version, f"{version}.{changed_at.timestamp():.6f}"


def data_version() -> int:
    """The current version; one primary-key read (none inside pinned_version)."""
    return _read()[0]


def version_key() -> str:
    """The current version as a cache and ETag key (see _read)."""
    return _read()[1]


@contextlib.contextmanager
def pinned_version() -> Iterator[str]:
    """Read the version once and use it until the block ends; yields its key.

    Only for requests that do not write: a write inside the block would leave
    caches keyed by the version it replaced.
    """
    current = _read()
    token = _pinned.set(current)
    try:
        yield current[1]
    finally:
        _pinned.reset(token)


def _bump() -> None:
    from .models import DataVersion

    updated = DataVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 2})


def bump_data_version() -> None:
    """Bump after the current transaction commits (at once outside one).

    After the commit, not before: a reader between the write and the commit would
    otherwise cache the old figures under the new version.
    """
    transaction.on_commit(_bump)


CACHE_TIMEOUT = 24 * 3600


def cache_key(name: str, *key_parts: Any) -> str:
    return ":".join(["cpec", name, version_key(), *map(str, key_parts)])


def cached(name: str, build: Callable[[], Any], *key_parts: Any) -> Any:
    """build(), cached until the data changes."""
    key = cache_key(name, *key_parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=CACHE_TIMEOUT)
    return value


# Each process keeps a copy of the answers it read from a shared cache (Redis).
# Their keys hold the data version, so a copy is never stale; a repeat of a
# page then costs a dictionary lookup instead of moving its bytes from Redis
# (4 ms for an 800 kB page of GeoJSON). Least recently used copies go first.
LOCAL_COPY_BYTES = 32 * 1024 * 1024
_copies = LRUCache(
    maxsize=LOCAL_COPY_BYTES,
    getsizeof=lambda answer: len(answer if isinstance(answer, bytes) else answer[0]),
)
_copies_lock = threading.Lock()


def _keeps_copies() -> bool:
    # With the local cache as the default there is nothing to save, and a copy
    # would outlive cache.clear().
    return not isinstance(caches["default"], LocMemCache)


def stored_answer(key: str) -> Any:
    """An answer kept by store_answer(): bytes, or a tuple led by bytes."""
    if _keeps_copies():
        with _copies_lock:
            answer = _copies.get(key)
        if answer is not None:
            return answer
    answer = cache.get(key)
    if answer is not None:
        _keep_copy(key, answer)
    return answer


def store_answer(key: str, answer: Any, timeout: int = CACHE_TIMEOUT) -> None:
    """Keep an answer that is never changed in place: bytes, or a tuple led by
    bytes (the size that counts)."""
    cache.set(key, answer, timeout)
    _keep_copy(key, answer)


def _keep_copy(key: str, answer: Any) -> None:
    if not _keeps_copies():
        return
    with _copies_lock, contextlib.suppress(ValueError):
        # ValueError: larger than the whole budget; not copied.
        _copies[key] = answer


def cached_bytes(name: str, build: Callable[[], bytes], *key_parts: Any) -> bytes:
    """build()'s bytes, cached until the data changes, with a copy per process."""
    key = cache_key(name, *key_parts)
    answer = stored_answer(key)
    if answer is None:
        answer = build()
        store_answer(key, answer)
    return answer


def tracked_models() -> list[type[models.Model]]:
    from django.apps import apps

    from .models import DataVersion

    return [
        model
        for model in apps.get_app_config("projects").get_models()
        if model is not DataVersion
        and not model._meta.model_name.startswith("historical")
    ]
