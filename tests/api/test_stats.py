"""/api/stats/: counts and known cost by sector, phase, status and province."""

from decimal import Decimal

import pytest

from projects.choices import Province, Status
from tests.api.helpers import make_user, token_client
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _stat(count, known, unknown):
    return {
        "count": count,
        "known_cost_usd_million": known,
        "unknown_cost_count": unknown,
    }


def test_stats_totals_match_a_hand_computed_expectation(api, data):
    body = api.get("/api/stats/").json()
    # 1912 + 6700 + 246 known; Rashakai has no cost.
    assert body["total"] == _stat(4, 8858, 1)
    assert body["by_sector"] == [
        {"slug": "energy", "name": "Energy", "color": "#1d70b8", **_stat(1, 1912, 0)},
        {"slug": "industry", "name": "Industry", "color": "#6f72af", **_stat(1, 0, 1)},
        {
            "slug": "transport",
            "name": "Transport",
            "color": "#00703c",
            **_stat(2, 6946, 0),
        },
    ]
    assert body["by_phase"] == [
        {
            "number": 1,
            "name": "Phase I",
            "slug": "phase-i",
            "reported_investment_usd_million": 33000,
            **_stat(2, 2158, 0),
        },
        {
            "number": 2,
            "name": "Phase II",
            "slug": "phase-ii",
            "reported_investment_usd_million": None,
            **_stat(1 + 1, 6700, 1),
        },
    ]
    status = {row["status"]: row for row in body["by_status"]}
    assert [row["status"] for row in body["by_status"]] == Status.values
    assert status["operational"] == {
        "status": "operational",
        "label": "Operational",
        **_stat(2, 2158, 0),
    }
    assert status["planned"]["known_cost_usd_million"] == 6700
    assert status["under_construction"]["unknown_cost_count"] == 1
    assert status["cancelled"] == {
        "status": "cancelled",
        "label": "Cancelled",
        **_stat(0, 0, 0),
    }
    province = {row["province"]: row for row in body["by_province"]}
    assert len(province) == len(Province.values)
    assert province["punjab"]["known_cost_usd_million"] == 1912
    assert province["khyber_pakhtunkhwa"]["unknown_cost_count"] == 1
    assert province["sindh"]["count"] == 0


def test_stats_take_the_project_filters(api, data):
    body = api.get("/api/stats/?phase=2").json()
    assert body["total"] == _stat(2, 6700, 1)
    assert [row["slug"] for row in body["by_sector"]] == ["industry", "transport"]
    assert api.get("/api/stats/?phase=7").status_code == 400


def test_stats_are_read_only(api, editor):
    client = token_client(editor)
    assert client.post("/api/stats/", {}).status_code == 405


def test_stats_are_served_from_the_cache_until_the_data_changes(api, data):
    # What a repeat costs is pinned in test_query_counts.py.
    first = api.get("/api/stats/?phase=1")
    repeat = api.get("/api/stats/?phase=1")
    assert repeat.content == first.content
    assert repeat.json()["total"] == _stat(2, 2158, 0)
    ProjectFactory(phase=data["phases"][0], cost_usd_million=Decimal("5"))
    assert api.get("/api/stats/?phase=1").json()["total"] == _stat(3, 2163, 0)
    assert api.get("/api/stats/?phase=9").status_code == 400
    # The browsable API is rendered for its user each time.
    api.force_login(make_user("editor"))
    assert "editor" in api.get("/api/stats/", HTTP_ACCEPT="text/html").content.decode()
