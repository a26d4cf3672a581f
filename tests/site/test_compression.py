"""Public pages are gzipped for readers who accept it, unless they hold a secret."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from projects.site.compression import PageCompressionMiddleware, may_compress

pytestmark = pytest.mark.django_db


def test_dashboard_is_gzipped_and_reads_as_the_plain_page(client, corridor):
    url = reverse("projects:home")
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) * 4 < len(plain.content)
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    # The validator is the page's either way.
    assert packed["ETag"] == plain["ETag"]


def test_a_repeat_is_served_the_kept_bytes(client, corridor):
    url = reverse("projects:project-list")
    first = client.get(url, headers={"accept-encoding": "gzip"})
    second = client.get(url, headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert first.content == second.content


def page(request_headers=None, **meta):
    request = RequestFactory().get("/", headers=request_headers or {})
    request.META.update(meta)
    response = HttpResponse("<p>" + "figures " * 100, content_type="text/html")
    return request, response


@pytest.mark.parametrize(
    "case",
    ["csrf token used", "signed in", "authorization", "admin", "api", "json"],
)
def test_a_page_that_may_hold_a_secret_is_left_alone(case, settings):
    request, response = page()
    if case == "csrf token used":
        request.META["CSRF_COOKIE_USED"] = True
    elif case == "signed in":
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    elif case == "authorization":
        request.META["HTTP_AUTHORIZATION"] = "Token x"
    elif case in {"admin", "api"}:
        request.path_info = f"/{case}/projects/"
    else:
        response["Content-Type"] = "application/json"
    assert not may_compress(request, response)
    request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    answer = PageCompressionMiddleware(lambda r: response)(request)
    assert not answer.has_header("Content-Encoding")


def test_a_plain_anonymous_page_may_be_compressed():
    request, response = page()
    assert may_compress(request, response)
