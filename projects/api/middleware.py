"""The API's HTTP conventions: CORS for reads, compression, RateLimit fields.

Order (cpec_site/settings/base.py): all three sit above the conditional-GET
middleware (caching.middleware), so they act on its answers, 304s and replayed
pages included, and it stores and compares the uncompressed body without any of
their headers.

- CORS: django-cors-headers, for /api/ reads only. A write from another origin
  gets no Access-Control-* header, so a browser refuses to show its answer; its
  preflight gets none either, so a browser never sends it.
- Compression: Django's GZipMiddleware (streamed answers stay streamed, and it
  pads the gzip header with random bytes, the "Heal the Breach" mitigation), on
  JSON, CSV and GeoJSON answers to reads under /api/ only. Never HTML: the
  browsable API and the site's pages carry a CSRF token, which BREACH could
  recover from a compressed page that also reflects the attacker's input; the
  API's data answers hold no secret (no token, no CSRF value), so compressing
  them leaks nothing even when they echo a parameter. Brotli is left out:
  the Django brotli middlewares on PyPI read a whole stream into memory
  (django-brotli 0.4.0) or have not been released since Django 4.1
  (django-compression-middleware 0.5.0).
- RateLimit: the fields of draft-ietf-httpapi-ratelimit-headers-06
  (RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy),
  from the state the API's throttles leave on the request (throttling.py).
"""

from corsheaders.conf import conf as cors_conf
from corsheaders.middleware import CorsMiddleware
from django.middleware.gzip import GZipMiddleware

API_PREFIX = "/api/"
NEVER_COMPRESSED = ("/api/auth/",)

# What the compression applies to: the API's data formats, never HTML.
COMPRESSED_TYPES = (
    "application/json",
    "application/geo+json",
    "application/vnd.oai.openapi+json",
    "application/vnd.oai.openapi",
    "text/csv",
)


class APICorsMiddleware(CorsMiddleware):
    """django-cors-headers, for the methods CORS_ALLOW_METHODS names only.

    django-cors-headers adds its headers to any method once the path matches;
    writes stay same-origin here, so a POST, PUT, PATCH or DELETE (or a
    preflight asking for one) gets none.
    """

    def is_enabled(self, request) -> bool:
        method = request.method
        if method == "OPTIONS":
            method = request.headers.get("access-control-request-method", method)
        allowed = {name.upper() for name in cors_conf.CORS_ALLOW_METHODS}
        return method.upper() in allowed and super().is_enabled(request)


class APICompressionMiddleware(GZipMiddleware):
    """gzip for the API's JSON, CSV and GeoJSON answers; nothing else."""

    def process_response(self, request, response):
        # Reads only, and never a sign-in's answer (it could hold a token).
        if (
            request.method not in {"GET", "HEAD"}
            or not request.path_info.startswith(API_PREFIX)
            or request.path_info.startswith(NEVER_COMPRESSED)
        ):
            return response
        media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type not in COMPRESSED_TYPES:
            return response
        if response.get("ETag", "").startswith('"'):
            # A strong ETag (a record read by a client who may write, for
            # If-Match): gzip would have to weaken it (RFC 9110 8.8.1), and
            # If-Match compares strongly, so the record is sent as it is. Every
            # other answer's ETag is the data version's, weak already.
            return response
        return super().process_response(request, response)


class RateLimitHeadersMiddleware:
    """RateLimit fields on every answer a throttle counted, a 429 included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return rate_limit_headers(request, self.get_response(request))


def rate_limit_headers(request, response):
    """The fields of the throttle closest to refusing, if any counted."""
    state = getattr(request, "rate_limit", None)
    if state is not None:
        response["RateLimit-Limit"] = str(state.limit)
        response["RateLimit-Remaining"] = str(state.remaining)
        response["RateLimit-Reset"] = str(state.reset)
        response["RateLimit-Policy"] = f"{state.limit};w={state.window}"
    return response
