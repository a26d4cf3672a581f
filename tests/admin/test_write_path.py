"""Admin edits, reverts and imports all save through services.save."""

import pytest
import tablib
from django.urls import reverse

from projects.admin.resources import ProjectResource
from tests.admin.helpers import form_data, post_change, project_csv, row_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def saves(monkeypatch):
    """Every services.save call: (model name, editor, history recorded)."""
    from projects import services

    calls = []
    real = services.save

    def spy(instance, **options):
        editor = options.get("editor")
        calls.append(
            (
                instance._meta.model_name,
                getattr(editor, "username", None),
                options.get("record_history", True),
            )
        )
        return real(instance, **options)

    monkeypatch.setattr(services, "save", spy)
    return calls


def test_admin_edits_reverts_and_imports_save_through_the_write_path(
    editor, data, saves
):
    project = data["project"]
    original = project.history.first()
    post_change(editor, project, location="Lahore")
    post_change(editor, project)  # unchanged: not saved (services.save)
    url = reverse(
        "admin:projects_project_simple_history", args=[project.pk, original.pk]
    )
    editor.post(url, form_data(editor.get(url)))
    assert saves == [
        ("project", "eve", True),
        ("project", "eve", True),
        ("project", "eve", True),
    ]
    project.refresh_from_db()
    assert project.location == "Sahiwal"
    saves.clear()
    dataset = tablib.Dataset().load(
        project_csv([row_for(project, location="Multan")]), format="csv"
    )
    result = ProjectResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert saves == [("project", None, True)]
    assert project.history.first().history_change_reason == "CSV import"
