"""List exports kept as files per data version, and the limits on writing them
(projects.exports.listing). The drill at 100,000 projects: test_export_drill.py."""

import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.api.renderers import CSVRenderer
from projects.exports import listing
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

EXPORT = "/api/projects/?format=csv"
ELSEWHERE = "203.0.113.9"


def body(response) -> bytes:
    # Read to the end, the test client closes the response as a server would.
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    )


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


@pytest.fixture
def during_build(monkeypatch):
    """during_build(ask): while the next export is being written, call ask()
    (another request, as if from another worker) and keep what it returns."""
    seen, asked = [], []

    def arrange(ask):
        real = listing._write

        def write(*args, **kwargs):
            if not asked:  # once: ask()'s own export is written plainly
                asked.append(True)
                seen.append(ask())
            return real(*args, **kwargs)

        monkeypatch.setattr(listing, "_write", write)
        return seen

    return arrange


def test_a_repeat_is_the_kept_file_until_the_data_changes(api, data, settings):
    first = api.get(EXPORT)
    first_body = body(first)
    assert int(first["Content-Length"]) == len(first_body)
    assert len(kept_files(settings.EXPORT_FILES_ROOT)) == 1

    with CaptureQueriesContext(connection) as queries:
        repeat = api.get(EXPORT)
        assert body(repeat) == first_body
    assert len(queries) == 1  # the data version
    assert repeat["Content-Disposition"] == first["Content-Disposition"]
    assert repeat["X-Data-Version"] == first["X-Data-Version"]

    ProjectFactory(name="Added after the first export")
    changed = body(api.get(EXPORT))
    assert b"Added after the first export" in changed
    # The older version's file is gone: one file, of the new version.
    assert len(kept_files(settings.EXPORT_FILES_ROOT)) == 1


def test_free_parameters_make_no_file_and_paging_no_second(api, data, settings):
    assert b"sahiwal" in body(api.get(f"{EXPORT}&q=sahiwal"))
    assert kept_files(settings.EXPORT_FILES_ROOT) == []
    body(api.get(f"{EXPORT}&page=2"))
    body(api.get(f"{EXPORT}&page=3&page_size=7"))
    # Paging does not change a streamed export: one file serves both.
    assert len(kept_files(settings.EXPORT_FILES_ROOT)) == 1


def test_an_export_that_fails_while_written_keeps_nothing(api, data, monkeypatch):
    def broken(self, rows, serializer, **options):
        yield "Slug\r\n"
        raise RuntimeError("the database went away")

    monkeypatch.setattr(CSVRenderer, "stream", broken)
    with pytest.raises(RuntimeError):
        api.get(EXPORT)
    root = listing.export_root()
    assert [
        p
        for p in root.rglob("*")
        if p.is_file() and ".slots" not in p.parts and not p.name.endswith(".lock")
    ] == []
    monkeypatch.undo()
    assert api.get(EXPORT).status_code == 200


def test_one_client_writes_one_export_at_a_time(api, data, limits, during_build):
    answers = during_build(lambda: api.get(f"{EXPORT}&q=b"))
    assert api.get(f"{EXPORT}&q=a").status_code == 200
    refused = answers[0]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "5"
    assert "already downloading an export" in refused.json()["detail"]
    # Given back once written: the same request now passes.
    assert api.get(f"{EXPORT}&q=b").status_code == 200


def test_another_client_writes_while_the_site_has_slots(
    api, data, limits, during_build
):
    answers = during_build(lambda: api.get(f"{EXPORT}&q=c", REMOTE_ADDR=ELSEWHERE))
    assert api.get(f"{EXPORT}&q=a").status_code == 200
    assert answers[0].status_code == 200, answers[0].content


def test_the_site_writes_a_bounded_number_at_once(api, data, limits, during_build):
    limits.EXPORT_SLOTS = 1
    answers = during_build(lambda: api.get(f"{EXPORT}&q=c", REMOTE_ADDR=ELSEWHERE))
    assert api.get(f"{EXPORT}&q=a").status_code == 200
    refused = answers[0]
    assert refused.status_code == 503
    assert refused["Retry-After"] == "5"
    assert "Too many exports" in refused.json()["detail"]


def test_a_file_being_written_is_not_written_twice(api, data, limits, during_build):
    answers = during_build(lambda: api.get(EXPORT, REMOTE_ADDR=ELSEWHERE))
    built = body(api.get(EXPORT))
    waiting = answers[0]
    assert waiting.status_code == 503
    assert "being prepared" in waiting.json()["detail"]
    assert body(api.get(EXPORT, REMOTE_ADDR=ELSEWHERE)) == built


def test_a_kept_file_is_sent_whatever_the_slots(api, data, limits, during_build):
    built = body(api.get(EXPORT))
    answers = during_build(lambda: api.get(EXPORT))
    assert api.get(f"{EXPORT}&q=a").status_code == 200
    assert body(answers[0]) == built


def test_a_bad_filter_or_option_is_a_400_that_holds_nothing(api, data, limits):
    assert api.get(f"{EXPORT}&status=nonsense").status_code == 400
    assert api.get(f"{EXPORT}&headers=nonsense").status_code == 400
    assert api.get(f"{EXPORT}&q=a").status_code == 200


def test_an_export_whose_folder_goes_meanwhile_is_a_503(api, data, monkeypatch):
    real = CSVRenderer.stream

    def stream(self, *args, **kwargs):
        chunks = real(self, *args, **kwargs)
        yield next(chunks)
        # Another worker's export of a newer version prunes this version's folder.
        shutil.rmtree(listing.export_root())
        yield from chunks

    monkeypatch.setattr(CSVRenderer, "stream", stream)
    response = api.get(EXPORT)
    monkeypatch.undo()
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert "data changed" in response.json()["detail"]
    assert api.get(EXPORT).status_code == 200
