"""Each worker's watcher reads the data version for its readers, hears of a write
as it is announced, and copies a rebuild's answers ahead of its readers
(projects/caching/watch.py)."""

import contextlib
import logging
import runpy
import threading
import time
from collections import OrderedDict
from pathlib import Path

import pytest
from django.db import OperationalError

from projects.caching import front, revalidate, version, watch
from tests.factories import ProjectFactory

PAGE = "/projects/watched-page/"


@pytest.fixture
def stale(settings, monkeypatch, redis_cache):
    """Stale answers on with Redis, as in production; rebuilds noted, not run;
    the addresses this process answered start empty."""
    settings.DATA_STALE_SECONDS = 60
    monkeypatch.setattr(revalidate, "_last_kick", float("-inf"))
    monkeypatch.setattr(front, "_known", OrderedDict())
    monkeypatch.setattr(version, "_recent", None)
    started = []
    monkeypatch.setattr(revalidate, "start", lambda: started.append(1))
    return started


@contextlib.contextmanager
def no_shared_reads(monkeypatch):
    """Fails any read of the shared cache: an answer must come from this process."""
    from django.core.cache import cache

    def refuse(*args, **kwargs):
        raise AssertionError("read the shared cache")

    with monkeypatch.context() as patch:
        patch.setattr(cache, "get_many", refuse)
        patch.setattr(cache, "get", refuse)
        yield


def rename(project, name):
    project.name = name
    project.save()


@pytest.mark.django_db
def test_readers_answer_under_the_watchers_reading_without_a_query(
    client, stale, monkeypatch, django_assert_num_queries
):
    project = ProjectFactory(slug="watched-page", name="Before")
    served = version.latest_version()
    version.serve(served)
    before = client.get(PAGE)
    rename(project, "After")
    stale.clear()
    assert watch.Watcher().check()
    # The reading names the write, and the version answers still come from.
    assert version.recent_keys() == (version.latest_version().key, served.key)
    # It started the rebuild the served version is behind for, as a reader would.
    assert stale == [1]
    with no_shared_reads(monkeypatch), django_assert_num_queries(0):
        again = client.get(PAGE)
    assert again.content == before.content and again["ETag"] == before["ETag"]


@pytest.mark.django_db
def test_a_served_version_is_copied_ahead_of_the_readers(
    client, stale, redis_cache, monkeypatch, django_assert_num_queries
):
    project = ProjectFactory(slug="watched-page", name="Before")
    version.serve(version.latest_version())
    client.get(PAGE)
    watcher = watch.Watcher()
    assert watcher.check()
    rename(project, "After")
    revalidate.refresh()
    # Another worker: the rebuild kept the new answer in Redis, not in its copies.
    redis_cache.clear()
    assert watcher.check()
    assert len(redis_cache) == 1
    with no_shared_reads(monkeypatch), django_assert_num_queries(0):
        fresh = client.get(PAGE)
    assert b"After" in fresh.content
    # Copied once per served version: the next reading copies nothing.
    redis_cache.clear()
    assert watcher.check() and len(redis_cache) == 0


@pytest.mark.django_db
def test_without_the_database_readers_read_the_version_themselves(
    stale, monkeypatch, caplog
):
    ProjectFactory()
    watcher = watch.Watcher()

    def fails(stale):
        raise OperationalError("the server closed the connection")

    with caplog.at_level(logging.WARNING, logger="projects.caching.watch"):
        with monkeypatch.context() as patch:
            patch.setattr(version, "_read_row", fails)
            assert not watcher.check()
            assert not watcher.check()
        # No reading handed on: readers read the versions for themselves.
        assert version.recent_keys() == ()
        assert watcher.check()
    assert version.recent_keys() != ()
    # One warning for the outage, one when it ends.
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        "The data version could not be read ahead of readers",
        "The data version is read ahead of readers again",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_worker_hears_of_a_write_as_it_is_announced(stale, monkeypatch):
    # Only an announcement can wake it within the test: it would read again in
    # a minute otherwise.
    monkeypatch.setattr(watch, "REFRESH_SECONDS", 60)
    ProjectFactory()
    watcher = watch.Watcher().start()
    try:
        assert _within(10, lambda: version._recent is not None)
        heard = version._recent[1].latest.number
        ProjectFactory()
        written = version.latest_version().number
        assert written > heard
        assert _within(10, lambda: version._recent[1].latest.number == written)
    finally:
        watcher.stop()
    assert not watcher.thread.is_alive()


def test_without_a_shared_cache_no_watcher_runs_and_nothing_is_announced(
    settings, monkeypatch
):
    # The tests' cache is the process's own.
    settings.DATA_STALE_SECONDS = 60
    monkeypatch.setattr(watch, "_watcher", None)
    assert not watch.enabled()
    assert watch.start() is None
    watch.announce()


def test_each_gunicorn_worker_starts_its_watcher(monkeypatch):
    started = []
    monkeypatch.setattr(watch, "start", lambda: started.append(threading.get_ident()))
    config = runpy.run_path(str(Path(__file__).parents[1] / "gunicorn.conf.py"))
    config["post_worker_init"](worker=None)
    assert started == [threading.get_ident()]
    # An app other than the site (the bare baseline of bench/) starts none.
    from django.apps import apps

    monkeypatch.setattr(apps, "ready", False)
    config["post_worker_init"](worker=None)
    assert started == [threading.get_ident()]


def _within(seconds: float, condition) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()
