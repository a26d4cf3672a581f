"""GET-then-PUT over the whole curated data set: every record read is accepted
back as it is, and the write changes nothing (year and month dates included)."""

import pytest

from projects.datafiles import load_data
from projects.models import Meeting, Project

pytestmark = pytest.mark.django_db

COMPARED = (
    "start_date",
    "start_date_precision",
    "completion_date",
    "completion_date_precision",
    "cost_usd_million",
    "capacity",
    "latitude",
    "longitude",
    "phase_id",
    "sector_id",
)


def test_every_project_and_meeting_round_trips(api, editor_api):
    load_data()
    before = {p.slug: p for p in Project.objects.all()}
    partial = [p for p in before.values() if p.start_date_precision != "day"]
    assert partial, "the data set should hold year or month dates"
    for slug, project in before.items():
        body = api.get(f"/api/projects/{slug}/").json()
        response = editor_api.put(f"/api/projects/{slug}/", body, format="json")
        assert response.status_code == 200, (slug, response.json())
        again = {k: v for k, v in response.json().items() if k in body}
        assert again == body, slug
        stored = Project.objects.get(pk=project.pk)
        for name in COMPARED:
            assert getattr(stored, name) == getattr(project, name), (slug, name)
    for meeting in Meeting.objects.all():
        body = api.get(f"/api/meetings/{meeting.slug}/").json()
        response = editor_api.put(f"/api/meetings/{meeting.slug}/", body, format="json")
        assert response.status_code == 200, (meeting.slug, response.json())
