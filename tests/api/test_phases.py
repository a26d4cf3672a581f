"""Phases: lookup by number or slug, and the projects' totals."""

import pytest

pytestmark = pytest.mark.django_db


def test_phase_detail_by_slug_or_number(api, data):
    by_slug = api.get("/api/phases/phase-ii/").json()
    by_number = api.get("/api/phases/2/").json()
    assert by_slug == by_number
    assert by_slug["number"] == 2
    assert api.get("/api/phases/3/").status_code == 404


def test_phase_list_counts_projects_apart_from_the_reported_figure(api, data):
    rows = api.get("/api/phases/").json()["results"]
    assert [r["number"] for r in rows] == [1, 2]
    phase1 = rows[0]
    assert {
        "number",
        "name",
        "slug",
        "start_year",
        "end_year",
        "reported_investment_usd_million",
    } <= set(phase1)
    assert phase1["reported_investment_usd_million"] == 33000
    assert phase1["project_count"] == 2
    assert phase1["known_cost_usd_million"] == 1912 + 246
    assert rows[1]["known_cost_usd_million"] == 6700
    assert (phase1["unknown_cost_count"], rows[1]["unknown_cost_count"]) == (0, 1)
