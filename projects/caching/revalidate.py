"""Stale-while-revalidate: after a write, rebuild what readers ask for, then serve it.

Public answers are kept under the data version (store.py, middleware.py), so a
write empties every page at once and its next reader paid for the rebuild (1.6 s
for the dashboard at 100,000 projects). Instead:

- each public answer that is built and kept is remembered (`remember`): the
  request's address, host, scheme and the headers its key depends on, the most
  recent DATA_REVALIDATE_ANSWERS of them, in the shared cache;
- after a write commits, a background thread (`refresh`) replays them through
  the site's own handler, which builds and keeps each under the new version,
  then marks that version served (version.serve);
- a reader who finds the served version behind the latest, or a worker's
  watcher that reads it so (watch.py), starts the same rebuild if none is
  running (`kick`): writes made outside a web process, or whose rebuild died
  with its process, are caught up too;
- until then a public read may be answered from the entry kept under the served
  version, with that version's ETag and its "data version" text (it is that
  version's answer, whole); whatever is built is built from the latest data.

Staleness is bounded: the served version stands in for DATA_STALE_SECONDS at
most after the write that replaced it, so a rebuild that fails, or a process
that dies while rebuilding, costs readers the old cold rebuild after the limit,
never an old answer for good. Signed-in users, the admin and every write never
read the served version (they are not public reads). DATA_STALE_SECONDS=0 (the
tests) turns all of it off: reads see the latest version at once.

Started by the process that wrote (projects/background.py), not queued through
django-tasks or RQ: the work is a cache refill that is worth nothing once the
limit passes, so a queue and a worker to deploy and monitor buy nothing a lost
run is not already covered for (the limit, and the next reader's `kick`). With
a shared cache (Redis) the rebuild is `manage.py revalidate`, a process of its
own at a lower CPU priority: as a thread it would hold, for seconds, the GIL
of a worker that is serving readers, and they would wait for it. With a cache
of the process's own (no Redis) only a thread of that process can fill it.
Runs are serialised by a lock in the cache (one rebuild at a time across
workers); a write during a rebuild is picked up by the next round of the run.
"""

import hashlib
import io
import logging
import sys
import threading
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

from ..background import run_command, run_in_background
from .version import latest_version, serve

logger = logging.getLogger(__name__)

REMEMBERED_KEY = "cpec:revalidate:answers"
REMEMBERED_TIMEOUT = 7 * 24 * 3600
LOCK_KEY = "cpec:revalidate:lock"
# Marks the replayed requests: they build under the latest version and are not
# remembered again. An environ key a client cannot send (headers become HTTP_*).
REVALIDATING = "cpec.revalidating"
# What a kept answer's key depends on besides its path (middleware.data_etag,
# answers.cached_body, front._key); never a cookie or a credential.
REPLAYED = (
    "PATH_INFO",
    "SCRIPT_NAME",
    "QUERY_STRING",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_ENCODING",
    "HTTP_ACCEPT_LANGUAGE",
    "wsgi.url_scheme",
)

KICK_SECONDS = 1.0
# The rebuild's process runs below the web workers, from its start: readers come
# first, the rebuild takes what is left.
NICENESS = 10

_handler_lock = threading.Lock()
_handler: WSGIHandler | None = None
_last_kick = float("-inf")


def enabled() -> bool:
    return settings.DATA_STALE_SECONDS > 0


def is_revalidating(request) -> bool:
    return bool(request.META.get(REVALIDATING))


def remember(request) -> None:
    """Remember a public GET whose answer was just built and kept."""
    if not enabled() or request.method != "GET" or is_revalidating(request):
        return
    environ = {name: request.META[name] for name in REPLAYED if name in request.META}
    name = hashlib.blake2b(repr(sorted(environ.items())).encode(), digest_size=12)
    remembered = cache.get(REMEMBERED_KEY) or {}
    # Most recent last; two workers writing at once may lose one entry, which
    # is then built by its next reader, as without revalidation.
    remembered.pop(name.hexdigest(), None)
    remembered[name.hexdigest()] = environ
    while len(remembered) > settings.DATA_REVALIDATE_ANSWERS:
        remembered.pop(next(iter(remembered)))
    cache.set(REMEMBERED_KEY, remembered, REMEMBERED_TIMEOUT)


def schedule() -> None:
    """After a committed write: rebuild in the background (nothing when off)."""
    if enabled():
        start()


def start() -> None:
    """Run refresh() now, elsewhere: a process of its own (`manage.py revalidate`)
    when the cache is shared, else a thread of this process, which alone can
    fill its own cache. The lock is taken here, before anything starts, so a
    burst of writes or readers starts one run; the running one picks up the
    latest version when it ends."""
    if not cache.add(LOCK_KEY, True, settings.DATA_STALE_SECONDS):
        return
    try:
        if isinstance(caches["default"], LocMemCache):
            run_in_background(refresh, True, name="revalidate")
        else:
            run_command(
                ["revalidate", "--locked"], name="revalidate", niceness=NICENESS
            )
    except Exception:
        cache.delete(LOCK_KEY)
        raise


def kick() -> None:
    """A reader found the served version behind: start a rebuild if none is.

    Covers the writes whose own rebuild never ran or never finished: a
    management command's (its process ends first), or a worker's that died.
    At most once a second in a process; the lock keeps it to one run at a time.
    """
    global _last_kick
    now = time.monotonic()
    with _handler_lock:
        if now - _last_kick < KICK_SECONDS:
            return
        _last_kick = now
    start()


def refresh(locked: bool = False) -> None:
    """Rebuild the remembered answers under the latest version, then serve it;
    again while writes keep coming. Returns at once if another run holds the
    lock; `locked`: the caller took it for this run."""
    limit = settings.DATA_STALE_SECONDS
    while locked or cache.add(LOCK_KEY, True, limit):
        locked = False
        # On failure the lock is left to expire: a rebuild that fails is tried
        # again after the limit, not at once by every reader (kick).
        target = latest_version()
        warm(deadline=time.monotonic() + limit)
        serve(target)
        cache.delete(LOCK_KEY)
        # After the lock is given back: a write that found it taken is seen here.
        if latest_version().number <= target.number:
            return


def warm(deadline: float) -> int:
    """Replay the remembered answers, the most recent first; how many were."""
    remembered = list((cache.get(REMEMBERED_KEY) or {}).values())
    count = 0
    for environ in reversed(remembered):
        if time.monotonic() > deadline:
            logger.warning("Revalidation stopped at its limit after %d answers", count)
            break
        replay(environ)
        count += 1
    return count


def replay(recorded: dict) -> int:
    """One remembered GET through the site's middleware and view; its status.

    The middleware keeps the answer under the latest version as for any reader.
    The response is not closed: closing sends request_finished, which would close
    this thread's database connection (background.py closes it when done).
    """
    environ = {
        **recorded,
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        REVALIDATING: True,
    }
    return _site_handler().get_response(WSGIRequest(environ)).status_code


def _site_handler() -> WSGIHandler:
    global _handler
    with _handler_lock:
        if _handler is None:
            _handler = WSGIHandler()
        return _handler
