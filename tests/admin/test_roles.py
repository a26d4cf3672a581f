"""The Editors role: what an editor may do, and setup_roles."""

import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.urls import reverse

from projects.models import Project
from tests.admin.helpers import admin_url

pytestmark = pytest.mark.django_db


def test_editor_cannot_reach_user_management(editor):
    assert editor.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert editor.get(reverse("admin:auth_user_add")).status_code == 403
    index = editor.get(reverse("admin:index")).content.decode()
    assert "Projects" in index and "/admin/auth/user/" not in index


def test_editor_adds_and_changes_but_cannot_delete(editor, data):
    project = data["project"]
    assert editor.get(admin_url(Project, "add")).status_code == 200
    assert editor.get(admin_url(Project, "change", project.pk)).status_code == 200
    assert editor.get(admin_url(Project, "delete", project.pk)).status_code == 403
    assert editor.get(admin_url(Project, "import")).status_code == 200


def test_setup_roles_twice_gives_the_same_group(editor):
    group = Group.objects.get(name="Editors")
    first = set(group.permissions.values_list("codename", flat=True))
    group.permissions.add(Permission.objects.get(codename="delete_project"))
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)
    assert Group.objects.filter(name="Editors").count() == 1
    assert set(group.permissions.values_list("codename", flat=True)) == first
    # Add, change and view on each data model and view on its history: no
    # delete, nothing on users or groups, nothing on the data-version counter.
    names = ["phase", "sector", "project", "meeting", "source", "citation", "indicator"]
    actions = ("add", "change", "view")
    assert first == {f"{a}_{n}" for n in names for a in actions} | {
        f"view_historical{n}" for n in names
    }


def test_setup_roles_makes_an_existing_user_an_editor():
    user = User.objects.create_user("sam", password="x" * 16)
    call_command("setup_roles", editor=["sam"], stdout=io.StringIO())
    user.refresh_from_db()
    assert user.is_staff
    assert user.has_perm("projects.change_project")
    assert not user.has_perm("projects.delete_project")
    assert not user.has_perm("auth.view_user")
