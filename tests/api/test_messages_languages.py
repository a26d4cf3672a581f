"""The API's messages in Urdu and Chinese, Django REST framework's and knox's
among them: the failing requests a client may send, each answered in the
language of ?lang= with the translation our catalogue (locale/) gives.

Django REST framework has no Urdu catalogue, and Django's Urdu one lacks the
plural length and digit messages, so without our entries (projects/api/
builtin_messages.py marks them) these answers would be English.
"""

import json

import pytest
from django.conf import settings
from django.test import override_settings

from tests.api.helpers import token_client
from tests.i18n.catalogue import FOLDERS, catalogue

pytestmark = pytest.mark.django_db

LANGUAGES = list(FOLDERS)


def translated(language: str, msgid: str, *, plural: int | None = None) -> str:
    """The catalogue's translation of msgid, translated and not fuzzy; for a
    plural message, the form for the number given (Urdu: 1 or other)."""
    found = [e for e in catalogue(FOLDERS[language]) if e.msgid == msgid]
    assert found, f"{msgid!r} is not in locale/{FOLDERS[language]}"
    entry = found[0]
    assert not entry.untranslated and "fuzzy" not in entry.flags, msgid
    if plural is None:
        text = entry.forms[0]
    else:
        text = entry.forms[0 if plural == 1 or len(entry.forms) == 1 else 1]
    assert text != msgid, f"{msgid!r} is left English in {language}"
    return text


def check(language, got, msgid, english, **values):
    """The answer is the catalogue's translation, and not the English."""
    want = translated(language, msgid)
    want = want.format(**values) if "{" in msgid else want % values if values else want
    assert got != english
    assert got == want


def detail(response) -> str:
    return response.json()["detail"]


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.mark.parametrize("language", LANGUAGES)
def test_request_errors(api, data, reader, language):
    lang = {"lang": language}
    cases = [
        (
            api.get("/api/projects/nope/", lang),
            404,
            ("No %(model)s matches the given query.", {"model": "Project"}),
            "No Project matches the given query.",
        ),
        (
            api.get("/api/projects/", {**lang, "page": 99}),
            404,
            ("Invalid page.", {}),
            "Invalid page.",
        ),
        (
            api.post("/api/projects/?lang=" + language, {}, format="json"),
            401,
            ("Authentication credentials were not provided.", {}),
            "Authentication credentials were not provided.",
        ),
        (
            api.get("/api/projects/", lang, HTTP_AUTHORIZATION="Token"),
            401,
            ("Invalid token header. No credentials provided.", {}),
            "Invalid token header. No credentials provided.",
        ),
        (
            api.get("/api/projects/", lang, HTTP_AUTHORIZATION="Token a b"),
            401,
            ("Invalid token header. Token string should not contain spaces.", {}),
            "Invalid token header. Token string should not contain spaces.",
        ),
        (
            api.put("/api/stats/?lang=" + language, {}, format="json"),
            405,
            ('Method "{method}" not allowed.', {"method": "PUT"}),
            'Method "PUT" not allowed.',
        ),
        (
            api.get("/api/projects/", lang, HTTP_ACCEPT="application/xml"),
            406,
            ("Could not satisfy the request Accept header.", {}),
            "Could not satisfy the request Accept header.",
        ),
        (
            token_client(reader).post(
                "/api/sectors/?lang=" + language, {"name": "X"}, format="json"
            ),
            403,
            ("You do not have permission to perform this action.", {}),
            "You do not have permission to perform this action.",
        ),
    ]
    for response, status, (msgid, values), english in cases:
        assert response.status_code == status, (msgid, response.content)
        check(language, detail(response), msgid, english, **values)


@pytest.mark.parametrize("language", LANGUAGES)
def test_bodies_the_api_cannot_read(editor_api, data, language):
    url = "/api/projects/?lang=" + language
    response = editor_api.post(url, "<x/>", content_type="application/xml")
    assert response.status_code == 415
    check(
        language,
        detail(response),
        'Unsupported media type "{media_type}" in request.',
        'Unsupported media type "application/xml" in request.',
        media_type="application/xml",
    )
    response = editor_api.post(url, "{bad", content_type="application/json")
    assert response.status_code == 400
    prefix = translated(language, "JSON parse error - %(detail)s")
    prefix = prefix.split("%(detail)s")[0]
    assert detail(response).startswith(prefix)
    assert not detail(response).startswith("JSON parse error")
    response = editor_api.post(url, "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    check(
        language,
        response.json()["non_field_errors"][0],
        "Invalid data. Expected a dictionary, but got {datatype}.",
        "Invalid data. Expected a dictionary, but got list.",
        datatype="list",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_field_errors_of_a_write(editor_api, data, language):
    body = {
        "slug": "",
        "name": None,
        "status": "zzz",
        "latitude": "abc",
        "cost_usd_million": "1" * 13,
        "aliases": "x",
        "phase": 99,
        "sector": "nope",
        "start_date": 5,
    }
    response = editor_api.post(
        "/api/projects/?lang=" + language,
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = {name: messages[0] for name, messages in response.json().items()}
    expected = {
        "slug": ("This field may not be blank.", {}),
        "name": ("This field may not be null.", {}),
        "status": ('"{input}" is not a valid choice.', {"input": "zzz"}),
        "latitude": ("A valid number is required.", {}),
        "cost_usd_million": (
            "Ensure that there are no more than {max_digits} digits in total.",
            {"max_digits": 12},
        ),
        "aliases": (
            'Expected a list of items but got type "{input_type}".',
            {"input_type": "str"},
        ),
        "phase": (
            "Unknown phase {value}: give a number or slug listed at /api/phases/.",
            {"value": "99"},
        ),
        "sector": ("No record has the slug {value}.", {"value": "nope"}),
        "start_date": ("Give a date as YYYY, YYYY-MM or YYYY-MM-DD.", {}),
    }
    for name, (msgid, values) in expected.items():
        check(language, errors[name], msgid, msgid.format(**values), **values)

    body = {"name": "x" * 201, "aliases": ["ok", {}], "phase": 1, "sector": "energy"}
    response = editor_api.post("/api/projects/?lang=" + language, body, format="json")
    assert response.status_code == 400
    got = response.json()
    msgid = "Ensure this field has no more than {max_length} characters."
    check(language, got["name"][0], msgid, msgid.format(max_length=200), max_length=200)
    check(
        language, got["aliases"]["1"][0], "Not a valid string.", "Not a valid string."
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_number_and_boolean_errors(editor_api, data, language):
    body = {"number": "abc", "start_year": 0, "end_year": 99999}
    response = editor_api.post("/api/phases/?lang=" + language, body, format="json")
    got = response.json()
    check(
        language,
        got["number"][0],
        "A valid integer is required.",
        "A valid integer is required.",
    )
    low = "Ensure this value is greater than or equal to {min_value}."
    high = "Ensure this value is less than or equal to {max_value}."
    check(language, got["start_year"][0], low, low.format(min_value=1), min_value=1)
    check(
        language, got["end_year"][0], high, high.format(max_value=9999), max_value=9999
    )
    response = editor_api.post(
        "/api/meetings/?lang=" + language, {"is_virtual": "maybe"}, format="json"
    )
    got = response.json()["is_virtual"][0]
    check(language, got, "Must be a valid boolean.", "Must be a valid boolean.")


@pytest.mark.parametrize("language", LANGUAGES)
def test_filter_errors(api, data, language):
    def error(name, value):
        response = api.get("/api/projects/", {"lang": language, name: value})
        assert response.status_code == 400, response.content
        return response.json()[name][0]

    for name, value, msgid in [
        ("phase", "zzz", "Unknown phase. Allowed: %(allowed)s."),
        ("sector", "zzz", "Unknown %(name)s. Allowed: %(allowed)s."),
    ]:
        got = error(name, value)
        head = translated(language, msgid).split("%(allowed)s")[0]
        assert got.startswith(head % {"name": "sector"} if "%(name)s" in head else head)
        assert not got.startswith("Unknown")
    check(
        language,
        error("started_after", "zzz"),
        "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.",
        "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    check(
        language,
        error("phase", "a\x00b"),
        "Null characters are not allowed.",
        "Null characters are not allowed.",
    )
    # Django's plural messages, from its validators.
    digits = "Ensure that there are no more than %(max)s digit in total."
    got = error("min_cost", "1e40")
    assert got == translated(language, digits, plural=14) % {"max": 14}
    assert "digits" not in got
    length = (
        "Ensure this value has at most %(limit_value)d character (it has "
        "%(show_value)d)."
    )
    got = error("q", "x" * 300)
    want = translated(language, length, plural=200)
    assert got == want % {"limit_value": 200, "show_value": 300}
    assert "characters" not in got


@pytest.mark.parametrize("language", LANGUAGES)
def test_throttled(api, data, language):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "1/minute"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        api.get("/api/sectors/", {"lang": language})
        response = api.get("/api/sectors/", {"lang": language})
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert wait > 1
    want = " ".join(
        (
            translated(language, "Request was throttled."),
            translated(language, "Expected available in {wait} seconds.").format(
                wait=wait
            ),
        )
    )
    assert detail(response) == want
