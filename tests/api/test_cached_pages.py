"""Cached pages and conditional GET: repeats served from the cache, ETags."""

import pytest

from tests.api.helpers import token_client

pytestmark = pytest.mark.django_db


def test_a_repeat_json_page_is_served_from_the_cache_until_the_data_changes(api, data):
    # What a repeat costs (the data version alone) is pinned in test_query_counts.py.
    first = api.get("/api/projects/?ordering=name")
    repeat = api.get("/api/projects/?ordering=name")
    assert repeat.content == first.content
    assert repeat["Content-Type"] == "application/json"
    assert "Accept" in repeat["Vary"]
    sahiwal = data["projects"][0]
    sahiwal.name = "Sahiwal Coal Power Station"
    sahiwal.save()
    changed = api.get("/api/projects/?ordering=name").json()
    assert "Sahiwal Coal Power Station" in [row["name"] for row in changed["results"]]


def test_a_repeat_detail_is_served_from_the_cache_until_a_write(
    api, data, editor, django_assert_num_queries
):
    first = api.get("/api/projects/sahiwal/")
    # Only the data version is read: the record's bytes are kept.
    with django_assert_num_queries(1):
        repeat = api.get("/api/projects/sahiwal/")
    assert repeat.content == first.content
    assert repeat["Content-Type"] == "application/json"
    assert repeat["ETag"] == first["ETag"]
    writer = token_client(editor)
    tag = writer.get("/api/projects/sahiwal/")["ETag"]
    patched = writer.patch(
        "/api/projects/sahiwal/",
        {"name": "Sahiwal Coal Power Station"},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert patched.status_code == 200
    changed = api.get("/api/projects/sahiwal/")
    assert changed.json()["name"] == "Sahiwal Coal Power Station"
    assert changed["ETag"] != first["ETag"]


def test_a_detail_keeps_one_entry_whatever_else_the_query_says(api, data, monkeypatch):
    from projects.caching import answers, store

    keys = []
    real = answers.cached_bytes

    def spy(name, build, *parts):
        keys.append((name, parts))
        return real(name, build, *parts)

    monkeypatch.setattr(answers, "cached_bytes", spy)
    for n in range(3):
        assert api.get(f"/api/projects/sahiwal/?utm={n}").status_code == 200
    assert len(set(keys)) == 1
    # A missing record is a 404, never kept.
    stored = []
    monkeypatch.setattr(store, "store_answer", lambda *args: stored.append(args))
    assert api.get("/api/projects/no-such-project/").status_code == 404
    assert api.get("/api/projects/ml-1/").status_code == 200
    assert len(stored) == 1


def test_a_refused_request_stores_nothing(api, data):
    for _ in range(2):
        response = api.get("/api/projects/?status=finished")
        assert response.status_code == 400
        assert "status" in response.json()
    for _ in range(2):
        assert api.get("/api/projects/?page=9").status_code == 404
    assert api.get("/api/projects/?status=operational").status_code == 200


def test_cached_pages_keep_the_host_and_media_type_they_were_asked_with(api, data):
    plain = api.get("/api/projects/?page_size=1")
    other = api.get("/api/projects/?page_size=1", HTTP_HOST="localhost")
    assert plain.json()["next"].startswith("http://testserver/")
    assert other.json()["next"].startswith("http://localhost/")
    assert other.json()["results"][0]["url"].startswith("http://localhost/")
    indented = api.get(
        "/api/projects/?page_size=1", HTTP_ACCEPT="application/json; indent=2"
    )
    assert indented.content.startswith(b'{\n  "count"')
    assert not api.get("/api/projects/?page_size=1").content.startswith(b"{\n")


def test_the_browsable_api_is_not_cached_across_users(api, editor, data):
    anonymous = api.get("/api/projects/", HTTP_ACCEPT="text/html")
    assert "editor" not in anonymous.content.decode()
    api.force_login(editor)
    signed_in = api.get("/api/projects/", HTTP_ACCEPT="text/html")
    assert "editor" in signed_in.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/",
        "/api/projects/?status=operational",
        "/api/projects/sahiwal/",
        "/api/stats/",
        "/api/projects/?format=geojson",
        "/api/projects/?format=csv",
        "/api/meetings/",
    ],
)
def test_a_repeat_request_with_the_etag_is_304_until_the_data_changes(
    api, data, django_assert_num_queries, path
):
    first = api.get(path)
    etag = first["ETag"]
    # Only the data version is read; nothing is rendered.
    with django_assert_num_queries(1):
        repeat = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == etag
    project = data["projects"][0]
    project.name = "Renamed"
    project.save()
    changed = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_differs_by_query_and_format(api, data):
    tags = {
        api.get(path)["ETag"]
        for path in (
            "/api/projects/",
            "/api/projects/?status=operational",
            "/api/projects/?format=csv",
            "/api/projects/?format=geojson",
        )
    }
    assert len(tags) == 4


def test_a_response_that_sets_a_cookie_gets_no_validator(api, data):
    # The browsable API hands out a CSRF cookie: such a page is not shared.
    page = api.get("/api/projects/", HTTP_ACCEPT="text/html")
    assert page.cookies
    assert not page.has_header("ETag")
    json_tag = api.get("/api/projects/", HTTP_ACCEPT="application/json")["ETag"]
    same_cookie = api.get("/api/projects/", HTTP_ACCEPT="application/json")
    assert same_cookie["ETag"] == json_tag


def test_signed_in_and_token_clients_get_no_shared_validator(api, data, editor):
    api.force_login(editor)
    assert not api.get("/api/projects/").has_header("ETag")
    assert not token_client(editor).get("/api/projects/").has_header("ETag")


def test_errors_get_no_validator(api, data):
    response = api.get("/api/projects/?status=nope")
    assert response.status_code == 400
    assert not response.has_header("ETag")


def test_an_unknown_parameter_is_a_400_that_names_it(api, data):
    for path in ("/api/projects/", "/api/stats/", "/api/sectors/", "/api/meetings/"):
        response = api.get(path, {"satus": "operational"})
        assert response.status_code == 400, path
        assert list(response.json()) == ["satus"], path
        assert "Allowed:" in response.json()["satus"][0]
    geojson = api.get("/api/projects/", {"format": "geojson", "colour": "red"})
    assert geojson.status_code == 400
    assert list(geojson.json()) == ["colour"]


def test_no_client_can_mint_kept_api_answers(api, data, monkeypatch):
    from projects.caching import answers

    keys = []
    real = answers.cached_bytes

    def spy(name, build, *parts):
        keys.append((name, parts))
        return real(name, build, *parts)

    monkeypatch.setattr(answers, "cached_bytes", spy)
    for n in range(10):
        # Free text and amounts are answered, never kept.
        assert api.get("/api/projects/", {"q": f"word{n}"}).status_code == 200
        assert api.get("/api/stats/", {"min_cost": n}).status_code == 200
    assert keys == []
    # The same filter, in another order or with empty values, is one entry.
    api.get("/api/projects/?status=operational&ordering=name")
    api.get("/api/projects/?ordering=name&province=&status=operational")
    assert len(set(keys)) == 1
