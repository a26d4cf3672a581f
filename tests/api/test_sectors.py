"""Sectors: fields and the projects' totals."""

import pytest

pytestmark = pytest.mark.django_db


def test_sector_list_fields(api, data):
    rows = api.get("/api/sectors/").json()["results"]
    assert [r["slug"] for r in rows] == ["energy", "industry", "transport"]
    transport = rows[2]
    assert transport["color"] == "#00703c"
    assert transport["project_count"] == 2
    assert transport["known_cost_usd_million"] == 6700 + 246
    # Industry's one project has no cost: known 0, one unknown.
    assert rows[1]["known_cost_usd_million"] == 0
    assert rows[1]["unknown_cost_count"] == 1
    assert transport["unknown_cost_count"] == 0
    assert transport["url"] == "http://testserver/sectors/transport/"
