"""Work a request starts and does not wait for: one thread, its own connection,
or a management command in a process of its own (run_command).

The thread closes stale connections before it starts and all of its own when it
ends (a thread's connection is never reused by a request), and logs what it
raises, since no one is there to see it. ``inline=True`` runs the work in the
caller's thread instead, with the caller's connection: the tests use it to run
a job deterministically inside their transaction.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable

from django.conf import settings
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


def run_command(args: list[str], *, name: str, niceness: int = 0) -> subprocess.Popen:
    """Start ``manage.py <args>`` in a process of its own; a thread reaps it.

    For work that would otherwise hold this process's GIL for seconds while it
    serves requests. It has a session of its own, so it outlives a worker that
    exits or is restarted meanwhile. With `niceness`, it runs at that lower CPU
    priority from its start (loading Django takes a CPU for most of a second).
    """
    process = subprocess.Popen(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )
    if niceness:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, niceness)
    threading.Thread(target=process.wait, name=f"{name}-reaper", daemon=True).start()
    return process
