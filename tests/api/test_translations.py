"""Records' Urdu and Chinese in the API: the English fields stay the English in
every language, the translations are fields of their own, a detail says who
made each one, and writes in any language store the English as the English."""

import pytest

from projects.models import Project
from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db

URDU_NAME = "ساہیوال کول پاور پلانٹ"
CHINESE_NAME = "萨希瓦尔燃煤电站"


@pytest.fixture
def translated(data):
    project = Project.objects.get(slug="sahiwal")
    project.name_ur, project.name_zh_hans = URDU_NAME, CHINESE_NAME
    project.description_ur = "کوئلے سے چلنے والا بجلی گھر"
    project.save()
    phase = project.phase
    phase.name_zh_hans = "第一阶段"
    phase.save()
    # The source prints the name inside a longer phrase: it is the source's.
    CitationFactory(
        content_object=project,
        source=data["source"],
        field="name_zh_hans",
        reported_value=f"巴基斯坦{CHINESE_NAME}",
    )
    # This one prints another wording than the stored name: the name is ours.
    CitationFactory(
        content_object=project,
        source=data["source"],
        field="name_ur",
        reported_value="ساہیوال پلانٹ",
    )
    return project


@pytest.mark.parametrize("language", ["ur", "zh-hans", "en-gb"])
def test_names_stay_english_and_translations_sit_beside_them(api, translated, language):
    listed = api.get("/api/projects/", {"lang": language}).json()["results"]
    detail = api.get("/api/projects/sahiwal/", {"lang": language}).json()
    for row in ([r for r in listed if r["slug"] == "sahiwal"][0], detail):
        assert row["name"] == "Sahiwal Coal Power Plant"
        assert row["phase"]["name"] == "Phase I"
        assert row["name_ur"] == URDU_NAME
        assert row["name_zh_hans"] == CHINESE_NAME
        assert row["location_ur"] is None
    phases = api.get("/api/phases/", {"lang": language}).json()["results"]
    assert [(p["name"], p["name_zh_hans"]) for p in phases[:1]] == [
        ("Phase I", "第一阶段")
    ]


def test_a_detail_says_which_translations_a_source_prints(api, translated):
    row = api.get("/api/projects/sahiwal/").json()
    assert row["translated_by"] == {
        "name_ur": "cpec-tracker",
        "name_zh_hans": "source",
        "description_ur": "cpec-tracker",
    }
    cited = [c for c in row["citations"] if c["field"] == "name_zh_hans"]
    assert [c["reported_value"] for c in cited] == [f"巴基斯坦{CHINESE_NAME}"]


def test_the_csv_has_a_column_per_translation(api, translated):
    response = api.get("/api/projects/", {"format": "csv", "headers": "keys"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    header = lines[0].split(",")
    assert header[-6:] == [
        "name_ur",
        "name_zh_hans",
        "location_ur",
        "location_zh_hans",
        "description_ur",
        "description_zh_hans",
    ]
    assert any(URDU_NAME in line for line in lines[1:])


def test_a_write_in_urdu_changes_the_english_name_not_the_urdu(editor_api, translated):
    response = editor_api.patch(
        "/api/projects/sahiwal/",
        {"name": "Sahiwal Power Plant"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ur",
    )
    assert response.status_code == 200, response.json()
    stored = Project.objects.values("name", "name_en", "name_ur").get(slug="sahiwal")
    assert stored == {
        "name": "Sahiwal Power Plant",
        "name_en": "Sahiwal Power Plant",
        "name_ur": URDU_NAME,
    }


def test_a_write_sets_and_clears_a_translation(editor_api, translated):
    response = editor_api.patch(
        "/api/projects/sahiwal/",
        {"name_ur": "ساہیوال", "description_ur": None},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["name_ur"], response.json()["description_ur"]) == (
        "ساہیوال",
        None,
    )
    project = Project.objects.get(slug="sahiwal")
    assert (project.name_ur, project.description_ur) == ("ساہیوال", None)
    assert project.history.first().name_ur == "ساہیوال"
