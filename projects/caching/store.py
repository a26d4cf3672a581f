"""The store: values and answers cached until the data version changes."""

import contextlib
import threading
from collections.abc import Callable, Sequence
from typing import Any

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation

from .version import answered_stale, served_key, version_key

CACHE_TIMEOUT = 24 * 3600


def data_key(version: str | None = None) -> str:
    """What every cached entry depends on: the code's release, the data version
    and the language.

    With the release in it, a deploy that changes what an entry holds (a chart's
    rows, a page's markup) never reads entries that a shared cache kept from the
    code before; with the language, a chart titled in Urdu is never shown to an
    English reader.
    """
    version = version_key() if version is None else version
    return f"{settings.RELEASE}.{version}.{translation.get_language()}"


def cache_key(name: str, *key_parts: Any, version: str | None = None) -> str:
    return ":".join(["cpec", name, data_key(version), *map(str, key_parts)])


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


def first_stored(keys: Sequence[str]) -> Any:
    """The answer kept (store_answer) under the first of the keys that has one:
    this process's copies first, then one read of the shared cache for all the
    keys together."""
    if _keeps_copies():
        with _copies_lock:
            for key in keys:
                if (answer := _copies.get(key)) is not None:
                    return answer
    for key, answer in _shared(keys):
        _keep_copy(key, answer)
        return answer
    return None


def _shared(keys: Sequence[str]) -> list[tuple[str, Any]]:
    """The answers kept under `keys` in the shared cache, in the keys' order;
    one read."""
    if not keys:
        return []
    found = cache.get_many(keys)
    return [(key, found[key]) for key in keys if found.get(key) is not None]


# Keys per read of the shared cache when copying ahead (copy_ahead).
COPY_AHEAD_BATCH = 50


def copy_ahead(keys: Sequence[str]) -> int:
    """Copy into this process the answers kept under `keys` in the shared cache
    that it holds no copy of yet, before a reader asks (caching.watch); the last
    keys are the most recently used once copied. How many were copied."""
    if not _keeps_copies():
        return 0
    with _copies_lock:
        missing = [key for key in keys if key not in _copies]
    copied = 0
    for start in range(0, len(missing), COPY_AHEAD_BATCH):
        for key, answer in _shared(missing[start : start + COPY_AHEAD_BATCH]):
            _keep_copy(key, answer)
            copied += 1
    return copied


def clear_local_copies() -> None:
    with _copies_lock:
        _copies.clear()


def mark_kept(request) -> None:
    """This request's answer is kept under its normalised, bounded parameters,
    and its query string is already in that form: it may be kept whole
    (caching.front). The Django request, or DRF's around it."""
    getattr(request, "_request", request).kept_whole = True


def cached_bytes(name: str, build: Callable[[], bytes], *key_parts: Any) -> bytes:
    """build()'s bytes, cached until the data changes, with a copy per process.

    A whole answer, so while a write is being revalidated the one kept under the
    served version may stand in for it (the caller's ETag then names that
    version: see version.answered_stale). Anything built is built from, and kept
    under, the latest version.
    """
    key = cache_key(name, *key_parts)
    answer = stored_answer(key)
    if answer is not None:
        return answer
    served = served_key()
    if served is not None:
        answer = stored_answer(cache_key(name, *key_parts, version=served))
        if answer is not None:
            answered_stale()
            return answer
    answer = build()
    store_answer(key, answer)
    return answer
