"""Sources: citation counts and the facts each supports."""

import pytest
from django.core.management import call_command

from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_source_list_counts_citations_and_detail_adds_text(api, data):
    rows = api.get("/api/sources/").json()["results"]
    assert rows[0]["slug"] == "dawn"
    assert rows[0]["citation_count"] == 2
    assert "text" not in rows[0]
    detail = api.get("/api/sources/dawn/").json()
    assert detail["kind"] == "news"
    assert "text" not in detail


def test_source_detail_lists_what_it_supports(api, data):
    supports = api.get("/api/sources/dawn/").json()["supports"]
    assert {
        "record": {
            "type": "project",
            "slug": "sahiwal",
            "name": "Sahiwal Coal Power Plant",
            "url": "http://testserver/projects/sahiwal/",
        },
        "field": "cost_usd_million",
        "reported_value": "$1.912bn",
        "value": "1912",
        "locator": "paragraph 2",
        "is_headline": True,
        "is_planned": False,
        "note": "",
    } in supports
    indicator = next(s for s in supports if s["record"]["type"] == "indicator")
    assert indicator["record"] == {
        "type": "indicator",
        "slug": "exports",
        "name": "Exports to China",
        "url": None,
    }


def test_a_source_detail_shows_its_first_facts_and_counts_them_all(
    api, django_assert_max_num_queries
):
    from projects.selectors import SUPPORTS_SHOWN

    call_command("seed_synthetic", projects=SUPPORTS_SHOWN + 5, seed=1)
    with django_assert_max_num_queries(4):
        body = api.get("/api/sources/synthetic-data/").json()
    assert body["citation_count"] == SUPPORTS_SHOWN + 5
    assert len(body["supports"]) == SUPPORTS_SHOWN
    records = [row["record"]["slug"] for row in body["supports"]]
    assert records == [f"synthetic-{i:06d}" for i in range(1, SUPPORTS_SHOWN + 1)]


def test_a_source_without_an_address_has_a_null_url(api, data):
    SourceFactory(title="Unrecorded page", slug="unrecorded", url="")
    row = api.get("/api/sources/unrecorded/").json()
    assert row["url"] is None
    assert api.get("/api/sources/dawn/").json()["url"] == data["source"].url
