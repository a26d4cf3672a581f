"""The shipped data's policy: what it holds, its sources and citations, no copied text.

The data is loaded once for the module, inside a transaction rolled back at its end;
each test runs in a savepoint of its own within it.
"""

import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from projects.choices import PRIMARY_SOURCE_KINDS, MeetingKind, SourceKind
from projects.content import ENGLISH, column, translated_fields
from projects.datafiles import load_data
from projects.models import (
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
    excluded_host,
)
from projects.reported import FIGURE_FIELDS, headline_errors

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"
SEED_SLUG = "seed-article"


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_data()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def loaded(shipped, db):
    """The shipped data, loaded once for the module."""


# Coordinates may come from a gazetteer entry of a place another source names.
POSITION_FIELDS = {"latitude", "longitude"}


def by_record() -> dict[tuple, list[Citation]]:
    groups = defaultdict(list)
    for citation in Citation.objects.select_related("source", "content_type"):
        groups[(citation.content_type_id, citation.object_id)].append(citation)
    return groups


# What the data holds


# No stored page of an accepted source gives when the 3rd, 4th and 13th JCC met;
# their records say so.
UNDATED_JCCS = {3, 4, 13}


def test_the_data_holds_at_least_90_projects_and_every_jcc_meeting(loaded):
    assert Project.objects.count() >= 90
    jccs = Meeting.objects.filter(kind=MeetingKind.JCC)
    assert sorted(jccs.values_list("number", flat=True)) == list(range(1, 15))
    undated = set(jccs.filter(date__isnull=True).values_list("number", flat=True))
    assert undated == UNDATED_JCCS
    jccs = jccs.exclude(number__in=UNDATED_JCCS)
    assert not jccs.filter(city="", is_virtual=False).exists()
    assert not jccs.filter(co_chairs="").exists()


def test_every_project_has_its_place_phase_sector_and_status(loaded):
    for project in Project.objects.all():
        assert project.location, project.slug
        assert project.phase_id and project.sector_id and project.status


# Each content language's script: Urdu's Arabic letters, Chinese characters.
SCRIPTS = {
    "ur": re.compile(r"[\u0600-\u06FF]"),
    "zh-hans": re.compile(r"[\u4E00-\u9FFF]"),
}


@pytest.mark.parametrize("model", [Project, Sector, Phase, Meeting, Indicator])
def test_every_text_of_every_record_is_in_urdu_and_chinese_too(loaded, model):
    missing = []
    for record in model.objects.all():
        for field in translated_fields(model):
            if not getattr(record, column(field, ENGLISH)):
                continue
            for language, script in SCRIPTS.items():
                text = getattr(record, column(field, language)) or ""
                if not script.search(text):
                    missing.append((str(record), field, language))
    assert missing == []


def test_every_sector_has_a_project(loaded):
    empty = Sector.objects.filter(projects__isnull=True)
    assert not empty.exists(), list(empty.values_list("slug", flat=True))


# The source policy


def test_every_source_has_its_kind_address_and_date_or_a_reason(loaded):
    for source in Source.objects.all():
        assert source.kind in SourceKind.values, source.slug
        if not source.url or source.published_on is None:
            assert source.missing_reason, source.slug
        assert source.accessed_on, source.slug


def test_no_source_is_of_an_excluded_kind(loaded):
    for source in Source.objects.exclude(url=""):
        assert excluded_host(source.url) is None, source.url


def test_every_source_is_cited(loaded):
    cited = set(Citation.objects.values_list("source__slug", flat=True))
    for project in Project.objects.exclude(route=[]):
        cited |= {point["source"] for point in project.route}
    unused = set(Source.objects.values_list("slug", flat=True)) - cited
    assert not unused


def test_every_citation_has_a_locator_and_figures_a_typed_value(loaded):
    for citation in Citation.objects.select_related("content_type"):
        assert citation.locator.strip(), citation
        model_name = citation.content_type.model
        if citation.field in FIGURE_FIELDS.get(model_name, {}):
            assert citation.reported_value, citation
            assert citation.typed_value is not None, citation


def test_no_figure_rests_only_on_reference_sources(loaded):
    primary = set(PRIMARY_SOURCE_KINDS)
    for citations in by_record().values():
        record = citations[0].content_object
        model_name = record._meta.model_name
        for field in FIGURE_FIELDS.get(model_name, {}):
            if field in POSITION_FIELDS or getattr(record, field) is None:
                continue
            kinds = {c.source.kind for c in citations if c.field == field}
            assert kinds & primary, f"{record}: {field} rests on {kinds or 'nothing'}"


def test_every_record_equals_its_headline_citations(loaded):
    records = [
        *Project.objects.all(),
        *Phase.objects.all(),
        *Meeting.objects.all(),
        *Indicator.objects.all(),
    ]
    groups = by_record()
    for record in records:
        key = (ContentType.objects.get_for_model(record).pk, record.pk)
        errors = headline_errors(record, groups.get(key, []), require=True)
        assert not errors, f"{record}: {errors}"


def test_every_project_is_tied_to_cpec_by_a_source(loaded):
    for project in Project.objects.prefetch_related("citations"):
        whole = [c for c in project.citations.all() if c.field in ("", "description")]
        assert whole, project.slug


# No copied prose


def seed_sentences() -> list[str]:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    sentences = re.split(r"(?<=[.!?”])\s+", text)
    return [" ".join(s.split()) for s in sentences if len(s.split()) >= 8]


def project_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in listed:
        path = ROOT / name
        if path.is_file() and not name.startswith("static/vendor/"):
            try:
                yield name, " ".join(path.read_text(encoding="utf-8").split())
            except UnicodeDecodeError:
                continue


@pytest.mark.skipif(
    not SEED_ARTICLE.exists(), reason=f"the seed article is not at {SEED_ARTICLE}"
)
def test_no_file_of_the_project_holds_a_sentence_of_the_seed_article():
    sentences = seed_sentences()
    assert len(sentences) > 10
    for name, text in project_files():
        for sentence in sentences:
            assert sentence not in text, f"{name} holds: {sentence[:60]}…"


def seed_paragraphs() -> dict[int, str]:
    """The seed article's body paragraphs, from 1 after the headline and byline."""
    lines = [line for line in SEED_ARTICLE.read_text(encoding="utf-8").splitlines()]
    body = [line for line in lines if line.strip()][2:]
    return {number: text for number, text in enumerate(body, start=1)}


@pytest.mark.skipif(
    not SEED_ARTICLE.exists(), reason=f"the seed article is not at {SEED_ARTICLE}"
)
def test_each_seed_article_figure_stands_in_the_paragraph_its_locator_names(loaded):
    paragraphs = seed_paragraphs()
    citations = Citation.objects.filter(source__slug=SEED_SLUG).exclude(
        reported_value=""
    )
    assert citations.exists()
    for citation in citations:
        match = re.fullmatch(r"paragraph (\d+)", citation.locator)
        assert match, citation.locator
        paragraph = " ".join(paragraphs[int(match.group(1))].split())
        assert citation.reported_value in paragraph, (
            f"{citation.reported_value!r} is not in paragraph {match.group(1)}"
        )
