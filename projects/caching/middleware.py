"""Conditional GET for public reads: an ETag derived from the data version.

The ETag names everything a public answer depends on, so it also keys a cache of
whole public pages: a repeat of a page, by any client, is the stored bytes. Which
pages are kept, and under which parameters, each view declares (policy.py).
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import parse_etags, patch_cache_control

from .policy import PagePolicy, in_normal_form, policy_for
from .revalidate import is_revalidating, kick, remember
from .store import mark_kept, store_answer, stored_answer
from .version import (
    answered_stale,
    pinned_version,
    served_is_behind,
    served_key,
    was_answered_stale,
)

# Pages whose answer does not follow the data alone: the admin and its sign-in
# (CSRF, messages, the user), the health check (the database's state), and
# static files (whitenoise has its own validators).
EXCLUDED_PREFIXES = ("/admin/", "/health/", "/static/", "/api/auth/")

# Pages kept whole, under their ETag: those whose view declares a policy. Not the
# API: its throttles run inside the view, which keeps the bytes of its JSON pages
# itself, after them (store.cached_bytes).
PAGE_CACHE_MAX_BYTES = 2 * 1024 * 1024
# Entries of a replaced data version are never read again; this bounds how long
# they take room (Redis also evicts by LRU under its memory limit).
PAGE_CACHE_TIMEOUT = 3600


def is_public_read(request) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    # A signed-in user (or any session) may see forms, messages and links built
    # for them; a token-authenticated client may see what anonymous ones do not.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    # A message waiting to be shown makes the next page different.
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def data_etag(request, version: str, policy: PagePolicy | None = None) -> str:
    """A weak validator for everything a public answer depends on.

    A page with a policy depends on its known parameters alone (request.GET is
    normalised by then) and is always HTML; any other answer on the whole query
    string and on the media type the client accepts.
    """
    if policy is None:
        query = request.META.get("QUERY_STRING", "")
        accept = request.META.get("HTTP_ACCEPT", "")
    else:
        query, accept = request.GET.urlencode(), ""
    parts = [
        version,
        getattr(settings, "RELEASE", ""),
        # The timeline tells planned from past completions by today's date.
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.path,
        query,
        # The page's language (its prefix) or the API's (?lang=, Accept-Language).
        translation.get_language() or "",
        # Content negotiation: JSON, the browsable API, CSV or GeoJSON.
        accept,
        # A page that embeds a CSRF token is only reusable with the same cookie.
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    ]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f'W/"{digest}"'


def etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    # If-None-Match compares weakly: W/"x" and "x" are the same validator.
    bare = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == bare for tag in parse_etags(header))


class DataVersionETagMiddleware:
    """ETag on public GETs; a matching If-None-Match is a 304 before any rendering.

    The data version is read once per request and pinned, so the validator and
    every cached aggregate the view uses come from the same version. While a
    write is being revalidated (revalidate.py), an answer kept under the served
    version stands in, with that version's validator. Responses
    that set a cookie or say no-store or private, and every non-200 answer, get
    no validator. A public page's bytes and headers are kept under its ETag, and
    a repeat is answered from them without running the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        policy = policy_for(request) if request.method in {"GET", "HEAD"} else None
        if policy is not None:
            # Signed in or not, a page sees only the parameters it declares.
            request.GET = policy.normalise(request.GET)
        if not is_public_read(request):
            return self.get_response(request)
        with pinned_version(stale=not is_revalidating(request)) as version:
            etag = data_etag(request, version, policy)
            served = served_key()
            if served_is_behind() and not is_revalidating(request):
                kick()
            # While a write is revalidated, the served version's answers stand in.
            stale_etag = served and data_etag(request, served, policy)
            if (response := _not_modified(request, etag, stale_etag)) is not None:
                return response
            keep = (
                PAGE_CACHE_TIMEOUT
                and policy is not None
                and policy.may_store(request.GET)
            )
            if keep and in_normal_form(request.GET, request.META.get("QUERY_STRING")):
                mark_kept(request)
            key = f"cpec:page:{etag}"
            if keep and (stored := _stored_page(etag, stale_etag)) is not None:
                return _replay(stored)
            response = self.get_response(request)
            if was_answered_stale():
                # The view answered with the served version's entry (the API).
                etag, keep = stale_etag, False
        if (
            response.status_code == 200
            and not response.cookies
            and not response.has_header("ETag")
            and not _forbids_storing(response)
        ):
            response["ETag"] = etag
            # Stored, but asked about again each time: the data may change.
            patch_cache_control(response, no_cache=True)
            if keep and _may_keep(request, response):
                stored = (response.content, tuple(response.items()))
                store_answer(key, stored, PAGE_CACHE_TIMEOUT)
                remember(request)
        return response


def _not_modified(request, *etags) -> HttpResponseNotModified | None:
    """A 304 naming the first of the ETags that If-None-Match matches."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    for etag in etags:
        if header and etag and etag_matches(header, etag):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            patch_cache_control(response, no_cache=True)
            return response
    return None


def _stored_page(etag: str, stale_etag: str | None):
    """The page kept under the latest version, else under the served one."""
    stored = stored_answer(f"cpec:page:{etag}")
    if stored is None and stale_etag:
        stored = stored_answer(f"cpec:page:{stale_etag}")
        if stored is not None:
            answered_stale()
    return stored


def _may_keep(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        request.method == "GET"
        and not response.streaming
        and getattr(response, "cache_store", True)
        and len(response.content) <= PAGE_CACHE_MAX_BYTES
        # A page that read the session may show what it held.
        and not (session is not None and session.accessed)
    )


def _forbids_storing(response) -> bool:
    """The view said no-store or private (never_cache does): no validator, no copy."""
    directives = response.get("Cache-Control", "").lower().split(",")
    names = {directive.split("=")[0].strip() for directive in directives}
    return bool(names & {"no-store", "private"})


def _replay(stored) -> HttpResponse:
    content, headers = stored
    return HttpResponse(content, headers=dict(headers))
