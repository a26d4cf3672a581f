"""The data files under fixtures/data/: loading, exporting, and broken files."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from projects.datafiles import DATA_DIR, DataFileError, export_data, load_data
from projects.models import Project, Source


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
    from tests.admin.helpers import admin_url, form_data

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


def works_without_its_source(data):
    data["works"] = "upgrade"


def works_with_a_typed_value(data):
    data["works"] = "new"
    data["citations"].append(
        {
            "source": data["citations"][0]["source"],
            "field": "works",
            "reported": "a new road",
            "value": 1,
            "locator": "paragraph 1",
        }
    )


def works_citation_without_its_words(data):
    data["works"] = "new"
    data["citations"].append(
        {"source": data["citations"][0]["source"], "field": "works", "locator": "p. 1"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (unknown_sector, "sector", "unknown sector 'no-such-sector'"),
        (unknown_source, "source", "unknown source 'no-such-source'"),
        (negative_cost, "cost_usd_million", "cannot be negative"),
        (completion_before_start, "completion_date", "cannot be before the start"),
        (figure_off_its_headline, "capacity", "headline citation"),
        (works_without_its_source, "works", "field: works"),
        (works_with_a_typed_value, "value", "works takes no typed value"),
        (works_citation_without_its_words, "works", "quote in `reported`"),
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
def test_a_works_citation_keeps_the_sources_words_and_no_typed_value(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = break_project(data_dir, works_without_its_source)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["citations"].append(
        {
            "source": data["citations"][0]["source"],
            "field": "works",
            "reported": "upgradation of the existing road",
            "locator": "paragraph 2",
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_data(data_dir)
    project = Project.objects.get(slug=path.stem)
    assert project.works == "upgrade"
    (citation,) = project.citations.filter(field="works")
    assert citation.reported_value == "upgradation of the existing road"
    assert citation.typed_value is None
    export_data(tmp_path / "out")
    written = yaml.safe_load(
        (tmp_path / "out" / "projects" / path.name).read_text(encoding="utf-8")
    )
    assert written["works"] == "upgrade"
    assert written["citations"][-1] == {
        "source": data["citations"][0]["source"],
        "field": "works",
        "reported": "upgradation of the existing road",
        "locator": "paragraph 2",
    }


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


@pytest.mark.django_db
def test_every_record_is_loaded_through_the_write_path(monkeypatch):
    from projects import services

    saved = []
    real = services.save

    def spy(instance, **options):
        saved.append(type(instance).__name__)
        return real(instance, **options)

    monkeypatch.setattr(services, "save", spy)
    load_data()
    names = ["Source", "Sector", "Phase", "Project", "Meeting", "Indicator", "Citation"]
    for name in names:
        stored = apps.get_model("projects", name).objects.count()
        assert stored and saved.count(name) == stored
    assert set(saved) == set(names)
