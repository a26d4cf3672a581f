"""A broken database constraint shows as an error on the field it names."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from projects.choices import MeetingKind
from projects.models import (
    CONSTRAINT_FIELDS,
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
    constraint_field,
)
from tests.admin.helpers import post_change
from tests.factories import MeetingFactory, ProjectFactory

pytestmark = pytest.mark.django_db


PAIRED = "Give both latitude and longitude, or neither."


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"cost_usd_million": "-5"},
            "cost_usd_million",
            "The cost cannot be negative.",
        ),
        ({"capacity": "-1"}, "capacity", "The capacity cannot be negative."),
        ({"capacity_unit": ""}, "capacity_unit", "A capacity needs its unit."),
        (
            {"start_date": "2020-01-01", "completion_date": "2019-01-01"},
            "completion_date",
            "The completion date cannot be before the start date.",
        ),
        ({"latitude": "91"}, "latitude", "Latitude must be between -90 and 90."),
        ({"longitude": "-181"}, "longitude", "Longitude must be between -180 and 180."),
        (
            {"longitude": ""},
            "longitude",
            "Give both latitude and longitude, or neither.",
        ),
        ({"latitude": ""}, "latitude", "Give both latitude and longitude, or neither."),
    ],
)
def test_project_constraint_violation_shows_on_its_field(
    admin_client, data, changes, field, message
):
    project = data["project"]
    before = Project.history.filter(id=project.pk).count()
    response = post_change(admin_client, project, **changes)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors[field] == [message]
    assert form.non_field_errors() == []
    assert message in response.content.decode()
    assert Project.history.filter(id=project.pk).count() == before


def test_phase_end_year_before_start_shows_on_end_year(admin_client, data):
    response = post_change(admin_client, data["phase"], start_year=2030, end_year=2020)
    form = response.context["adminform"].form
    assert form.errors["end_year"] == ["The end year cannot be before the start year."]


def test_duplicate_meeting_number_shows_on_number(admin_client, data):
    other = MeetingFactory(kind=MeetingKind.JCC, number=14)
    response = post_change(admin_client, data["meeting"], kind="jcc", number=14)
    form = response.context["adminform"].form
    assert form.errors["number"] == [
        "A meeting of this kind with this number already exists."
    ]
    assert Meeting.objects.filter(kind="jcc", number=14).get() == other


def test_duplicate_slug_is_a_readable_field_error(admin_client, data):
    other = ProjectFactory()
    response = post_change(admin_client, data["project"], slug=other.slug)
    form = response.context["adminform"].form
    assert form.errors["slug"] == ["Project with this Slug already exists."]


@pytest.mark.parametrize(
    "model", [Phase, Sector, Project, Meeting, Source, Citation, Indicator]
)
def test_every_constraint_names_a_field_of_its_admin_form(rf, model):
    request = rf.get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    form_fields = admin.site._registry[model].get_form(request).base_fields
    for constraint in model._meta.constraints:
        target = constraint_field(constraint)
        targets = target if isinstance(target, tuple) else (target,)
        assert set(targets) <= set(form_fields), constraint.name
    assert set(CONSTRAINT_FIELDS) <= {
        c.name for m in (Phase, Project, Meeting, Citation) for c in m._meta.constraints
    }
