"""Sign-in lockout: django-axes's hooks (client address, user name, the 429 page)
and the lock that makes its count exact under concurrency."""

import functools
import hashlib
import unicodedata

from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import ngettext


def client_address(request) -> str:
    """The client address, trusting X-Forwarded-For only as far as our proxies."""
    proxies = getattr(settings, "NUM_PROXIES", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def normalised_username(request, credentials) -> str:
    """The user name as one account: NFKC-normalised, trimmed and case-folded."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return unicodedata.normalize("NFKC", str(raw)).strip().casefold()[:150]


def lockout_response(request, original_response=None, credentials=None):
    """The site's own 429 page, saying how long to wait."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    minutes = max(1, window // 60)
    body = render_to_string(
        "429.html",
        {
            "message": ngettext(
                "Too many failed sign-in attempts. Try again in %(count)s minute.",
                "Too many failed sign-in attempts. Try again in %(count)s minutes.",
                minutes,
            )
            % {"count": minutes}
        },
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(window)
    return response


def _lock_key(name: str) -> int:
    """A stable signed 64-bit number for a name, as pg_advisory_xact_lock takes."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def sign_in_lock_keys(request) -> list[int]:
    """The locks a sign-in holds: its account's and its address's, in one order."""
    names = [
        f"signin:user:{normalised_username(request, None)}",
        f"signin:addr:{client_address(request)}",
    ]
    return sorted({_lock_key(name) for name in names})


def serialised_sign_in(view):
    """A sign-in view whose POSTs run one at a time per account and per address.

    django-axes reads the failure count before the password check and records the
    failure after it, so simultaneous attempts all read the same count: 8 of 40
    were checked, not 5. Here each POST runs in a transaction that first takes the
    lock of its account (normalised, as axes counts it) and of its address, so the
    next attempt reads the count only once the last one is recorded; axes still
    does the counting. On PostgreSQL these are advisory locks, released with the
    transaction and taken in a fixed order so two attempts cannot deadlock; a wait
    longer than the statement timeout fails the attempt (a 503), which refuses it.
    SQLite has one writer at a time: a write at once takes that lock, as BEGIN
    IMMEDIATE would, so there sign-ins run one at a time altogether.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            _hold_sign_in_locks(request)
            return view(request, *args, **kwargs)

    return wrapper


def _hold_sign_in_locks(request) -> None:
    """Take the sign-in's locks, held until its transaction ends."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for key in sign_in_lock_keys(request):
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        elif connection.vendor == "sqlite":
            table = connection.ops.quote_name(AccessAttempt._meta.db_table)
            cursor.execute(f"UPDATE {table} SET id = id WHERE 0")
