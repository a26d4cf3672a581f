"""What /health/ checks: the database (required) and the shared cache (optional).

The database is probed on a connection of its own, opened in a thread and waited
for at most PROBE_SECONDS, not on the request's kept connection (CONN_MAX_AGE):
a kept connection into a network partition can wait for an answer until the
kernel gives up on it (tcp_user_timeout and keepalives, minutes without them),
and a load balancer needs its answer in seconds. A probe still waiting from an
earlier request answers "down" at once, so a partition leaves at most one thread
per process waiting on it.
"""

import copy
import logging
import threading

from django.core.cache import caches
from django.db import connection
from django.db.utils import load_backend

logger = logging.getLogger(__name__)

# Under the 5 s a load balancer commonly waits; above libpq's connect timeout, so
# a refused or slow connection reports its own error first.
PROBE_SECONDS = 4.0

_in_flight = threading.Lock()


def _probe(settings_dict: dict, outcome: dict, done: threading.Event) -> None:
    wrapper = None
    try:
        backend = load_backend(settings_dict["ENGINE"])
        wrapper = backend.DatabaseWrapper(settings_dict, "health")
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            outcome["up"] = cursor.fetchone() == (1,)
    except Exception as error:  # Any failure means "down".
        logger.warning("Health probe: the database fails (%s)", error)
    finally:
        done.set()
        if wrapper is not None:
            try:
                wrapper.close()
            except Exception:  # A broken connection may fail to close.
                pass
        _in_flight.release()


def database_answers(settings_dict: dict | None = None) -> bool:
    """Whether the database answers SELECT 1 within PROBE_SECONDS."""
    if not _in_flight.acquire(blocking=False):
        return False
    settings_dict = copy.deepcopy(settings_dict or connection.settings_dict)
    outcome: dict = {}
    done = threading.Event()
    thread = threading.Thread(
        target=_probe,
        args=(settings_dict, outcome, done),
        name="health-probe",
        daemon=True,
    )
    try:
        thread.start()
    except BaseException:
        _in_flight.release()
        raise
    done.wait(PROBE_SECONDS)
    return outcome.get("up", False)


def cache_answers() -> bool:
    """Whether the default cache answers; a cache without `healthy()` (the local
    one) always does."""
    healthy = getattr(caches["default"], "healthy", None)
    return healthy() if healthy is not None else True


def health_report(settings_dict: dict | None = None) -> tuple[dict, int]:
    """The /health/ body and status: 503 without the database, 200 "degraded"
    with the database but without the shared cache."""
    database = database_answers(settings_dict)
    cache = cache_answers()
    if not database:
        status, code = "unavailable", 503
    elif not cache:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body = {
        "status": status,
        "database": "up" if database else "down",
        "cache": "up" if cache else "down",
    }
    return body, code
