"""Two editors on one record: a save from a form opened before the other's save is
refused with what changed, keeps what was typed, and saves when sent again."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from projects.caching.version import data_version
from tests.admin.helpers import admin_url, form_data
from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_editor(editor):
    """A second editor, signed in on a client of their own."""
    user = User.objects.create_user(
        "sam.k", "sam@example.org", "x" * 16, first_name="Sam", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def open_form(client, obj) -> dict:
    return form_data(client.get(admin_url(type(obj), "change", obj.pk)))


def send(client, obj, form: dict, **changes):
    return client.post(admin_url(type(obj), "change", obj.pk), {**form, **changes})


# A text field of each record editors change, and its label in the message.
EDITED = [
    ("project", "location", "Location"),
    ("phase", "summary", "Summary"),
    ("sector", "description", "Description"),
    ("meeting", "city", "City"),
    ("source", "publisher", "Outlet"),  # its verbose name
    ("indicator", "description", "Description"),
    ("citation", "locator", "Locator"),
]


@pytest.mark.parametrize(("key", "field", "label"), EDITED)
def test_a_save_from_a_stale_form_is_refused_and_names_what_changed(
    editor, other_editor, data, key, field, label
):
    record = data[key]
    if key == "meeting":
        # The shared data cites a meeting's "name", which a meeting lacks (it
        # has a title), so its form would be refused for that first.
        record.citations.filter(field="name").update(field="title")
    before = getattr(record, field)
    mine = open_form(editor, record)
    theirs = open_form(other_editor, record)
    assert send(other_editor, record, theirs, **{field: "Theirs"}).status_code == 302

    refused = send(editor, record, mine, **{field: "Mine"})

    assert refused.status_code == 200
    record.refresh_from_db()
    assert getattr(record, field) == "Theirs"
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "Not saved: this record changed after you opened this form" in errors
    assert f"{label}: {before or '—'} → Theirs (changed by Sam)" in errors
    assert refused.context["adminform"].form[field].value() == "Mine"
    # Sent again, with the changes seen, the form saves the editor's value.
    again = send(editor, record, form_data(refused))
    assert again.status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Mine"


def test_a_fresh_form_saves_and_a_form_without_a_version_is_not_checked(
    editor, other_editor, data
):
    project = data["project"]
    page = editor.get(admin_url(type(project), "change", project.pk))
    version = page.context["adminform"].form["form_version"].value()
    assert f'<input type="hidden" name="form_version" value="{version}"' in (
        page.content.decode()
    )
    send(other_editor, project, open_form(other_editor, project), location="Thar")
    fresh = send(editor, project, open_form(editor, project), location="Hub")
    assert fresh.status_code == 302
    unversioned = open_form(other_editor, project)
    del unversioned["form_version"]
    send(editor, project, open_form(editor, project), location="Gwadar")
    assert (
        send(other_editor, project, unversioned, location="Port Qasim").status_code
        == 302
    )
    project.refresh_from_db()
    assert project.location == "Port Qasim"


def test_a_save_is_refused_when_the_citations_changed_since_the_form_opened(
    editor, data
):
    project = data["project"]
    mine = open_form(editor, project)
    citations = project.citations.count()
    CitationFactory(content_object=project, field="location", reported_value="Thar")

    refused = send(editor, project, mine, location="Hub")

    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "Citation added: location, “Thar”" in errors
    project.refresh_from_db()
    assert project.location != "Hub"
    assert project.citations.count() == citations + 1


def test_an_unchanged_admin_save_keeps_the_history_and_the_data_version(
    editor, data, django_capture_on_commit_callbacks
):
    project = data["project"]
    versions = project.history.count()
    version = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(editor, project, open_form(editor, project))
    assert response.status_code == 302
    assert project.history.count() == versions
    assert data_version() == version
    with django_capture_on_commit_callbacks(execute=True):
        send(editor, project, open_form(editor, project), location="Hub")
    assert project.history.count() == versions + 1
    assert data_version() > version
