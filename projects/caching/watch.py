"""Each web worker hears of a new data version when it is committed, not from
its readers.

A public read answered whole (front.py) needs the versions (version.py). Read by
the request, they cost it a query, about a millisecond on loopback, as long as
the rest of the answer; and after a rebuild, the first reader of each page in
each worker also paid a read of Redis for the new answer. In each gunicorn
worker (gunicorn.conf.py, post_worker_init) a thread instead:

- reads the versions every REFRESH_SECONDS, and at once when a write or a
  rebuild announces a change (`announce`: Redis pub/sub on CHANNEL), and hands
  the reading to the readers (version.read_for_readers), so none of them reads
  the versions while it is fresh;
- when the versions that answers come from change, copies the finished answers
  kept under them for the requests this worker answered lately
  (front.copy_ahead_of_readers), so the first reader after a rebuild is answered
  from the worker's own copy;
- while the served version is behind the latest, starts the rebuild if none is
  running (revalidate.kick), as a reader would.

It only saves work. If the database does not answer, no reading is handed on,
and readers read the versions for themselves again once the last reading is
version.REUSE_SECONDS old, as without it. If Redis does not answer, the thread
reads every REFRESH_SECONDS alone and subscribes again after RETRY_SECONDS.
Without a shared cache, or with stale answers off, it does not run.
"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django_redis.cache import RedisCache

from .fallback import FAILURES

logger = logging.getLogger(__name__)

CHANNEL = "cpec:data-version"
# Below version.REUSE_SECONDS: the reading handed on is always fresh for readers.
REFRESH_SECONDS = 0.5
RETRY_SECONDS = 10.0
# How soon stop() is seen, however long REFRESH_SECONDS is.
SLICE_SECONDS = 0.5


def enabled() -> bool:
    return settings.DATA_STALE_SECONDS > 0 and isinstance(caches["default"], RedisCache)


def _redis():
    """The shared cache's Redis client; None while its breaker is open."""
    backend = caches["default"]
    breaker = getattr(backend, "breaker", None)
    if breaker is not None and not breaker.closed():
        return None
    return backend.client.get_client(write=True)


def announce() -> None:
    """Tell every worker's watcher that the versions changed (once committed)."""
    if not enabled():
        return
    try:
        if (client := _redis()) is not None:
            client.publish(CHANNEL, b"changed")
    except FAILURES as error:
        logger.warning(
            "A new data version was not announced (%s); workers read it within %g s",
            error,
            REFRESH_SECONDS,
        )


class Watcher:
    """The thread of one worker that reads the versions for its readers."""

    def __init__(self):
        self._stop = threading.Event()
        # The keys answers came from at the last reading, once copied ahead.
        self._answers_from: tuple[str, ...] | None = None
        self._failing = False
        self.thread: threading.Thread | None = None

    def start(self) -> "Watcher":
        self.thread = threading.Thread(
            target=self.run, name="data-version-watcher", daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def check(self) -> bool:
        """Read the versions, hand them on, and copy ahead what a change needs;
        False if the database or the rebuild's start failed."""
        from .front import copy_ahead_of_readers
        from .revalidate import kick
        from .version import answer_keys, read_for_readers

        try:
            pin = read_for_readers()
            keys = answer_keys(pin)
            if keys != self._answers_from:
                copy_ahead_of_readers(keys)
                self._answers_from = keys
            if pin.behind:
                kick()
        except Exception as error:
            # The thread outlives any failure; readers read for themselves. Its
            # connection is dropped for a new one (never inside a transaction:
            # one is only ever the caller's, a test's).
            if not connection.in_atomic_block:
                with contextlib.suppress(DatabaseError):
                    connection.close()
            if not self._failing:
                logger.warning(
                    "The data version could not be read ahead of readers (%s: %s)",
                    type(error).__name__,
                    error,
                )
            self._failing = True
            return False
        if self._failing:
            logger.warning("The data version is read ahead of readers again")
        self._failing = False
        return True

    def run(self) -> None:
        pubsub, retry_at = None, 0.0
        try:
            while not self._stop.is_set():
                if pubsub is None and time.monotonic() >= retry_at:
                    pubsub = self._subscribe()
                    retry_at = time.monotonic() + RETRY_SECONDS
                self.check()
                pubsub = self._wait(pubsub)
        finally:
            if pubsub is not None:
                with contextlib.suppress(*FAILURES):
                    pubsub.close()
            with contextlib.suppress(DatabaseError):
                connection.close()

    def _subscribe(self):
        try:
            if (client := _redis()) is None:
                return None
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(CHANNEL)
            return pubsub
        except FAILURES as error:
            logger.warning(
                "Not subscribed to new data versions (%s); read every %g s",
                error,
                REFRESH_SECONDS,
            )
            return None

    def _wait(self, pubsub):
        """Until a change is announced or REFRESH_SECONDS pass; the subscription,
        or None once it failed."""
        if pubsub is None:
            self._stop.wait(REFRESH_SECONDS)
            return None
        deadline = time.monotonic() + REFRESH_SECONDS
        try:
            # In slices, so that stop() is seen within one.
            while (left := deadline - time.monotonic()) > 0 and not self._stop.is_set():
                if pubsub.get_message(timeout=min(left, SLICE_SECONDS)) is not None:
                    # A burst of announcements needs one reading.
                    while pubsub.get_message(timeout=0) is not None:
                        pass
                    break
        except FAILURES as error:
            logger.warning("The subscription to new data versions failed (%s)", error)
            with contextlib.suppress(*FAILURES):
                pubsub.close()
            return None
        return pubsub


_watcher: Watcher | None = None


def start() -> Watcher | None:
    """Start this process's watcher, once (gunicorn.conf.py starts one in each
    worker); None where it does not run."""
    global _watcher
    if _watcher is None and enabled():
        _watcher = Watcher().start()
    return _watcher
