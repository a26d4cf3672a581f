"""Conditional GET for public reads: an ETag derived from the data version."""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import parse_etags, patch_cache_control

from .versioning import pinned_version

# Pages whose answer does not follow the data alone: the admin and its sign-in
# (CSRF, messages, the user), the health check (the database's state), and
# static files (whitenoise has its own validators).
EXCLUDED_PREFIXES = ("/admin/", "/health/", "/static/", "/api/auth/")


def _is_public_read(request) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    # A signed-in user (or any session) may see forms, messages and links built
    # for them; a token-authenticated client may see what anonymous ones do not.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def data_etag(request, version: str) -> str:
    """A weak validator for everything a public answer depends on."""
    parts = [
        version,
        getattr(settings, "RELEASE", ""),
        # The timeline tells planned from past completions by today's date.
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        # Content negotiation: JSON, the browsable API, CSV or GeoJSON.
        request.META.get("HTTP_ACCEPT", ""),
        # A page that embeds a CSRF token is only reusable with the same cookie.
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    ]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f'W/"{digest}"'


def _matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    # If-None-Match compares weakly: W/"x" and "x" are the same validator.
    bare = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == bare for tag in parse_etags(header))


class DataVersionETagMiddleware:
    """ETag on public GETs; a matching If-None-Match is a 304 before any rendering.

    The data version is read once per request and pinned, so the validator and
    every cached aggregate the view uses come from the same version. Responses
    that set a cookie, and every non-200 answer, get no validator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_public_read(request):
            return self.get_response(request)
        with pinned_version() as version:
            etag = data_etag(request, version)
            header = request.META.get("HTTP_IF_NONE_MATCH")
            if header and _matches(header, etag):
                response = HttpResponseNotModified()
                response["ETag"] = etag
                patch_cache_control(response, no_cache=True)
                return response
            response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not response.has_header("ETag")
        ):
            response["ETag"] = etag
            # Stored, but asked about again each time: the data may change.
            patch_cache_control(response, no_cache=True)
        return response
