"""The shipped data files (fixtures/data/): loader, exporter and source policy."""

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from projects.choices import PRIMARY_SOURCE_KINDS, MeetingKind, SourceKind
from projects.datafiles import DATA_DIR, DataFileError, export_data, load_data
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
# Coordinates may come from a gazetteer entry of a place another source names.
POSITION_FIELDS = {"latitude", "longitude"}


def project_tables():
    """Every model that stores rows for the projects app, history and M2M included."""
    app_models = apps.get_app_config("projects").get_models(include_auto_created=True)
    return [*app_models, ContentType]


def table_snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in project_tables()
    }


@pytest.fixture
def loaded(db):
    load_data()


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


# Load and export


@pytest.mark.django_db
def test_load_then_export_gives_identical_files(tmp_path):
    load_data()
    export_data(tmp_path)
    shipped = sorted(p.relative_to(DATA_DIR) for p in DATA_DIR.rglob("*.*"))
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.*"))
    assert Path("CONFLICTS.md") in shipped
    assert written == shipped
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


@pytest.mark.django_db
def test_load_initial_data_command_loads_once(capsys):
    call_command("load_initial_data")
    assert "projects" in capsys.readouterr().out
    count = Project.objects.count()
    call_command("load_initial_data")
    assert "already holds data" in capsys.readouterr().out
    assert Project.objects.count() == count


def test_an_admin_edit_then_export_changes_only_that_records_file(
    loaded, admin_client, tmp_path
):
    from tests.test_admin import admin_url, form_data

    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    project = Project.objects.order_by("slug").first()
    response = admin_client.get(admin_url(Project, "change", project.pk))
    data = form_data(response)
    data["description"] = "An editor's new description."
    response = admin_client.post(admin_url(Project, "change", project.pk), data)
    assert response.status_code == 302, response.context["errors"]
    changed = export_data(copy)
    assert changed == [copy / "projects" / f"{project.slug}.yaml"]
    edited = yaml.safe_load(changed[0].read_text(encoding="utf-8"))
    assert edited["description"] == "An editor's new description."


# A broken file loads nothing and says where


def break_project(data_dir: Path, change) -> Path:
    path = sorted((data_dir / "projects").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def unknown_sector(data):
    data["sector"] = "no-such-sector"


def unknown_source(data):
    data["citations"][-1]["source"] = "no-such-source"


def negative_cost(data):
    data["cost_usd_million"] = -1
    for citation in data["citations"]:
        if citation.get("field") == "cost_usd_million":
            citation.update(reported="-1", value=-1)


def completion_before_start(data):
    data["start_date"], data["completion_date"] = "2020-05-01", "2019-01-01"
    data["citations"] = [
        c
        for c in data["citations"]
        if c["field"] not in ("start_date", "completion_date")
    ]


def figure_off_its_headline(data):
    data["capacity"], data["capacity_unit"] = 12345, "MW"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (unknown_sector, "sector", "unknown sector 'no-such-sector'"),
        (unknown_source, "source", "unknown source 'no-such-source'"),
        (negative_cost, "cost_usd_million", "cannot be negative"),
        (completion_before_start, "completion_date", "cannot be before the start"),
        (figure_off_its_headline, "capacity", "headline citation"),
    ],
)
def test_a_broken_file_loads_nothing_and_names_file_record_and_field(
    tmp_path, change, field, message
):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = break_project(data_dir, change)
    before = table_snapshot()
    with pytest.raises(DataFileError) as excinfo:
        load_data(data_dir)
    error = excinfo.value
    assert error.path == path
    assert error.record.startswith(f"project {path.stem}")
    assert error.field == field
    assert message in str(error)
    assert str(path.name) in str(error)
    assert table_snapshot() == before


@pytest.mark.django_db
def test_the_command_reports_a_broken_file_and_loads_nothing(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = break_project(data_dir, unknown_sector)
    with pytest.raises(CommandError, match=rf"Nothing loaded.*{path.name}.*sector"):
        call_command("load_initial_data", path=data_dir)
    assert not Project.objects.exists()
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_an_excluded_source_is_refused(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = data_dir / "sources.yaml"
    sources = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources[0]["url"] = "https://defence.pk/threads/cpec.1/"
    path.write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match="defence.pk is not a source") as excinfo:
        load_data(data_dir)
    assert excinfo.value.field == "url"
