"""row_by_pk: one row through a cursor, converted as the ORM converts it."""

import pytest

from projects.models import DataVersion, Project
from projects.rows import row_by_pk
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_row_reads_as_the_orm_reads_it():
    project = ProjectFactory()
    fields = ("name", "cost_usd_million", "start_date", "created_at")
    orm = Project.objects.filter(pk=project.pk).values_list(*fields).get()
    assert row_by_pk(Project, project.pk, *fields) == orm


def test_the_data_version_reads_with_an_aware_time():
    ProjectFactory()
    version, changed_at = row_by_pk(DataVersion, 1, "version", "changed_at")
    assert (version, changed_at) == DataVersion.objects.values_list(
        "version", "changed_at"
    ).get(pk=1)
    assert changed_at.tzinfo is not None


def test_a_missing_row_is_none():
    assert row_by_pk(Project, 10**9, "name") is None
