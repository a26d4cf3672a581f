"""The data version: bumped after every committed write; it keys caches and ETags.

Two versions are kept in one row: the latest, and the served one, the newest
whose pages have been rebuilt (caching.revalidate). A public read pins both: it
builds under the latest, and may be answered from an entry already kept under
the served one (stale-while-revalidate) for at most DATA_STALE_SECONDS after a
write; an answer taken from an entry carries that entry's version in its ETag.
"""

import contextlib
import contextvars
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from ..rows import row_by_pk


@dataclass(frozen=True)
class Version:
    """One data version: its number, its key and the time of its write."""

    number: int
    key: str
    changed_at: datetime | None


@dataclass
class Pin:
    """The versions one read-only request uses, read once (see pinned_version)."""

    latest: Version
    # An earlier version whose kept entries may answer this request, or None.
    served: Version | None = None
    # Set when an answer came from an entry of the served version.
    answered_stale: bool = False
    # The served version is not the latest: a rebuild is due (or running).
    behind: bool = False


_pinned: contextvars.ContextVar[Pin | None] = contextvars.ContextVar(
    "cpec_data_version", default=None
)

# A repeat of a public read answered whole (caching.front) may be answered from
# this process's last reading of the versions, if taken this recently, with no
# query: while stale answers are allowed at all, a public reader may lag a write
# by up to this much more. Nothing is ever built under such a reading.
REUSE_SECONDS = 1.0
_recent: tuple[float, Pin] | None = None

NO_VERSION = Version(0, "0", None)
ROW_FIELDS = (
    "version",
    "changed_at",
    "served_version",
    "served_changed_at",
    "stale_since",
)


def _version(number: int, changed_at: datetime | None) -> Version:
    """A database restored from a backup, or a new cluster, counts again from an
    old number; with the bump's time in the key, it still never matches entries
    that a shared cache holds from before."""
    stamp = f"{changed_at.timestamp():.6f}" if changed_at else "0"
    return Version(number, f"{number}.{stamp}", changed_at)


def _read_row(stale: bool) -> Pin:
    from ..models import DataVersion

    row = row_by_pk(DataVersion, 1, *ROW_FIELDS)
    if row is None:
        return Pin(NO_VERSION)
    number, changed_at, served, served_at, stale_since = row
    pin = Pin(_version(number, changed_at))
    if not stale or (served is not None and served >= number):
        return pin
    pin.behind = True
    limit = timedelta(seconds=settings.DATA_STALE_SECONDS)
    if served is not None and stale_since and timezone.now() - stale_since < limit:
        pin.served = _version(served, served_at)
    return pin


def _read() -> Version:
    pin = _pinned.get()
    if pin is not None:
        return pin.latest
    return _read_row(stale=False).latest


def data_version() -> int:
    """The latest version; one primary-key read (none inside pinned_version)."""
    return _read().number


def version_key() -> str:
    """The latest version as a cache and ETag key (see _version)."""
    return _read().key


def last_updated() -> tuple[int, datetime | None]:
    """(data version, time of the last committed write): what pages and exports
    print as "Data version N, last updated ..."; None before the first write."""
    latest = _read()
    return latest.number, latest.changed_at


def served_key() -> str | None:
    """The key of the earlier version this request may be answered from, if any."""
    pin = _pinned.get()
    return pin.served.key if pin is not None and pin.served is not None else None


def answered_stale() -> None:
    """Note that this request's answer is an entry of the served version."""
    pin = _pinned.get()
    if pin is not None:
        pin.answered_stale = True


def was_answered_stale() -> bool:
    pin = _pinned.get()
    return pin is not None and pin.answered_stale


def served_is_behind() -> bool:
    """Whether the served version is older than the latest (stale reads only)."""
    pin = _pinned.get()
    return pin is not None and pin.behind


@contextlib.contextmanager
def pinned_version(*, stale: bool = False) -> Iterator[str]:
    """Read the versions once and use them until the block ends; yields the
    latest key. With stale=True, kept entries of the served version may answer.

    Only for requests that do not write: a write inside the block would leave
    caches keyed by the version it replaced. Inside another pin (caching.front
    around the conditional GET), that pin is used: the versions are read once.
    """
    outer = _pinned.get()
    if outer is not None:
        yield outer.latest.key
        return
    pin = _read_row(stale and settings.DATA_STALE_SECONDS > 0)
    if stale:
        _note(pin)
    token = _pinned.set(pin)
    try:
        yield pin.latest.key
    finally:
        _pinned.reset(token)


def _note(pin: Pin) -> None:
    global _recent
    _recent = (time.monotonic(), pin)


def read_for_readers() -> Pin:
    """Read the versions now and give the reading to this process's public
    readers, as a reader's own would be (caching.watch); stale answers on."""
    pin = _read_row(stale=settings.DATA_STALE_SECONDS > 0)
    _note(pin)
    return pin


def answer_keys(pin: Pin) -> tuple[str, ...]:
    """The keys a public read under `pin` is answered from, the latest first."""
    return tuple(v.key for v in (pin.latest, pin.served) if v is not None)


def recent_keys() -> tuple[str, ...]:
    """The latest and the served version's keys as this process last read them
    for a public read, if less than REUSE_SECONDS ago and stale answers are on;
    () otherwise."""
    recent = _recent
    if recent is None or settings.DATA_STALE_SECONDS <= 0:
        return ()
    taken, pin = recent
    if time.monotonic() - taken >= REUSE_SECONDS:
        return ()
    return answer_keys(pin)


def _bump() -> None:
    from ..models import DataVersion

    now = timezone.now()
    updated = DataVersion.objects.filter(pk=1).update(
        version=F("version") + 1,
        changed_at=now,
        # The served version goes stale now if it was the latest until now.
        stale_since=Case(
            When(served_version=F("version"), then=Value(now)),
            default=F("stale_since"),
        ),
    )
    if not updated:
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 2})
    from .revalidate import schedule
    from .watch import announce

    announce()
    schedule()


def serve(version: Version) -> bool:
    """Answer public reads from `version` on; never goes back to an older one.

    If a later write has committed already, the new served version is stale
    from now, so a rebuild that never finishes cannot keep it longer than the
    limit. True if the row changed.
    """
    from ..models import DataVersion
    from .watch import announce

    now = timezone.now()
    newer = models.Q(served_version__isnull=True) | models.Q(
        served_version__lt=version.number
    )
    changed = DataVersion.objects.filter(
        newer, pk=1, version__gte=version.number
    ).update(
        served_version=version.number,
        served_changed_at=version.changed_at,
        stale_since=Case(
            When(version=version.number, then=Value(None)), default=Value(now)
        ),
    )
    if changed:
        transaction.on_commit(announce)
    return bool(changed)


def latest_version() -> Version:
    """The latest version, read now (never the pinned one)."""
    return _read_row(stale=False).latest


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
