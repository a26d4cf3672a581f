"""The data version: bumped after every committed write; it keys caches and ETags."""

import contextlib
import contextvars
from collections.abc import Iterator
from datetime import datetime

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from ..rows import row_by_pk

# The version read once for a whole read-only request (see pinned_version), so the
# ETag and every cached aggregate of that request agree and cost one query.
_pinned: contextvars.ContextVar[tuple | None] = contextvars.ContextVar(
    "cpec_data_version", default=None
)


def _read() -> tuple[int, str, datetime | None]:
    """(version, key, time of the last write); the key adds the bump's time.

    A database restored from a backup, or a new cluster, counts again from an
    old number; with the time in it, the key still never matches entries that a
    shared cache holds from before.
    """
    from ..models import DataVersion

    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    row = row_by_pk(DataVersion, 1, "version", "changed_at")
    if row is None:
        return 0, "0", None
    version, changed_at = row
    return version, f"{version}.{changed_at.timestamp():.6f}", changed_at


def data_version() -> int:
    """The current version; one primary-key read (none inside pinned_version)."""
    return _read()[0]


def version_key() -> str:
    """The current version as a cache and ETag key (see _read)."""
    return _read()[1]


def last_updated() -> tuple[int, datetime | None]:
    """(data version, time of the last committed write): what pages and exports
    print as "Data version N, last updated ..."; None before the first write."""
    version, _, changed_at = _read()
    return version, changed_at


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
    from ..models import DataVersion

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


def tracked_models() -> list[type[models.Model]]:
    from django.apps import apps

    from ..models import APIToken, DataVersion, ImportJob

    # Bookkeeping, not data: the counter itself, the admin's import jobs and the
    # API tokens (issuing one changes no page).
    return [
        model
        for model in apps.get_app_config("projects").get_models()
        if model not in {APIToken, DataVersion, ImportJob}
        and not model._meta.model_name.startswith("historical")
    ]
