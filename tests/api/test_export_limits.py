"""List exports kept as files per data version, and the limits on building them
(projects.exports.listing). The drill at 100,000 projects is tests/test_export_drill.py."""

import pytest

from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

EXPORT = "/api/projects/?format=csv"


def body(response) -> bytes:
    if response.streaming:
        content = b"".join(response.streaming_content)
        response.close()
        return content
    return response.content


def kept_files(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(
        path.name
        for path in root.rglob("*")
        if path.is_file()
        and not path.name.startswith(".")
        and ".slots" not in path.parts
    )


@pytest.fixture
def limits(settings):
    settings.EXPORT_SLOTS_PER_CLIENT = 1
    settings.EXPORT_SLOTS = 2
    return settings


def test_a_repeat_is_the_kept_file_until_the_data_changes(api, data, settings):
    first = api.get(EXPORT)
    assert first.streaming and "Content-Length" not in first
    first_body = body(first)
    assert len(kept_files(settings.EXPORT_FILES_ROOT)) == 1

    repeat = api.get(EXPORT)
    assert int(repeat["Content-Length"]) == len(first_body)
    assert body(repeat) == first_body
    assert repeat["Content-Disposition"] == first["Content-Disposition"]
    assert repeat["X-Data-Version"] == first["X-Data-Version"]

    Project.objects.filter(slug="ml-1").update(name="Main Line 1 renamed")
    ProjectFactory(
        name="Renamed trigger"
    )  # a write through the models moves the version
    changed = body(api.get(EXPORT))
    assert b"Renamed trigger" in changed and changed != first_body
    # The older version's file is gone; one file, of the new version.
    assert len(kept_files(settings.EXPORT_FILES_ROOT)) == 1


def test_free_parameters_and_pages_make_no_file(api, data, settings):
    body(api.get(f"{EXPORT}&q=sahiwal"))
    assert kept_files(settings.EXPORT_FILES_ROOT) == []
    body(api.get(f"{EXPORT}&page=2"))
    body(api.get(f"{EXPORT}&page=3&page_size=7"))
    # Paging does not change a streamed export: one file serves all three.
    assert len(kept_files(settings.EXPORT_FILES_ROOT)) == 1


def test_an_export_cut_short_keeps_nothing_and_frees_its_slot(api, data, limits):
    response = api.get(EXPORT)
    next(iter(response.streaming_content))
    response.close()
    assert kept_files(limits.EXPORT_FILES_ROOT) == []
    assert api.get(EXPORT).status_code == 200


def test_one_client_builds_one_export_at_a_time(api, data, limits):
    held = api.get(f"{EXPORT}&q=a")  # computed, not kept: holds its slot
    assert held.status_code == 200
    refused = api.get(f"{EXPORT}&q=b")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "5"
    assert "already downloading an export" in refused.json()["detail"]

    other = api.get(f"{EXPORT}&q=c", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200
    body(other)
    body(held)
    assert api.get(f"{EXPORT}&q=b").status_code == 200


def test_the_site_builds_a_bounded_number_at_once(api, data, limits):
    limits.EXPORT_SLOTS = 1
    held = api.get(f"{EXPORT}&q=a")
    refused = api.get(f"{EXPORT}&q=b", REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 503
    assert refused["Retry-After"] == "5"
    assert "Too many exports" in refused.json()["detail"]
    body(held)
    assert api.get(f"{EXPORT}&q=b", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_a_file_being_written_is_not_written_twice(api, data, limits):
    building = api.get(EXPORT)  # started, not yet sent to the end
    waiting = api.get(EXPORT, REMOTE_ADDR="203.0.113.9")
    assert waiting.status_code == 503
    assert "being prepared" in waiting.json()["detail"]
    built = body(building)
    served = api.get(EXPORT, REMOTE_ADDR="203.0.113.9")
    assert "Content-Length" in served and body(served) == built


def test_a_kept_file_is_served_beyond_the_limits(api, data, limits):
    body(api.get(EXPORT))
    held = api.get(f"{EXPORT}&q=a")  # this client's one slot
    assert api.get(EXPORT).status_code == 200
    body(held)


def test_a_bad_filter_or_option_is_a_400_that_holds_nothing(api, data, limits):
    assert api.get(f"{EXPORT}&status=nonsense").status_code == 400
    assert api.get(f"{EXPORT}&headers=nonsense").status_code == 400
    assert api.get(f"{EXPORT}&q=a").status_code == 200


def test_a_head_request_takes_no_slot(api, data, limits):
    held = api.get(f"{EXPORT}&q=a")
    assert api.head(EXPORT).status_code == 200
    body(held)
