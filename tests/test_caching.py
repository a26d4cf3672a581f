import time
from decimal import Decimal

import pytest
from django.db import transaction

from projects.caching.store import cached
from projects.caching.version import data_version
from tests.factories import MeetingFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_committed_write_bumps_the_version():
    before = data_version()
    ProjectFactory()
    assert data_version() > before


def test_the_version_moves_only_after_the_commit():
    before = data_version()
    with transaction.atomic():
        ProjectFactory()
        assert data_version() == before
    assert data_version() > before


def test_a_rolled_back_write_leaves_the_version_alone():
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        ProjectFactory()
        raise RuntimeError("abandon")
    assert data_version() == before


def test_a_many_to_many_change_bumps_the_version():
    meeting, project = MeetingFactory(), ProjectFactory()
    before = data_version()
    meeting.projects.add(project)
    assert data_version() > before


def test_cached_values_are_rebuilt_after_a_write_and_not_before():
    project = ProjectFactory(cost_usd_million=Decimal("10"))
    calls = []

    def build():
        calls.append(1)
        return sum(p.cost_usd_million for p in type(project).objects.all())

    assert cached("total", build) == Decimal("10")
    assert cached("total", build) == Decimal("10")
    assert len(calls) == 1
    project.cost_usd_million = Decimal("12")
    project.save()
    assert cached("total", build) == Decimal("12")
    assert len(calls) == 2


def test_the_version_survives_a_flushed_table():
    from projects.models import DataVersion

    DataVersion.objects.all().delete()
    assert data_version() == 0
    ProjectFactory()
    assert data_version() >= 1


def test_a_version_number_counted_again_does_not_reuse_cached_entries():
    import datetime

    from django.utils import timezone

    from projects.models import DataVersion

    ProjectFactory()
    assert cached("figure", lambda: "before the restore") == "before the restore"
    # A restored backup counts from the same number again, at a later time.
    DataVersion.objects.filter(pk=1).update(
        changed_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    assert cached("figure", lambda: "after the restore") == "after the restore"


@pytest.fixture
def shared_cache(redis_cache, monkeypatch):
    """Redis as the default cache, with copies in this process up to 100 bytes."""
    from cachetools import LRUCache
    from django.core.cache import cache

    from projects.caching import store

    monkeypatch.setattr(
        store, "_copies", LRUCache(maxsize=100, getsizeof=store._copies.getsizeof)
    )
    return cache


def test_a_process_keeps_a_copy_of_what_it_read_from_the_shared_cache(shared_cache):
    from projects.caching.store import cached_bytes, store_answer, stored_answer

    ProjectFactory()
    calls = []
    assert cached_bytes("page", lambda: calls.append(1) or b"built") == b"built"
    # In Redis, and copied here: gone from Redis, the copy still answers.
    shared_cache.clear()
    assert cached_bytes("page", lambda: calls.append(1) or b"again") == b"built"
    assert calls == [1]
    # A new version names new entries.
    ProjectFactory()
    assert cached_bytes("page", lambda: b"new") == b"new"
    # Answers larger than the budget go to Redis alone; the oldest copies go
    # first when the budget is full.
    store_answer("big", b"x" * 101)
    store_answer("a", (b"a" * 60, (("Content-Type", "text/html"),)))
    store_answer("b", b"b" * 60)
    shared_cache.clear()
    assert stored_answer("big") is None
    assert stored_answer("a") is None
    assert stored_answer("b") == b"b" * 60


def test_no_copies_are_kept_beside_the_local_cache():
    from django.core.cache import cache

    from projects.caching.store import store_answer, stored_answer

    store_answer("page", b"kept")
    assert stored_answer("page") == b"kept"
    cache.clear()
    assert stored_answer("page") is None


# The page store: keys from the known parameters only -------------------------


@pytest.fixture
def stored_keys(monkeypatch):
    """The keys the page store writes, in order."""
    from projects.caching import middleware

    keys = []
    real = middleware.store_answer

    def spy(key, answer, timeout):
        keys.append(key)
        real(key, answer, timeout)

    monkeypatch.setattr(middleware, "store_answer", spy)
    return keys


def test_unknown_parameters_share_the_page_its_etag_and_its_stored_entry(
    client, stored_keys
):
    from projects.models import Sector

    ProjectFactory(name="Tracked Plant")
    plain = client.get("/projects/")
    tracked = client.get("/projects/?utm_source=mail&fbclid=abc")
    assert tracked["ETag"] == plain["ETag"]
    assert tracked.content == plain.content
    assert b"utm_source" not in tracked.content
    assert len(stored_keys) == 1
    # A known parameter, in another order or with empty neighbours, is one page.
    slug = Sector.objects.get().slug
    first = client.get(f"/projects/?sector={slug}&status=&ordering=name")
    second = client.get(f"/projects/?ordering=name&sector={slug}&x=1")
    assert first["ETag"] == second["ETag"]
    assert len(stored_keys) == 2


def test_no_client_can_mint_stored_pages(client, stored_keys):
    ProjectFactory()
    for n in range(20):
        # Unknown names, free text, refused values and pages past the end.
        for query in (f"n{n}=1", f"q=word{n}", f"sector=none{n}", f"page={n + 5}"):
            response = client.get(f"/projects/?{query}")
            # A refused filter is a 400 that names it.
            refused = "sector" in query
            assert response.status_code == (400 if refused else 200)
            assert response.has_header("ETag") is not refused
        assert client.get(f"/?phase=x{n}").status_code == 400
    # Only /projects/ itself, which every unknown name led to.
    assert stored_keys == [client.get("/projects/")["ETag"].join(["cpec:page:", ""])]
    client.get("/projects/?status=operational")
    client.get("/?phase=1")
    assert len(stored_keys) == 3
    # A free-text search still revalidates with its ETag.
    etag = client.get("/projects/?q=word1")["ETag"]
    assert client.get("/projects/?q=word1", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_view_sees_only_the_parameters_it_declares():
    from django.http import QueryDict

    from projects.caching.policy import PagePolicy

    policy = PagePolicy(frozenset({"a", "b"}), frozenset({"a"}))
    query = policy.normalise(QueryDict("b=2&z=9&a=1&a=3&b="))
    assert query.urlencode() == "a=1&a=3&b=2"
    assert not policy.may_store(query)
    assert policy.may_store(QueryDict("a=1"))


def test_rendered_chart_cards_are_kept_per_filter_not_per_address(admin_client):
    """Signed in, no whole page is stored; the cards' fragments stay bounded."""
    from django.core.cache import cache

    ProjectFactory()

    def fragments() -> int:
        # Live entries: a refused filter's cards are set to expire at once.
        return sum(
            "template.cache.chart-grid" in key and expiry > time.time()
            for key, expiry in cache._expire_info.items()
        )

    for n in range(10):
        assert admin_client.get(f"/?utm_source=x{n}").status_code == 200
        assert admin_client.get(f"/?phase=nonsense{n}").status_code == 400
        response = admin_client.get(f"/?phase=1&ref={n}")
        # Links in the cards carry only the declared parameters.
        assert f"ref={n}".encode() not in response.content
    assert fragments() == 2  # all projects, and phase 1


def test_a_new_release_names_new_entries(settings):
    ProjectFactory()
    assert cached("figure", lambda: "old code") == "old code"
    settings.RELEASE = "another-release"
    assert cached("figure", lambda: "new code") == "new code"
