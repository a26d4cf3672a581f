"""Every edit is recorded with its editor; the history page and revert."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from projects.models import Project
from tests.admin.helpers import admin_url, form_data, post_change

pytestmark = pytest.mark.django_db


def test_an_edit_records_one_history_entry_with_its_editor(editor, data):
    project = data["project"]
    before = project.history.count()
    response = post_change(editor, project, cost_usd_million="1950")
    assert response.status_code == 302
    assert project.history.count() == before + 1
    latest = project.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == editor.user
    assert latest.cost_usd_million == Decimal("1950")
    delta = latest.diff_against(latest.prev_record)
    assert delta.changed_fields == ["cost_usd_million"]


def test_saving_an_unchanged_form_adds_no_history(editor, data):
    project = data["project"]
    versions = project.history.count()
    response = post_change(editor, project)
    assert response.status_code == 302
    assert project.history.count() == versions


def test_history_page_lists_changes_with_pinned_queries(
    admin_client, data, django_assert_num_queries
):
    project = data["project"]
    post_change(admin_client, project, cost_usd_million="1950", status="suspended")
    post_change(admin_client, project, cost_usd_million="2000")
    url = admin_url(Project, "history", project.pk)
    # Session, user, the history count, its page (editor and phase/sector joined),
    # the project itself.
    ContentType.objects.get_for_model(User)  # cached per process, as in production
    with django_assert_num_queries(5):
        response = admin_client.get(url)
    page = response.content.decode()
    assert "1912.00 &rarr; 1950" in page or "1912.00 → 1950" in page
    assert "Operational" in page and "Suspended" in page
    assert "chief" in page
    assert reverse("admin:auth_user_change", args=[admin_client.user.pk]) not in page


def test_revert_restores_old_values_and_is_recorded(editor, data):
    project = data["project"]
    original = project.history.first()
    post_change(editor, project, cost_usd_million="1950", location="Lahore")
    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("1950")

    url = reverse(
        "admin:projects_project_simple_history", args=[project.pk, original.pk]
    )
    response = editor.get(url)
    assert response.status_code == 200
    assert b"Revert" in response.content
    reverted = editor.post(url, form_data(response))
    assert reverted.status_code == 302

    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("1912.00")
    assert project.location == "Sahiwal"
    latest = project.history.first()
    assert latest.history_user == editor.user
    assert latest.cost_usd_million == Decimal("1912.00")
    assert project.history.count() == 3
