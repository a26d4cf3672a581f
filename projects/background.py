"""Work a request starts and does not wait for: one thread, its own connection.

The thread closes stale connections before it starts and all of its own when it
ends (a thread's connection is never reused by a request), and logs what it
raises, since no one is there to see it. ``inline=True`` runs the work in the
caller's thread instead, with the caller's connection: the tests use it to run
a job deterministically inside their transaction.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)


def run_in_background(
    target: Callable[..., object], *args, name: str, inline: bool = False
) -> threading.Thread | None:
    """Start ``target(*args)`` in a daemon thread; returns it (to join in tests)."""
    if inline:
        target(*args)
        return None

    def run() -> None:
        close_old_connections()
        try:
            target(*args)
        except Exception:
            logger.exception("Background work %r failed", name)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
