"""gzip for the public pages an anonymous reader gets, when they hold no secret.

A dashboard is hundreds of kilobytes of HTML (the charts' figures and tables);
uncompressed it is most of a phone's wait. The API's data answers are compressed
by projects.api.middleware, which leaves HTML alone because a page may carry a
CSRF token, which BREACH could recover from a compressed page that also reflects
the attacker's input. This middleware compresses a page only when nothing in it
is secret: an anonymous read (no session cookie, no Authorization header) whose
rendering used no CSRF token (Django marks the request when one is used), never
under /admin/ or /api/.

It sits above the conditional-GET middleware, like the API's, so the stored and
compared bytes are the uncompressed ones. The compressed bytes are kept per
process under the page's ETag (which names everything the page depends on), so
a repeat costs a dictionary lookup rather than a gzip of the whole page.
"""

from collections import OrderedDict

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
SKIPPED_PREFIXES = ("/admin/", "/api/")
# Below this a page gains little from compression (Django's own threshold).
SMALLEST = 200
KEPT_PAGES = 64


def may_compress(request, response) -> bool:
    if request.method not in {"GET", "HEAD"} or response.streaming:
        return False
    if response.status_code != 200 or response.has_header("Content-Encoding"):
        return False
    if request.path_info.startswith(SKIPPED_PREFIXES):
        return False
    media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type != "text/html" or len(response.content) < SMALLEST:
        return False
    secret = (
        request.META.get("CSRF_COOKIE_USED")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )
    return not secret


class PageCompressionMiddleware(GZipMiddleware):
    """gzip for public HTML pages without a secret in them; see the module."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.kept: OrderedDict[str, bytes] = OrderedDict()

    def process_response(self, request, response):
        if not may_compress(request, response):
            return response
        # Whether compressed or not, the answer depends on Accept-Encoding.
        patch_vary_headers(response, ("Accept-Encoding",))
        if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = self.compressed(response)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = "gzip"
        return response

    def compressed(self, response) -> bytes:
        etag = response.get("ETag", "")
        # Only a weak ETag is the data version's, naming the page's every input.
        if not etag.startswith("W/"):
            return compress_string(response.content, max_random_bytes=0)
        if etag in self.kept:
            self.kept.move_to_end(etag)
            return self.kept[etag]
        compressed = compress_string(response.content, max_random_bytes=0)
        self.kept[etag] = compressed
        if len(self.kept) > KEPT_PAGES:
            self.kept.popitem(last=False)
        return compressed
