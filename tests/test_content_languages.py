"""Records' content in English, Urdu and Chinese: the columns, fallback to the
English, saves and history, the data files' `translations:`, and the pages'
markers for English shown in place of a translation and for our own ones."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from projects import services
from projects.content import translations
from projects.datafiles import DATA_DIR, DataFileError, export_data, load_data
from projects.models import Project, Sector
from tests.factories import CitationFactory, ProjectFactory, SectorFactory

URDU_NAME = "ساہیوال کول پاور پلانٹ"
CHINESE_NAME = "萨希瓦尔燃煤电站"


# Models


@pytest.mark.django_db
def test_a_record_reads_the_active_language_and_falls_back_to_the_english():
    project = ProjectFactory(name="Sahiwal Coal Power Plant", name_ur=URDU_NAME)
    with translation.override("ur"):
        assert project.name == URDU_NAME
    with translation.override("zh-hans"):
        assert project.name == "Sahiwal Coal Power Plant"
    with translation.override("en-gb"):
        assert project.name == "Sahiwal Coal Power Plant"


@pytest.mark.django_db
def test_lookups_ordering_and_values_use_the_english_in_every_language():
    ProjectFactory(name="B project", name_ur="الف")
    ProjectFactory(name="A project", name_ur="ب")
    with translation.override("ur"):
        assert Project.objects.filter(name="B project").count() == 1
        assert list(Project.objects.values_list("name", flat=True)) == [
            "A project",
            "B project",
        ]


@pytest.mark.django_db
def test_a_save_in_urdu_stores_the_english_name_and_slug():
    with translation.override("ur"):
        project = ProjectFactory.build(
            name="Thar Block II", name_ur="تھر بلاک دو", slug=""
        )
        project.phase.save()
        project.sector.save()
        project.phase_id, project.sector_id = project.phase.pk, project.sector.pk
        services.check(project)
        services.save(project)
    stored = Project.objects.values("name", "name_en", "name_ur", "slug").get()
    assert stored == {
        "name": "Thar Block II",
        "name_en": "Thar Block II",
        "name_ur": "تھر بلاک دو",
        "slug": "thar-block-ii",
    }


@pytest.mark.django_db
def test_a_blank_translation_is_stored_as_null_and_two_sectors_may_lack_one():
    SectorFactory(name="Energy", name_ur="  ")
    SectorFactory(name="Transport", name_ur="")
    assert list(Sector.objects.values_list("name_ur", flat=True)) == [None, None]


@pytest.mark.django_db
def test_the_history_records_a_translation_and_the_changes_name_it():
    from projects.selectors import change_list

    project = ProjectFactory(name="Gwadar Port")
    project.name_zh_hans = "瓜达尔港"
    services.save(project)
    assert project.history.first().name_zh_hans == "瓜达尔港"
    assert project.history.first().name == "Gwadar Port"
    change = change_list(instance=project)[:1][0]
    assert [field.name for field in change.changes] == ["name_zh_hans"]


@pytest.mark.django_db
def test_an_unchanged_save_in_urdu_adds_no_history():
    project = ProjectFactory(name="Gwadar Port", name_ur="گوادر بندرگاہ")
    versions = project.history.count()
    with translation.override("ur"):
        services.save(Project.objects.get(pk=project.pk))
    assert project.history.count() == versions


# Data files


def _first_project(data_dir: Path) -> Path:
    return sorted((data_dir / "projects").glob("*.yaml"))[0]


def _with_translations(data: dict, translated: dict, citations=()) -> dict:
    """The record with these translations and no others, where the export writes
    them (before citations), and these citations of translations and no others."""
    rest = {k: v for k, v in data.items() if k not in ("translations", "citations")}
    kept = [c for c in data.get("citations", []) if "_ur" not in c["field"]]
    kept = [c for c in kept if "_zh_hans" not in c["field"]]
    return {**rest, "translations": translated, "citations": [*kept, *citations]}


@pytest.mark.django_db
def test_translations_load_and_export_back_unchanged(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = _first_project(data_dir)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = data["citations"][0]["source"]
    cited = {
        "source": source,
        "field": "name_zh_hans",
        "reported": CHINESE_NAME,
        "locator": "paragraph 2",
    }
    changed = _with_translations(
        data, {"ur": {"name": URDU_NAME}, "zh-hans": {"name": CHINESE_NAME}}, [cited]
    )
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    load_data(data_dir)
    project = Project.objects.get(slug=path.stem)
    assert translations(project) == {
        "ur": {"name": URDU_NAME},
        "zh-hans": {"name": CHINESE_NAME},
    }
    written = tmp_path / "written"
    export_data(written)
    exported = yaml.safe_load((written / "projects" / path.name).read_text("utf-8"))
    assert exported == changed
    assert list(exported)[-2:] == ["translations", "citations"]


def _bad_language(data):
    return _with_translations(data, {"ps": {"name": "x"}})


def _unknown_field(data):
    return _with_translations(data, {"ur": {"sponsors": "x"}})


def _blank_text(data):
    return _with_translations(data, {"zh-hans": {"name": " "}})


def _cited_but_missing(data):
    cited = {
        "source": data["citations"][0]["source"],
        "field": "name_zh_hans",
        "reported": CHINESE_NAME,
        "locator": "paragraph 2",
    }
    return _with_translations(data, {"ur": {"name": URDU_NAME}}, [cited])


def _cited_without_its_words(data):
    cited = {
        "source": data["citations"][0]["source"],
        "field": "name_zh_hans",
        "locator": "paragraph 2",
    }
    return _with_translations(data, {"zh-hans": {"name": CHINESE_NAME}}, [cited])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (_bad_language, "translations.ps", "unknown language"),
        (_unknown_field, "translations.ur.sponsors", "not a translated field"),
        (_blank_text, "translations.zh-hans.name", "non-blank text"),
        (_cited_but_missing, "name_zh_hans", "no such text"),
        (_cited_without_its_words, "name_zh_hans", "quote in `reported`"),
    ],
)
def test_a_broken_translation_loads_nothing_and_says_where(
    tmp_path, change, field, message
):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = _first_project(data_dir)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(change(data), allow_unicode=True), "utf-8")
    with pytest.raises(DataFileError) as excinfo:
        load_data(data_dir)
    error = excinfo.value
    assert (error.path, error.field) == (path, field)
    assert error.record.startswith(f"project {path.stem}")
    assert message in str(error)
    assert not Project.objects.exists()


# Pages


@pytest.fixture
def sahiwal(db):
    return ProjectFactory(
        name="Sahiwal Coal Power Plant", slug="sahiwal", description="A plant."
    )


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


UNTRANSLATED = (
    '<span lang="en" dir="ltr" class="untranslated">Sahiwal Coal Power Plant</span> '
    '<small lang="en" dir="ltr" class="lang-label">English</small>'
)


def test_a_missing_translation_shows_the_english_marked_as_english(client, sahiwal):
    assert UNTRANSLATED in _page(client, "/ur/projects/sahiwal/")
    assert UNTRANSLATED in _page(client, "/zh-hans/projects/")
    english = _page(client, "/projects/sahiwal/")
    assert 'class="untranslated"' not in english
    assert "<h1>Sahiwal Coal Power Plant" in english


def test_our_translation_is_marked_and_a_cited_one_is_not(client, sahiwal):
    sahiwal.name_ur, sahiwal.name_zh_hans = URDU_NAME, CHINESE_NAME
    services.save(sahiwal)
    CitationFactory(
        content_object=sahiwal,
        field="name_zh_hans",
        reported_value=f"巴基斯坦{CHINESE_NAME}",
    )
    CitationFactory(
        content_object=sahiwal, field="name_ur", reported_value="ساہیوال پلانٹ"
    )
    urdu = _page(client, "/ur/projects/sahiwal/")
    assert f'<h1>{URDU_NAME} <small class="translated-by">' in urdu
    chinese = _page(client, "/zh-hans/projects/sahiwal/")
    assert f"<h1>{CHINESE_NAME}" in chinese
    assert f'<h1>{CHINESE_NAME} <small class="translated-by">' not in chinese
    assert 'class="untranslated">A plant.</span>' in chinese
