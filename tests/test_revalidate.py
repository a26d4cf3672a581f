"""Stale-while-revalidate: after a write, public reads get the previous version's
kept answers, with its ETag, until the rebuild serves the new one."""

import datetime

import pytest
from django.core.cache import cache
from django.db.models import F

from projects.caching import revalidate, version
from projects.caching.version import data_version, latest_version, serve
from projects.models import DataVersion
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rebuilds(settings, monkeypatch):
    """Stale answers on, with the background rebuild held: each write's rebuild
    is noted and run by the test, when it chooses (revalidate.refresh)."""
    settings.DATA_STALE_SECONDS = 60
    # Every request reads the versions (caching.front may reuse a reading).
    monkeypatch.setattr(version, "REUSE_SECONDS", 0)
    monkeypatch.setattr(revalidate, "_last_kick", float("-inf"))
    started = []
    monkeypatch.setattr(revalidate, "start", lambda: started.append(data_version()))
    return started


@pytest.fixture
def project(rebuilds):
    project = ProjectFactory(name="Port Qasim power plant")
    serve(latest_version())
    rebuilds.clear()
    return project


def page(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response


def rename(project, name: str) -> None:
    project.name = name
    project.save()


def test_a_public_page_is_the_previous_version_until_the_rebuild_serves_the_new(
    client, project, rebuilds
):
    path = project.get_absolute_url()
    before = page(client, path)
    old = data_version()
    rename(project, "Port Qasim coal power plant")
    assert rebuilds == [old + 1]

    stale = page(client, path)
    assert stale["ETag"] == before["ETag"]
    assert stale.content == before.content
    assert f"Data version {old}," in stale.text
    assert (
        client.get(path, headers={"if-none-match": before["ETag"]}).status_code == 304
    )

    revalidate.refresh()
    fresh = page(client, path)
    assert fresh["ETag"] != before["ETag"]
    assert "Port Qasim coal power plant" in fresh.text
    assert f"Data version {old + 1}," in fresh.text


def test_the_rebuild_keeps_the_new_version_before_anyone_asks(
    client, project, django_assert_num_queries
):
    path = project.get_absolute_url()
    page(client, path)
    rename(project, "Port Qasim coal power plant")
    revalidate.refresh()
    # The data version only: the page was built and kept by the rebuild.
    with django_assert_num_queries(1):
        assert "Port Qasim coal power plant" in page(client, path).text


def test_an_api_answer_is_the_previous_version_with_its_etag_until_the_rebuild(
    client, project
):
    path = f"/api/projects/{project.slug}/"
    before = page(client, path)
    rename(project, "Port Qasim coal power plant")

    stale = page(client, path)
    assert stale.json()["name"] == "Port Qasim power plant"
    assert stale["ETag"] == before["ETag"]

    revalidate.refresh()
    fresh = page(client, path)
    assert fresh.json()["name"] == "Port Qasim coal power plant"
    assert fresh["ETag"] != before["ETag"]


def test_a_page_never_kept_under_the_previous_version_is_built_from_the_latest(
    client, project
):
    rename(project, "Port Qasim coal power plant")
    answer = page(client, project.get_absolute_url())
    assert "Port Qasim coal power plant" in answer.text
    assert f"Data version {data_version()}," in answer.text


def test_a_reader_starts_the_rebuild_a_write_elsewhere_never_ran(
    client, project, rebuilds
):
    # A management command's write: its process ends before its rebuild runs.
    rename(project, "Port Qasim coal power plant")
    rebuilds.clear()
    page(client, project.get_absolute_url())
    assert rebuilds == [data_version()]


def test_a_signed_in_editor_sees_a_write_at_once(admin_client, client, project):
    path = project.get_absolute_url()
    page(client, path)
    rename(project, "Port Qasim coal power plant")

    assert "Port Qasim power plant" in page(client, path).text
    assert "Port Qasim coal power plant" in page(admin_client, path).text
    admin_path = f"/admin/projects/project/{project.pk}/change/"
    assert "Port Qasim coal power plant" in page(admin_client, admin_path).text


def test_a_failed_rebuild_serves_the_latest_once_the_limit_has_passed(
    client, project, monkeypatch
):
    path = project.get_absolute_url()
    page(client, path)
    rename(project, "Port Qasim coal power plant")

    def broken(environ):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(revalidate, "replay", broken)
    with pytest.raises(RuntimeError):
        revalidate.refresh()
    assert "Port Qasim power plant" in page(client, path).text
    # Not tried again by every reader: the lock stays until the limit.
    assert cache.get(revalidate.LOCK_KEY)

    DataVersion.objects.update(
        stale_since=F("stale_since") - datetime.timedelta(seconds=61)
    )
    assert "Port Qasim coal power plant" in page(client, path).text


def test_a_rebuild_left_unfinished_by_a_dead_process_pins_nothing_past_the_limit(
    client, project
):
    path = project.get_absolute_url()
    page(client, path)
    # The lock of a process that died while rebuilding: no rebuild starts.
    cache.add(revalidate.LOCK_KEY, True, 60)
    rename(project, "Port Qasim coal power plant")
    revalidate.refresh()
    assert "Port Qasim power plant" in page(client, path).text

    DataVersion.objects.update(
        stale_since=F("stale_since") - datetime.timedelta(seconds=61)
    )
    assert "Port Qasim coal power plant" in page(client, path).text


def test_without_a_stale_limit_a_write_is_read_back_at_once(
    client, project, settings, rebuilds
):
    settings.DATA_STALE_SECONDS = 0
    path = project.get_absolute_url()
    page(client, path)
    rename(project, "Port Qasim coal power plant")
    assert rebuilds == []
    assert "Port Qasim coal power plant" in page(client, path).text


def test_the_served_version_never_goes_back(project):
    newest = latest_version()
    rename(project, "Port Qasim coal power plant")
    assert serve(latest_version())
    assert not serve(newest)
    row = DataVersion.objects.get(pk=1)
    assert (row.served_version, row.stale_since) == (row.version, None)


def test_a_burst_of_writes_starts_one_rebuild_at_a_time(settings, monkeypatch):
    settings.DATA_STALE_SECONDS = 60
    runs = []
    monkeypatch.setattr(
        revalidate, "run_in_background", lambda *args, **kwargs: runs.append(args)
    )
    revalidate.start()
    revalidate.start()
    assert runs == [(revalidate.refresh, True)]
    cache.delete(revalidate.LOCK_KEY)
    revalidate.start()
    assert len(runs) == 2


def test_the_rebuild_is_not_counted_by_the_api_throttles(client, project, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "1/minute"},
    }
    path = f"/api/projects/{project.slug}/"
    page(client, path)
    rename(project, "Port Qasim coal power plant")
    [remembered] = cache.get(revalidate.REMEMBERED_KEY).values()
    assert revalidate.replay(remembered) == 200
    assert revalidate.replay(remembered) == 200
    assert client.get(path).status_code == 429


def test_the_rebuild_process_runs_below_the_workers_from_its_start():
    import os

    from projects.background import run_command

    process = run_command(["check"], name="check", niceness=revalidate.NICENESS)
    try:
        niceness = os.getpriority(os.PRIO_PROCESS, process.pid)
    finally:
        process.wait(timeout=60)
    assert niceness >= revalidate.NICENESS > os.getpriority(os.PRIO_PROCESS, 0)
