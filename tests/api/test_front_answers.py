"""A repeat of a public read answered with its finished response
(projects/caching/front.py): the same answer as the view's, its throttles still
counting, and only bounded requests kept."""

import gzip

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.throttling import SimpleRateThrottle

from projects.api.views import ProjectViewSet
from projects.caching import front
from projects.caching.middleware import DataVersionETagMiddleware
from tests.api.helpers import token_client
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# Per answer: how many the throttle has left, when one more is admitted, and the
# compressed length (gzip pads each answer with random bytes).
PER_ANSWER = {"RateLimit-Remaining", "RateLimit-Reset", "Content-Length"}
RATES = {"anon": "3/minute", "user": "100/minute"}


@pytest.fixture
def project():
    return ProjectFactory(slug="kept-record")


@pytest.fixture
def dispatched(monkeypatch):
    """How many requests reached the view's dispatch."""
    calls = []
    original = ProjectViewSet.initial

    def initial(self, request, *args, **kwargs):
        calls.append(request.path)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(ProjectViewSet, "initial", initial)
    return calls


@pytest.fixture
def stored(monkeypatch):
    """The keys answers were kept under."""
    keys = []
    original = front.store_answer

    def store_answer(key, *args, **kwargs):
        keys.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(front, "store_answer", store_answer)
    return keys


def _headers(response) -> dict:
    headers = {
        name: value for name, value in response.items() if name not in PER_ANSWER
    }
    # The same fields, in whichever order the middlewares added them.
    headers["Vary"] = sorted(v.strip().lower() for v in headers["Vary"].split(","))
    return headers


def test_a_repeat_is_the_same_answer_without_the_view(api, project, dispatched):
    url = f"/api/projects/{project.slug}/"
    first = api.get(url, HTTP_ACCEPT_ENCODING="gzip")
    repeats = [api.get(url, HTTP_ACCEPT_ENCODING="gzip") for _ in range(2)]
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    assert dispatched == [url]
    for repeat in repeats:
        assert repeat.status_code == 200
        assert _json(repeat) == _json(first)
        assert _headers(repeat) == _headers(first)


def _json(response):
    import gzip
    import json

    return json.loads(gzip.decompress(response.content))


def test_a_repeat_with_its_etag_is_still_a_304(api, project):
    url = f"/api/projects/{project.slug}/"
    etag = api.get(url)["ETag"]
    api.get(url)
    response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag


def test_the_throttles_count_every_read_answered_whole(api, project, dispatched):
    url = f"/api/projects/{project.slug}/"
    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": RATES}
    with override_settings(REST_FRAMEWORK=rates):
        answers = [api.get(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert answers[3]["Retry-After"] == "60"
    # The view built the first and answered the refusal; the two between were
    # answered whole.
    assert dispatched == [url, url]


def test_a_refused_read_is_not_counted_twice(api, project, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: now[0]))
    url = f"/api/projects/{project.slug}/"
    rates = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**RATES, "anon": "2/minute"},
    }
    with override_settings(REST_FRAMEWORK=rates):
        codes = [api.get(url).status_code for _ in range(4)]
        now[0] += 61
        codes.append(api.get(url).status_code)
    assert codes == [200, 200, 429, 429, 200]


def test_a_write_is_read_at_once(project, editor):
    api = token_client(editor)
    anonymous = type(api)()
    url = f"/api/projects/{project.slug}/"
    anonymous.get(url)
    before = anonymous.get(url)
    api.patch(url, {"name": "Renamed"}, format="json")
    after = anonymous.get(url)
    assert after.json()["name"] == "Renamed" != before.json()["name"]
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize(
    "query, headers",
    [
        # A value twice, or a parameter the record does not read.
        ("?format=json&format=json", {}),
        ("?format=json&x=1", {}),
        # Any Accept but the plain ones a JSON client sends.
        ("", {"HTTP_ACCEPT": "application/json; q=0.9"}),
        ("", {"HTTP_ACCEPT": "text/html"}),
        # Cookies: the CSRF cookie is part of the ETag.
        ("", {"HTTP_COOKIE": "csrftoken=abc"}),
    ],
)
def test_only_bounded_requests_are_kept(api, project, stored, query, headers):
    url = f"/api/projects/{project.slug}/{query}"
    for _ in range(2):
        api.get(url, **headers)
    assert stored == []


def test_a_plain_read_is_kept_once(api, project, stored):
    for query in ("", "?format=json"):
        for _ in range(3):
            assert api.get(f"/api/projects/{project.slug}/{query}").status_code == 200
    assert len(stored) == 2 and len(set(stored)) == 2


def test_a_signed_in_client_is_never_answered_whole(project, editor, dispatched):
    api = token_client(editor)
    url = f"/api/projects/{project.slug}/"
    answers = [api.get(url) for _ in range(2)]
    assert dispatched == [url, url]
    assert all(a["ETag"].startswith('"') for a in answers)


def test_a_repeat_is_compressed_only_for_a_client_that_takes_gzip(api, project):
    url = f"/api/projects/{project.slug}/"
    first = api.get(url)
    plain, gzipped = api.get(url), api.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert not first.has_header("Content-Encoding")
    assert not plain.has_header("Content-Encoding")
    assert plain.json() == first.json() == _json(gzipped)
    assert gzipped["Content-Length"] == str(len(gzipped.content))
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in gzipped["Vary"]


def test_answers_are_kept_and_replayed_before_any_other_middleware():
    assert settings.MIDDLEWARE[0] == "projects.caching.front.FrontAnswerMiddleware"


def test_a_repeat_keeps_the_security_headers(client, conditional_gets):
    ProjectFactory(slug="kept-page")
    first, repeat = (client.get("/projects/kept-page/", secure=True) for _ in range(2))
    for name in (
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert repeat[name] == first[name]
    assert len(conditional_gets) == 1 and first.has_header("Strict-Transport-Security")


@pytest.fixture
def conditional_gets(monkeypatch):
    """The requests that reached the conditional GET below the front."""
    calls = []
    original = DataVersionETagMiddleware.__call__

    def call(self, request):
        calls.append(request.get_full_path())
        return original(self, request)

    monkeypatch.setattr(DataVersionETagMiddleware, "__call__", call)
    return calls


def test_a_page_repeat_is_answered_at_the_front(client, conditional_gets, stored):
    ProjectFactory(slug="kept-page")
    answers = [client.get("/projects/kept-page/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert conditional_gets == ["/projects/kept-page/"]
    assert len(stored) == 1
    assert answers[2].content == answers[0].content
    assert answers[2]["ETag"] == answers[0]["ETag"]


@pytest.mark.parametrize(
    "path, headers",
    [
        # A parameter the page does not read, or one without a value.
        ("/projects/?utm_source=x", {}),
        # A page number past the last (the list shows the last page).
        ("/projects/?page=987654", {}),
        ("/projects/?status=operational&sector=", {}),
        ("/projects/kept-page/", {"HTTP_COOKIE": "sessionid=abc"}),
        ("/projects/kept-page/", {"HTTP_RANGE": "bytes=0-10"}),
    ],
)
def test_pages_outside_their_normal_form_are_not_kept(client, stored, path, headers):
    ProjectFactory(slug="kept-page")
    for _ in range(2):
        client.get(path, **headers)
    assert stored == []


def test_the_api_language_is_part_of_the_key(api, project, stored):
    url = f"/api/projects/{project.slug}/"
    for _ in range(2):
        urdu = api.get(url, HTTP_ACCEPT_LANGUAGE="ur")
        english = api.get(url, HTTP_ACCEPT_LANGUAGE="en-gb")
    assert urdu["Content-Language"] == "ur"
    assert english["Content-Language"] == "en-gb"
    assert len(stored) == 2


def test_while_a_write_is_rebuilt_the_front_answers_the_previous_version(
    client, settings, monkeypatch, conditional_gets
):
    from projects.caching import revalidate, version
    from projects.caching.version import latest_version, serve

    settings.DATA_STALE_SECONDS = 60
    monkeypatch.setattr(version, "REUSE_SECONDS", 0)
    monkeypatch.setattr(revalidate, "_last_kick", float("-inf"))
    started = []
    monkeypatch.setattr(revalidate, "start", lambda: started.append(1))
    project = ProjectFactory(slug="kept-page", name="Before")
    serve(latest_version())
    first = client.get("/projects/kept-page/")
    project.name = "After"
    project.save()
    started.clear()
    stale = client.get("/projects/kept-page/")
    # The previous version's finished answer, its ETag with it; the rebuild kicked.
    assert stale.content == first.content and stale["ETag"] == first["ETag"]
    assert conditional_gets == ["/projects/kept-page/"]
    assert started == [1]
    revalidate.refresh()
    fresh = client.get("/projects/kept-page/")
    assert b"After" in fresh.content and fresh["ETag"] != first["ETag"]


def test_a_repeat_within_a_moment_of_a_reading_needs_no_query(
    client, settings, monkeypatch, django_assert_num_queries
):
    from projects.caching import revalidate, version

    settings.DATA_STALE_SECONDS = 60
    monkeypatch.setattr(revalidate, "start", lambda: None)
    clock = [1000.0]
    monkeypatch.setattr(version.time, "monotonic", lambda: clock[0])
    project = ProjectFactory(slug="kept-page", name="Before")
    ProjectFactory(slug="other-page")
    version.serve(version.latest_version())
    first = client.get("/projects/kept-page/")
    with django_assert_num_queries(0):
        again = client.get("/projects/kept-page/")
    assert again.content == first.content
    # A write: a page not kept yet is built from a new reading, never the old one.
    project.name = "After"
    project.save()
    other = client.get("/projects/other-page/")
    assert f"Data version {version.data_version()}," in other.text
    with django_assert_num_queries(0):
        assert client.get("/projects/kept-page/")["ETag"] == first["ETag"]
    # A second on, the versions are read again.
    clock[0] += version.REUSE_SECONDS
    with django_assert_num_queries(1):
        client.get("/projects/kept-page/")


def test_one_query_in_any_order_is_one_entry(client, stored):
    ProjectFactory(slug="kept-page")
    answers = [
        client.get(path)
        for path in (
            "/projects/?status=operational&sector=energy",
            "/projects/?sector=energy&status=operational",
            "/projects/?sector=energy&&status=operational",
        )
    ]
    assert len(stored) == 1
    assert all(
        a.status_code == 200 and a.content == answers[0].content for a in answers
    )


def test_another_worker_finds_the_finished_answer_in_the_shared_cache(
    client, redis_cache, conditional_gets
):
    ProjectFactory(slug="kept-page")
    first = client.get("/projects/kept-page/")
    # A process that has not answered it yet: no copy of its own.
    redis_cache.clear()
    again = client.get("/projects/kept-page/")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert conditional_gets == ["/projects/kept-page/"]
    assert len(redis_cache) == 1


def test_the_rebuild_after_a_write_keeps_finished_answers(
    client, settings, monkeypatch, conditional_gets
):
    from projects.caching import revalidate, version

    settings.DATA_STALE_SECONDS = 60
    monkeypatch.setattr(version, "REUSE_SECONDS", 0)
    monkeypatch.setattr(revalidate, "start", lambda: None)
    project = ProjectFactory(slug="kept-page", name="Before")
    version.serve(version.latest_version())
    client.get("/projects/kept-page/", HTTP_ACCEPT_ENCODING="gzip")
    project.name = "After"
    project.save()
    revalidate.refresh()
    conditional_gets.clear()
    fresh = client.get("/projects/kept-page/", HTTP_ACCEPT_ENCODING="gzip")
    # Built by the rebuild, gzip and all: the reader's request reached nothing below.
    assert fresh["Content-Encoding"] == "gzip"
    assert b"After" in gzip.decompress(fresh.content)
    assert conditional_gets == []
