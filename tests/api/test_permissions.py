"""Who may read and write, and the history that names them."""

import secrets

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from projects.models import Citation, Indicator, Sector
from tests.api.helpers import token_client
from tests.factories import (
    PhaseFactory,
    SectorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


# Per endpoint: a record to change or delete, a new one, a full one, a patch.
PAYLOADS = {
    "projects": (
        "sahiwal",
        {
            "name": "Thar Block II",
            "phase": 1,
            "sector": "energy",
            "province": "sindh",
        },
        {
            "name": "Sahiwal plant",
            "slug": "sahiwal",
            "phase": "phase-i",
            "sector": "energy",
            "province": "punjab",
            "status": "operational",
        },
        {"cost_usd_million": "1800.5"},
    ),
    "phases": (
        "spare",
        {"number": 3, "name": "Phase III"},
        {"number": 9, "name": "Spare phase", "slug": "spare"},
        {"end_year": 2035},
    ),
    "sectors": (
        "spare-sector",
        {"name": "Water", "color": "#005ea5"},
        {"name": "Spare", "slug": "spare-sector", "color": "#000000"},
        {"description": "Dams and canals."},
    ),
    "meetings": (
        "14th-jcc",
        {"kind": "jwg", "title": "Energy JWG", "number": 3},
        {"kind": "jcc", "number": 14, "title": "14th JCC", "slug": "14th-jcc"},
        {"projects": ["sahiwal"]},
    ),
    "sources": (
        "spare-source",
        {
            "title": "Planning ministry page",
            "kind": "official",
            "url": "https://example.org/p",
            "published_on": "2025-01-02",
        },
        {
            "title": "Spare",
            "slug": "spare-source",
            "kind": "news",
            "url": "https://example.org/s",
            "published_on": "2025-01-03",
        },
        {"publisher": "Dawn"},
    ),
    "indicators": (
        "exports",
        {"name": "Imports", "value": "2000", "unit": "US$ billion"},
        {"name": "Exports", "slug": "exports", "value": 3.1, "unit": "US$ bn"},
        {"year": 2025},
    ),
}


def _payloads():
    """PAYLOADS, with the spare records some of them change or delete."""
    PhaseFactory(number=9, name="Spare", slug="spare")
    SectorFactory(name="Spare sector", slug="spare-sector")
    SourceFactory(title="Spare source", slug="spare-source")
    return PAYLOADS


ENDPOINTS = ["projects", "phases", "sectors", "meetings", "sources", "indicators"]


def _methods(client, endpoint, payloads):
    slug, new, full, patch = payloads[endpoint]
    base = f"/api/{endpoint}/"
    detail = f"{base}{slug}/"
    return {
        "list": client.get(base).status_code,
        "retrieve": client.get(detail).status_code,
        "create": client.post(base, new, format="json").status_code,
        "update": client.put(detail, full, format="json").status_code,
        "partial_update": client.patch(detail, patch, format="json").status_code,
        "destroy": client.delete(detail).status_code,
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_users_read_but_cannot_write(api, data, endpoint):
    # 401, with the token challenge: the write needs credentials.
    assert _methods(api, endpoint, _payloads()) == {
        "list": 200,
        "retrieve": 200,
        "create": 401,
        "update": 401,
        "partial_update": 401,
        "destroy": 401,
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_users_without_the_permission_read_but_cannot_write(reader, data, endpoint):
    assert _methods(token_client(reader), endpoint, _payloads()) == {
        "list": 200,
        "retrieve": 200,
        "create": 403,
        "update": 403,
        "partial_update": 403,
        "destroy": 403,
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_editors_create_update_and_delete(editor, data, endpoint):
    payloads = _payloads()
    if endpoint == "projects":
        # A project in a meeting is deletable; its citations go with it.
        Citation.objects.all().delete()
    assert _methods(token_client(editor), endpoint, payloads) == {
        "list": 200,
        "retrieve": 200,
        "create": 201,
        "update": 200,
        "partial_update": 200,
        "destroy": 204,
    }


def test_token_writes_are_in_the_history_with_their_user(editor, data):
    client = token_client(editor)
    client.post("/api/sectors/", {"name": "Water", "color": "#005ea5"}, format="json")
    client.patch("/api/sectors/water/", {"description": "Dams."}, format="json")
    created, changed = Sector.history.filter(slug="water").order_by("history_id")
    assert (created.history_type, created.history_user) == ("+", editor)
    assert (changed.history_type, changed.history_user) == ("~", editor)
    client.delete("/api/sectors/water/")
    deleted = Sector.history.filter(slug="water").latest("history_id")
    assert (deleted.history_type, deleted.history_user) == ("-", editor)


def test_session_writes_need_the_csrf_token_and_are_in_the_history(editor, data):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    url = "/api/indicators/exports/"
    refused = client.patch(url, {"year": 2023}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    secret = secrets.token_hex(16)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    response = client.patch(url, {"year": 2023}, format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 200
    record = Indicator.history.filter(slug="exports").latest("history_id")
    assert (record.year, record.history_user) == (2023, editor)
