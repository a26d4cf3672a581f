"""/changes/ folds the initial load into one line; the edits after it are paged."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from projects.models import Project
from projects.selectors.changes import HISTORY_MODELS, initial_load
from tests.factories import ProjectFactory, SourceFactory

pytestmark = pytest.mark.django_db

LOAD_DAY = datetime.datetime(2025, 3, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def editor():
    return User.objects.create_user("amina.k", first_name="Amina", password="x" * 16)


def history_count() -> int:
    return sum(model.history.count() for model in HISTORY_MODELS)


def date_everything(when):
    for model in HISTORY_MODELS:
        model.history.update(history_date=when)


def edit(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def test_the_loaded_data_set_is_one_line_and_the_edits_are_rows(client, editor):
    call_command("load_initial_data", verbosity=0)
    loaded = history_count()
    assert loaded > 100
    date_everything(LOAD_DAY)
    project = Project.objects.order_by("pk").first()
    edit(project, editor, cost_usd_million=Decimal("1950"))
    ProjectFactory(name="Added after the load")  # by no editor, but after one

    response = client.get(reverse("projects:change-list"))
    page = response.content.decode()
    assert (
        f"<strong>Initial load:</strong> {loaded:,} records created on "
        '<time datetime="2025-03-04">2025-03-04</time>'
    ) in page
    rows = response.context["page"].object_list
    assert [(e.model, e.type) for e in rows][-1] == ("project", "changed")
    assert "Added after the load" in page and "Amina" in page
    assert response.context["page"].paginator.count == history_count() - loaded
    assert "since the initial load, newest first" in page


def test_the_load_is_what_came_before_the_first_other_entry(editor):
    first = SourceFactory()
    second = ProjectFactory()
    edit(second, editor, location="Lahore")
    SourceFactory()
    load = initial_load()
    # The source, then the project with its phase and sector: four creations.
    assert load.count == 4
    assert load.until == second.history.first().history_date
    assert first.history.get().history_date <= load.last < load.until


def test_a_database_only_loaded_has_no_edits_since(client):
    ProjectFactory()
    load = initial_load()
    assert load.until is None and load.count == 3
    page = client.get(reverse("projects:change-list")).content.decode()
    assert "Initial load:</strong> 3 records created on" in page
    assert "No edits since the initial load." in page
    assert "<table" not in page


def test_an_edit_first_means_there_is_no_initial_load(client, editor):
    user_first = SourceFactory.build()
    user_first._history_user = editor
    user_first.save()
    ProjectFactory()
    assert initial_load() is None
    response = client.get(reverse("projects:change-list"))
    assert "Initial load" not in response.content.decode()
    assert response.context["page"].paginator.count == history_count()


def test_an_import_with_a_reason_is_not_part_of_the_load(client):
    from projects import services

    source = SourceFactory.build()
    services.save(source, reason="CSV import")
    ProjectFactory()
    assert initial_load() is None


def test_an_empty_history_says_so(client):
    assert initial_load() is None
    page = client.get(reverse("projects:change-list")).content.decode()
    assert "No changes have been recorded yet." in page
