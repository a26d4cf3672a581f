"""The records' Urdu and Chinese in the admin: fieldsets, inputs, saving in any
admin language, citations of a translated name, history and revert."""

import pytest
from django.urls import reverse

from projects.admin.citable import citable_choices
from projects.models import Meeting, Project
from tests.admin.helpers import admin_url, form_data, post_change

pytestmark = pytest.mark.django_db

URDU_NAME = "ساہیوال کول پاور پلانٹ"


def _flat(choices) -> set[str]:
    names = set()
    for value, label in choices:
        if isinstance(label, list):
            names |= {name for name, _ in label}
        else:
            names.add(value)
    return names


def test_the_change_form_has_an_input_per_translation_with_its_script(editor, data):
    project = data["project"]
    page = editor.get(admin_url(Project, "change", project.pk)).content.decode()
    assert 'name="name_ur"' in page and 'name="description_zh_hans"' in page
    assert 'lang="ur" dir="rtl"' in page
    assert 'lang="zh-Hans"' in page
    assert 'name="name_en"' not in page
    assert "Urdu (اردو)" in page


def test_a_translation_saved_in_the_admin_is_in_the_history(editor, data):
    project = data["project"]
    english = project.name
    response = post_change(editor, project, name_ur=URDU_NAME)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name_en, project.name_ur) == (english, URDU_NAME)
    latest = project.history.first()
    assert latest.diff_against(latest.prev_record).changed_fields == ["name_ur"]


def test_the_admin_in_urdu_edits_the_english_name(editor, data):
    project = data["project"]
    project.name_ur = URDU_NAME
    project.save()
    versions = project.history.count()
    editor.cookies["django_language"] = "ur"
    url = admin_url(Project, "change", project.pk)
    unchanged = form_data(editor.get(url, HTTP_ACCEPT_LANGUAGE="ur"))
    assert unchanged["name"] == project.name_en
    assert editor.post(url, unchanged, HTTP_ACCEPT_LANGUAGE="ur").status_code == 302
    assert project.history.count() == versions
    renamed = {**unchanged, "name": "Sahiwal Power Plant"}
    assert editor.post(url, renamed, HTTP_ACCEPT_LANGUAGE="ur").status_code == 302
    stored = Project.objects.values("name", "name_en", "name_ur").get(pk=project.pk)
    assert stored == {
        "name": "Sahiwal Power Plant",
        "name_en": "Sahiwal Power Plant",
        "name_ur": URDU_NAME,
    }


def test_a_citation_may_name_a_translation_but_not_the_english_copy():
    project_fields = _flat(citable_choices(Project))
    assert {"name", "name_ur", "name_zh_hans", "description_ur"} <= project_fields
    assert not {"name_en", "description_en"} & project_fields
    meeting_fields = _flat(citable_choices(Meeting))
    assert {"title_zh_hans", "city_ur"} <= meeting_fields
    assert "title_en" not in meeting_fields


def test_revert_restores_a_translation(editor, data):
    project = data["project"]
    post_change(editor, project, name_ur=URDU_NAME)
    before = project.history.first()
    post_change(editor, project, name_ur="ساہیوال")
    url = reverse("admin:projects_project_simple_history", args=[project.pk, before.pk])
    response = editor.get(url)
    assert editor.post(url, form_data(response)).status_code == 302
    project.refresh_from_db()
    assert project.name_ur == URDU_NAME
