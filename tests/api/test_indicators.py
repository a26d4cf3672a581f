"""Indicators: list and detail."""

import pytest

pytestmark = pytest.mark.django_db


def test_indicator_list_and_detail(api, data):
    rows = api.get("/api/indicators/").json()["results"]
    assert rows[0] == {
        "slug": "exports",
        "name": "Exports to China",
        "value": 3,
        "unit": "US$ billion",
        "year": 2024,
        "description": "",
        "api_url": "http://testserver/api/indicators/exports/",
        "html_url": None,
        "name_ur": None,
        "name_zh_hans": None,
        "description_ur": None,
        "description_zh_hans": None,
    }
    detail = api.get("/api/indicators/exports/").json()
    assert [c["source"]["slug"] for c in detail["citations"]] == ["dawn"]
