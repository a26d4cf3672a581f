"""A public read of a kept record answered whole, before the session, CSRF,
authentication and Django REST framework run, with its throttles still counting.

A record's JSON is kept by its view under the data version (views.retrieve);
a repeat still ran every middleware and DRF's dispatch (authentication, content
negotiation, permissions, throttles) to find those bytes. Here the whole answer
(its bytes, gzipped once, and headers, its ETag included) is kept under that
ETag, and a repeat is answered from it after the view's own throttles have
counted it: a refused one goes on to the view, which answers the 429 as before.

Two middlewares, one either side of the conditional GET (caching.middleware):

- StoreAPIAnswerMiddleware, above it, keeps an answer the view marked
  (`kept_whole`), under the ETag that middleware gave it, so an answer can only
  ever be found under the version it was built from.
- ReplayAPIAnswerMiddleware, below it, inside its pinned data version (no query
  of its own) and after its If-None-Match check (a repeat with the ETag is still
  a 304), looks the ETag up and answers with the kept copy.

Only requests whose every input is bounded are kept: no cookie, an Accept header
that is absent, */* or JSON, and a query string already in its normal form (so
`?format=json&&` cannot mint an entry of its own). The rest take the usual path,
which keeps the record's bytes in the view as before.
"""

from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.text import compress_string
from rest_framework.request import Request

from ..caching.answers import cached_json
from ..caching.middleware import data_etag, is_public_read
from ..caching.policy import PagePolicy
from ..caching.store import store_answer, stored_answer
from ..caching.version import version_key
from .middleware import API_PREFIX, COMPRESSED_TYPES

# A detail reads no parameter but the format; its path names the record.
DETAIL_POLICY = PagePolicy(frozenset({"format"}), frozenset({"format"}))
# What a JSON client sends (curl, requests, fetch and wrk send */* or nothing).
PLAIN_ACCEPT = frozenset({"", "*/*", "application/json"})
# As long as a page kept whole by the conditional GET (caching.middleware).
KEPT_SECONDS = 3600


def kept_record(view, request) -> HttpResponse | None:
    """A public read's JSON of one record, kept until the data changes and marked
    as one that may be answered whole (None for the browsable API); the view's
    class goes with it, for its throttles."""
    record = cached_json(
        view,
        request,
        f"{view.basename}-detail",
        lambda: view.get_serializer(view.get_object()).data,
        DETAIL_POLICY,
    )
    if record is not None and _plain_query(request, DETAIL_POLICY):
        record.kept_whole = f"{type(view).__module__}.{type(view).__qualname__}"
    return record


def _bounded(request) -> bool:
    """A public GET of the API whose headers have a bounded set of values."""
    if request.method != "GET" or not request.path_info.startswith(API_PREFIX):
        return False
    if request.COOKIES or not is_public_read(request):
        return False
    return request.META.get("HTTP_ACCEPT", "") in PLAIN_ACCEPT


def _plain_query(request, policy: PagePolicy) -> bool:
    """The query string is the policy's normal form, each parameter once (so
    `?format=json&&` or `?x=1` cannot mint an entry of its own)."""
    query = policy.normalise(request.query_params)
    if any(len(values) > 1 for _name, values in query.lists()):
        return False
    return query.urlencode() == request.META.get("QUERY_STRING", "")


def _key(etag: str) -> str:
    return f"cpec:api:{etag}"


class StoreAPIAnswerMiddleware:
    """Keeps an answer its view marked, under the ETag it was given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        view = getattr(response, "kept_whole", None)
        etag = response.get("ETag", "")
        if (
            view
            and response.status_code == 200
            and etag.startswith("W/")
            and not response.cookies
            and _bounded(request)
        ):
            headers = tuple(response.items())
            answer = (response.content, headers, view, _compressed(response))
            store_answer(_key(etag), answer, KEPT_SECONDS)
        return response


class ReplayAPIAnswerMiddleware:
    """Answers a bounded public read from the kept answer, once its view's
    throttles admit it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bounded(request):
            etag = data_etag(request, version_key())
            answer = stored_answer(_key(etag))
            if answer is not None and _admitted(request, answer[2]):
                return _replay(request, answer)
        return self.get_response(request)


def _admitted(request, view_path: str) -> bool:
    """The view's throttles, counting this request as DRF's dispatch would for an
    anonymous client (a public read carries no credential)."""
    view = import_string(view_path)()
    drf_request = Request(request, authenticators=())
    throttles = view.get_throttles()
    # Every throttle counts, as in APIView.check_throttles. A refusal sends the
    # request on to the view for its 429: a refused request is not recorded, and
    # the user throttle, the only other one, does not count anonymous clients.
    return all([throttle.allow_request(drf_request, view) for throttle in throttles])


def _compressed(response) -> bytes | None:
    """The body gzipped once, as the API's compression would send it
    (api.middleware); None where it would send it as it is. Its JSON holds no
    secret, so one random padding serves every answer."""
    media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type not in COMPRESSED_TYPES or len(response.content) < 200:
        return None
    body = compress_string(
        response.content, max_random_bytes=GZipMiddleware.max_random_bytes
    )
    return body if len(body) < len(response.content) else None


def _replay(request, answer) -> HttpResponse:
    content, headers, _view, compressed = answer
    response = HttpResponse(content, headers=dict(headers))
    # The view's authentication reads the session, which adds Cookie; the answer
    # does depend on whether the client is signed in.
    vary = ["Cookie"]
    if compressed is not None:
        # What the compression would add; it leaves an encoded answer alone.
        vary.append("Accept-Encoding")
        if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(compressed))
    patch_vary_headers(response, vary)
    return response
