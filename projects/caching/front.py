"""Whole answers kept at the front of the middleware: a repeat of a public read
is answered from the finished response, after one query at most (the data version).

The conditional GET (middleware.py) keeps a page's bytes, and the API keeps its
answers' bytes inside the view (answers.py), so a repeat builds nothing; it
still ran every middleware (sessions, languages, CSRF, DRF's dispatch, the
compression, the security headers) to find them, most of the time a repeat
took. Here, before any other middleware, each worker keeps the finished
response (compressed, with every header the middleware below added) of a public
read whose key the layers below called bounded, and answers a repeat of the
same request with it:

- the key is the data version and what the answer depends on: the release,
  the date, the address (scheme, host, path, and the query string with its
  parameters in name order), and each header the answers vary on reduced to
  the choice it makes (gzip or not; on the API, its Accept, its language and
  whether a CORS origin was named); a request with a cookie or a credential is
  never kept;
- only a request the layers below marked (`store.mark_kept`: a page or an API
  answer kept under its normalised, bounded parameters, the query string sent
  holding those alone) is kept here, so no client can mint entries;
- the API's throttles still count each repeat, as DRF's dispatch would, and
  its RateLimit fields are added afresh; a refusal goes the usual way, to its
  429;
- while a write is being revalidated (revalidate.py), the answer kept under
  the served version stands in, with that version's ETag, as below;
- while stale answers are on (DATA_STALE_SECONDS), a repeat within a second of
  this process's last reading of the versions is answered under that reading,
  with no query (version.recent_keys); a miss reads them again first. In a
  gunicorn worker a thread reads them twice a second and as soon as a write or
  a rebuild announces one, and copies a newly served version's answers ahead
  of the readers (watch.py), so readers do not read them at all.

A request with a validator (If-None-Match, If-Modified-Since) or a range goes
the usual way: its 304 costs the same one query. Answers are kept in the shared
cache with a copy in each process that read one (store.store_answer), so a
worker that has not answered a request yet finds it in one read of Redis, and
the rebuild after a write keeps them for every worker.
"""

import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import cc_delim_re
from rest_framework.request import Request
from rest_framework.views import APIView

from ..api.language import api_language
from ..api.middleware import API_PREFIX, rate_limit_headers
from . import middleware as conditional
from .policy import in_order
from .revalidate import is_revalidating, kick
from .store import copy_ahead, first_stored, store_answer
from .version import (
    pinned_version,
    recent_keys,
    served_is_behind,
    served_key,
    was_answered_stale,
)

# What a JSON client sends (curl, requests, fetch and wrk send */* or nothing);
# any other Accept on the API goes the usual way.
PLAIN_ACCEPT = frozenset({"", "*/*", "application/json"})
# The request headers answers vary on, each reduced to what it decides below.
VARIES_ON = frozenset(
    {"accept", "accept-encoding", "accept-language", "origin", "cookie"}
)
# Per request: the throttle's state (api.middleware.rate_limit_headers).
PER_REQUEST = frozenset(
    {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"}
)
# Headers that make a request another question, or a partial or conditional one.
NEVER_KEPT = (
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_RANGE",
)


# The addresses of the answers this process gave lately, the most recent last:
# what it copies ahead when a new version is served (copy_ahead_of_readers).
KNOWN_ADDRESSES = 256
_known: OrderedDict[str, None] = OrderedDict()
_known_lock = threading.Lock()


def _eligible(request) -> bool:
    meta = request.META
    if request.path_info.startswith(API_PREFIX):
        if meta.get("HTTP_ACCEPT", "") not in PLAIN_ACCEPT:
            return False
    return (
        request.method == "GET"
        and not any(meta.get(name) for name in NEVER_KEPT)
        and conditional.is_public_read(request)
    )


def _address(request) -> str:
    """What the finished answer depends on, each header reduced to the choice it
    makes: gzip or not, the API's language (a page's is in its path), whether a
    CORS origin was named (any origin reads the API)."""
    meta = request.META
    parts = [
        getattr(settings, "RELEASE", ""),
        # The timeline tells planned from past completions by today's date.
        timezone.localdate().isoformat(),
        request.scheme,
        meta.get("HTTP_HOST", ""),
        meta.get("SCRIPT_NAME", ""),
        request.path_info,
        in_order(meta.get("QUERY_STRING", "")),
        "gzip" if re_accepts_gzip.search(meta.get("HTTP_ACCEPT_ENCODING", "")) else "",
    ]
    if request.path_info.startswith(API_PREFIX):
        parts += [
            api_language(request),
            meta.get("HTTP_ACCEPT", ""),
            "origin" if "HTTP_ORIGIN" in meta else "",
        ]
    return "\n".join(parts)


def _key(address: str, version: str) -> str:
    digest = hashlib.blake2b(f"{version}\n{address}".encode(), digest_size=16)
    return f"cpec:front:{digest.hexdigest()}"


class FrontAnswerMiddleware:
    """Answers a repeat of a kept public read with its finished response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        rebuilding = is_revalidating(request)
        # What the answer depends on besides the version, worked out once.
        address = _address(request)
        recent = () if rebuilding else recent_keys()
        # Under this process's reading of the versions of a moment ago (its own,
        # or its watcher's: watch.py): no query; from its own copy, else one
        # read of the shared cache.
        if recent and (response := _answer(request, address, recent)) is not None:
            return response
        # The conditional GET below reads the same pin: still one query. The
        # rebuild after a write (revalidate.py) builds and keeps answers, under
        # the latest version, and is never answered from one.
        with pinned_version(stale=not rebuilding) as latest:
            served = served_key()
            if served_is_behind() and not rebuilding:
                kick()
            keys = tuple(key for key in (latest, served) if key)
            if not rebuilding and keys != recent:
                if (response := _answer(request, address, keys)) is not None:
                    return response
            response = self.get_response(request)
            version = served if was_answered_stale() else latest
        if _may_keep(request, response):
            view = _throttled_view(request)
            # An API answer is kept only where its throttles are known.
            if view is not None or not request.path_info.startswith(API_PREFIX):
                entry = _entry(response, view)
                timeout = conditional.PAGE_CACHE_TIMEOUT
                store_answer(_key(address, version), entry, timeout)
                _known_here(address)
        return response


def _answer(request, address, versions) -> HttpResponse | None:
    """The finished answer kept under the first of the versions that has one."""
    entry = first_stored([_key(address, version) for version in versions])
    if entry is None:
        return None
    _known_here(address)
    return _replay(request, entry)


def _known_here(address: str) -> None:
    with _known_lock:
        _known[address] = None
        _known.move_to_end(address)
        if len(_known) > KNOWN_ADDRESSES:
            _known.popitem(last=False)


def copy_ahead_of_readers(versions: tuple[str, ...]) -> int:
    """Copy into this process the finished answers kept under `versions` for the
    requests it answered lately, before its readers ask again; how many."""
    with _known_lock:
        addresses = list(_known)
    return copy_ahead(
        [_key(address, version) for address in addresses for version in versions]
    )


def _may_keep(request, response) -> bool:
    if not getattr(request, "kept_whole", False):
        return False
    varies = {
        name.strip().lower() for name in cc_delim_re.split(response.get("Vary", ""))
    }
    return (
        response.status_code == 200
        and not response.streaming
        # The view said so (policy.not_stored): a page number past the last.
        and getattr(response, "cache_store", True)
        and not response.cookies
        and response.get("ETag", "").startswith("W/")
        and len(response.content) <= conditional.PAGE_CACHE_MAX_BYTES
        and varies - {""} <= VARIES_ON
    )


def _entry(response, view) -> tuple:
    headers = tuple(
        (name, value) for name, value in response.items() if name not in PER_REQUEST
    )
    return (response.content, headers, view)


def _throttled_view(request) -> type[APIView] | None:
    """The DRF view whose throttles count a repeat (None for a page)."""
    if not request.path_info.startswith(API_PREFIX):
        return None
    match = getattr(request, "resolver_match", None)
    view = getattr(match.func, "cls", None) if match else None
    return view if isinstance(view, type) and issubclass(view, APIView) else None


def _replay(request, entry) -> HttpResponse | None:
    """The kept response, or None when the view's throttles refuse the request
    (it then goes on to the view for its 429)."""
    content, headers, view = entry
    if view is not None and not _admitted(request, view):
        return None
    response = HttpResponse(content, headers=dict(headers))
    rate_limit_headers(request, response)
    return response


def _admitted(request, view_class: type[APIView]) -> bool:
    """The view's throttles, counting this request as DRF's dispatch would for
    an anonymous client (a kept request carries no credential)."""
    view = view_class()
    drf_request = Request(request, authenticators=())
    # Every throttle counts, as in APIView.check_throttles. A refusal sends the
    # request on to the view for its 429: DRF's throttle does not record a
    # refused request, and the user throttle does not count anonymous clients.
    return all(
        [throttle.allow_request(drf_request, view) for throttle in view.get_throttles()]
    )
