import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so cached aggregates never leak."""
    from django.core.cache import cache

    from projects.caching.store import clear_local_copies

    cache.clear()
    clear_local_copies()
    yield
    cache.clear()
    clear_local_copies()


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its language active in the thread (as in a worker, where
    the next request sets its own); a test's reverse() must not inherit it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _own_export_files(settings, tmp_path):
    """Each test keeps its list exports in a folder of its own: a test's writes
    are rolled back, so a data version it exported at can recur in the next."""
    settings.EXPORT_FILES_ROOT = tmp_path / "exports"
    # The test client closes a streamed answer (giving back its export slot)
    # only once it is read to the end, which most tests do not do; the tests of
    # the limits set the ones they check (tests/api/test_export_limits.py).
    settings.EXPORT_SLOTS = settings.EXPORT_SLOTS_PER_CLIENT = 1000


@pytest.fixture(autouse=True)
def _bulk_rebuild_finished():
    """A page that finds the bulk files stale rebuilds them in a thread; the test
    waits for it before the next begins, which would otherwise write while that
    thread reads (SQLite's shared test database refuses: "table is locked")."""
    yield
    from projects.exports import builds

    thread = builds._thread
    if thread is not None:
        thread.join(timeout=120)


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _bump_at_once(request, monkeypatch):
    """In a test wrapped in a transaction that never commits, bump on each write.

    The data version moves after a commit, and such a test never commits: without
    this, a page fetched after a write would be served from the cache of the
    version before it, which no real request can see.
    """
    if _transactional(request):
        yield
        return
    from projects.caching import version as versioning

    monkeypatch.setattr("projects.signals.bump_data_version", versioning._bump)
    monkeypatch.setattr(
        "projects.management.commands.seed_synthetic.bump_data_version",
        versioning._bump,
    )
    yield


@pytest.fixture
def redis_cache(settings, monkeypatch):
    """Redis as the default cache (as in production), in a database of the tests'
    own, and an empty set of this process's copies: the fixture's value, which a
    test clears to play a worker that has not read an answer yet."""
    from cachetools import LRUCache
    from django.core.cache import cache

    from projects.caching import store

    settings.CACHES = {
        "default": {
            "BACKEND": "projects.caching.fallback.FallbackRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/11",
        }
    }
    copies = LRUCache(maxsize=10**7, getsizeof=store._copies.getsizeof)
    monkeypatch.setattr(store, "_copies", copies)
    cache.clear()
    yield copies
    cache.clear()
