"""The API's HTTP conventions: CORS for reads, gzip, RateLimit header fields."""

import gzip
import json

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.throttling import SimpleRateThrottle

from tests.api.helpers import token_client

pytestmark = pytest.mark.django_db

ORIGIN = "https://maps.example.org"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}

PUBLIC_READS = [
    "/api/",
    "/api/projects/",
    "/api/projects/sahiwal/",
    "/api/projects/?format=csv",
    "/api/projects/?format=geojson",
    "/api/phases/",
    "/api/phases/2/",
    "/api/sectors/",
    "/api/meetings/",
    "/api/sources/",
    "/api/indicators/",
    "/api/stats/",
    "/api/changes/",
    "/api/schema/",
]


# CORS ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_every_public_read_allows_any_origin_without_credentials(api, data, path):
    for method in (api.get, api.head):
        response = method(path, HTTP_ORIGIN=ORIGIN)
        assert response.status_code == 200, (path, method)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert not response.has_header("Access-Control-Allow-Credentials")
        exposed = {
            name.strip().lower()
            for name in response["Access-Control-Expose-Headers"].split(",")
        }
        assert {
            "etag",
            "content-disposition",
            "retry-after",
            "ratelimit-limit",
            "ratelimit-remaining",
            "ratelimit-reset",
            "ratelimit-policy",
        } <= exposed


def test_a_preflight_for_a_read_is_answered(api, data):
    response = api.options(
        "/api/projects/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "authorization" not in response["Access-Control-Allow-Headers"]
    assert not response.has_header("Access-Control-Allow-Credentials")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_preflight_for_a_write_gets_no_cors_headers(api, data, method):
    response = api.options(
        "/api/projects/sahiwal/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
    )
    assert not response.has_header("Access-Control-Allow-Origin")
    assert not response.has_header("Access-Control-Allow-Methods")


def test_writes_stay_same_origin(data, editor):
    client = token_client(editor)
    created = client.post(
        "/api/sectors/",
        {"name": "Water", "slug": "water", "color": "#005ea5"},
        format="json",
        HTTP_ORIGIN=ORIGIN,
    )
    assert created.status_code == 201, created.content
    patched = client.patch(
        "/api/sectors/water/", {"name": "Water supply"}, HTTP_ORIGIN=ORIGIN
    )
    deleted = client.delete("/api/sectors/water/", HTTP_ORIGIN=ORIGIN)
    for response in (created, patched, deleted):
        assert not response.has_header("Access-Control-Allow-Origin")


def test_a_304_carries_the_cors_headers_too(api, data):
    etag = api.get("/api/projects/", HTTP_ORIGIN=ORIGIN)["ETag"]
    repeat = api.get("/api/projects/", HTTP_ORIGIN=ORIGIN, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304
    assert repeat["Access-Control-Allow-Origin"] == "*"


def test_pages_and_the_admin_get_no_cors_headers(api, data):
    for path in ("/projects/", "/admin/login/"):
        response = api.get(path, HTTP_ORIGIN=ORIGIN)
        assert not response.has_header("Access-Control-Allow-Origin"), path


# Compression --------------------------------------------------------------------


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/api/projects/", "application/json"),
        ("/api/projects/sahiwal/", "application/json"),
        ("/api/stats/", "application/json"),
        ("/api/projects/?format=csv", "text/csv"),
        ("/api/projects/?format=geojson", "application/geo+json"),
    ],
)
def test_json_csv_and_geojson_are_gzipped_when_asked(api, data, path, media_type):
    plain = api.get(path)
    packed = api.get(path, **GZIP)
    assert packed.status_code == 200
    assert packed["Content-Type"].startswith(media_type)
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(_body(packed)) == _body(plain)
    assert not plain.has_header("Content-Encoding")
    assert "Accept-Encoding" in plain["Vary"]


def test_a_gzipped_csv_export_still_streams(api, data):
    response = api.get("/api/projects/?format=csv", **GZIP)
    assert response.streaming
    assert not response.has_header("Content-Length")
    chunks = list(response.streaming_content)
    assert len(chunks) > 1
    text = gzip.decompress(b"".join(chunks)).decode()
    assert text.startswith("Slug,")


def test_a_gzipped_answer_keeps_a_weak_etag_that_revalidates(api, data):
    packed = api.get("/api/projects/", **GZIP)
    plain = api.get("/api/projects/")
    # Weak: the same data in another encoding, as RFC 9110 8.8.1 allows.
    assert packed["ETag"].startswith('W/"')
    assert packed["ETag"] == plain["ETag"]
    repeat = api.get("/api/projects/", HTTP_IF_NONE_MATCH=packed["ETag"], **GZIP)
    assert repeat.status_code == 304


def test_a_kept_api_answer_is_stored_uncompressed(api, data):
    first = api.get("/api/projects/?status=operational", **GZIP)
    assert first["Content-Encoding"] == "gzip"
    second = api.get("/api/projects/?status=operational")
    assert not second.has_header("Content-Encoding")
    assert json.loads(second.content)["count"] == 2


def test_html_with_a_csrf_token_is_never_compressed(api, data, editor):
    """The admin and the browsable API carry a CSRF token (BREACH); a public page
    that holds none is compressed (tests/site/test_compression.py)."""
    sign_in = api.get("/admin/login/", **GZIP)
    assert b"csrfmiddlewaretoken" in sign_in.content
    assert not sign_in.has_header("Content-Encoding")
    api.force_login(editor)
    browsable = api.get("/api/projects/", HTTP_ACCEPT="text/html", **GZIP)
    assert browsable["Content-Type"].startswith("text/html")
    assert b"csrfmiddlewaretoken" in browsable.content
    assert not browsable.has_header("Content-Encoding")


def test_compression_sits_above_the_conditional_get_middleware():
    order = settings.MIDDLEWARE
    etags = order.index("projects.caching.middleware.DataVersionETagMiddleware")
    assert order.index("projects.api.middleware.APICompressionMiddleware") < etags
    assert order.index("projects.api.middleware.APICorsMiddleware") < etags
    assert "django.middleware.gzip.GZipMiddleware" not in order


# RateLimit header fields --------------------------------------------------------


def _rates(anon="3/minute", user="100/minute"):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }
    )


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def _fields(response) -> tuple:
    return tuple(
        response.get(name)
        for name in (
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "RateLimit-Policy",
        )
    )


def test_throttled_answers_carry_ratelimit_fields(api, data, clock):
    with _rates():
        first = api.get("/api/sectors/")
        clock[0] += 10
        second = api.get("/api/projects/?format=csv")
        clock[0] += 10
        third = api.get("/api/stats/")
        clock[0] += 5
        refused = api.get("/api/sectors/")
    assert _fields(first) == ("3", "2", "60", "3;w=60")
    # The window slides: one more request is admitted when the first leaves it.
    assert _fields(second) == ("3", "1", "50", "3;w=60")
    assert _fields(third) == ("3", "0", "40", "3;w=60")
    assert refused.status_code == 429
    assert _fields(refused) == ("3", "0", "35", "3;w=60")
    assert refused["Retry-After"] == refused["RateLimit-Reset"]


def test_a_signed_in_client_sees_the_user_rate(data, editor, clock):
    with _rates(user="100/minute"):
        response = token_client(editor).get("/api/sectors/")
    assert _fields(response) == ("100", "99", "60", "100;w=60")


def test_pages_carry_no_ratelimit_fields(api, data):
    assert not api.get("/projects/").has_header("RateLimit-Limit")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_answers_to_writes_are_not_compressed(rf, method):
    from django.http import HttpResponse

    from projects.api.middleware import APICompressionMiddleware

    request = getattr(rf, method)("/api/sectors/", **GZIP)
    big = HttpResponse(b'{"name": "' + b"w" * 2000 + b'"}', "application/json")
    response = APICompressionMiddleware(lambda r: big)(request)
    assert not response.has_header("Content-Encoding")
    read = APICompressionMiddleware(lambda r: big)(rf.get("/api/sectors/", **GZIP))
    assert read["Content-Encoding"] == "gzip"


def test_an_answer_with_a_strong_etag_is_not_compressed(rf):
    """If-Match compares strongly; gzip would have to weaken the tag."""
    from django.http import HttpResponse

    from projects.api.middleware import APICompressionMiddleware

    def answer(etag):
        response = HttpResponse(b'{"name": "' + b"w" * 2000 + b'"}', "application/json")
        response["ETag"] = etag
        return response

    middleware = APICompressionMiddleware(lambda r: answer('"record-1"'))
    strong = middleware(rf.get("/api/projects/sahiwal/", **GZIP))
    assert strong["ETag"] == '"record-1"'
    assert not strong.has_header("Content-Encoding")
    middleware = APICompressionMiddleware(lambda r: answer('W/"version"'))
    weak = middleware(rf.get("/api/projects/sahiwal/", **GZIP))
    assert weak["ETag"] == 'W/"version"'
    assert weak["Content-Encoding"] == "gzip"


def test_if_match_works_for_a_client_that_accepts_gzip(data, editor):
    """python-requests and most HTTP libraries send Accept-Encoding: gzip."""
    client = token_client(editor)
    read = client.get("/api/projects/sahiwal/", **GZIP)
    assert read["ETag"].startswith('"')
    changed = client.patch(
        "/api/projects/sahiwal/",
        {"location": "Sahiwal district"},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
        **GZIP,
    )
    assert changed.status_code == 200, changed.content
