"""The interface in English, Urdu and Simplified Chinese: catalogues, addresses,
the language switch, the page cache and the API's messages."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.e2e.public_pages import PUBLIC_PAGES
from tests.site.conftest import corridor  # noqa: F401  (the pages' data)

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = {"ur": "ur", "zh-hans": "zh_Hans"}

# Interface strings of the English pages' navigation, footer, headings and
# controls: none may be left on a page in another language.
ENGLISH = [
    "Skip to main content",
    ">Dashboard</a>",
    ">Projects</a>",
    ">Phases</a>",
    ">Sectors</a>",
    ">Meetings</a>",
    ">Sources</a>",
    ">Changes</a>",
    ">About</a>",
    ">Search</button>",
    "Search projects, meetings and sources",
    "Every figure links to the source that reports it",
    "Map boundaries:",
    "About the data</a>",
    "The China-Pakistan Economic Corridor in figures",
    "Headline numbers",
    "Projects tracked here",
    "Tracked investment",
    ">Filters",
    ">Apply",
    ">Table<",
    ">Share<",
    "Recent changes",
    "Bulk data",
    "Filter projects",
    "Filter meetings",
    "What the sources say",
    "Change history",
    ">Facts<",
    ">Phase 1: ",
    ">Phase 2: ",
]


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, its msgstr values and its flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        flags = {
            f.strip()
            for line in lines
            if line.startswith("#,")
            for f in line[2:].split(",")
        }
        fields, current = {}, None
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                fields[current] += line.strip()[1:-1]
                continue
            current, _, value = line.partition(" ")
            fields[current] = value.strip()[1:-1]
        if fields.get("msgid"):
            strings = [v for k, v in fields.items() if k.startswith("msgstr")]
            entries.append(
                {"msgid": fields["msgid"], "msgstr": strings, "flags": flags}
            )
    return entries


@pytest.mark.parametrize("folder", TRANSLATED.values())
def test_every_message_is_translated_and_none_is_fuzzy(folder):
    entries = parse_po(LOCALE / folder / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("folder", TRANSLATED.values())
def test_translations_keep_their_placeholders(folder):
    for entry in parse_po(LOCALE / folder / "LC_MESSAGES" / "django.po"):
        wanted = sorted(set(re.findall(r"%\(\w+\)s", entry["msgid"])))
        for string in entry["msgstr"]:
            assert sorted(set(re.findall(r"%\(\w+\)s", string))) == wanted, entry


def html_page_paths() -> list:
    return [
        param
        for param in PUBLIC_PAGES
        if not param.marks and not param.values[0].startswith("/api/")
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("corridor")
@pytest.mark.parametrize("path", html_page_paths())
@pytest.mark.parametrize(("language", "direction"), [("ur", "rtl"), ("zh-hans", "ltr")])
def test_every_page_speaks_the_language_of_its_address(
    client, path, language, direction
):
    english = client.get(path)
    response = client.get(f"/{language}{path}")
    assert response.status_code == english.status_code
    assert response["Content-Language"] == language
    html = unescape(response.content.decode())
    assert f'<html lang="{language}" dir="{direction}">' in html
    english_html = unescape(english.content.decode())
    left = [text for text in ENGLISH if text in english_html and text in html]
    assert left == [], f"English left on /{language}{path}"


@pytest.mark.django_db
@pytest.mark.usefixtures("corridor")
def test_the_language_switch_keeps_the_page_and_its_filters(client):
    html = client.get("/projects/?status=planned&sector=energy&utm_source=x").content
    html = unescape(html.decode())
    assert 'href="/ur/projects/?sector=energy&status=planned" lang="ur"' in html
    assert 'href="/zh-hans/projects/?sector=energy&status=planned"' in html
    assert (
        'hreflang="x-default" href="http://testserver/projects/?sector=energy' in html
    )
    urdu = unescape(client.get("/ur/projects/?status=planned").content.decode())
    assert 'href="/projects/?status=planned" lang="en-gb"' in urdu
    assert (
        '<link rel="canonical" href="http://testserver/ur/projects/?status=planned">'
        in urdu
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("corridor")
def test_stored_pages_and_etags_are_per_language(client):
    cache.clear()
    for _ in range(2):  # the second Urdu answer is the stored one
        urdu = client.get("/ur/meetings/")
    english = client.get("/meetings/")
    assert urdu["ETag"] != english["ETag"]
    assert '<html lang="ur" dir="rtl">' in urdu.content.decode()
    assert '<html lang="en-gb" dir="ltr">' in english.content.decode()
    assert english["Content-Language"] == "en-gb"
    # The English validator does not answer 304 for the Urdu page.
    again = client.get("/ur/meetings/", HTTP_IF_NONE_MATCH=english["ETag"])
    assert again.status_code == 200


@pytest.mark.django_db
def test_api_messages_follow_accept_language_and_lang(client):
    by_header = client.get("/api/projects/?colour=red", HTTP_ACCEPT_LANGUAGE="ur")
    by_param = client.get("/api/projects/?colour=red&lang=ur")
    english = client.get("/api/projects/?colour=red")
    for response in (by_header, by_param):
        assert response.status_code == 400
        assert response["Content-Language"] == "ur"
        assert list(response.json()) == ["colour"]
        assert response.json()["colour"][0].startswith("نامعلوم پیرامیٹر")
    assert english.json()["colour"][0].startswith("Unknown parameter.")
    assert "Accept-Language" in by_header["Vary"]


@pytest.mark.django_db
@pytest.mark.usefixtures("corridor")
def test_api_fields_stay_the_same_in_every_language(client):
    english = client.get("/api/projects/?status=planned").json()
    chinese = client.get("/api/projects/?status=planned&lang=zh-hans")
    assert chinese.status_code == 200
    assert chinese["Content-Language"] == "zh-hans"
    assert chinese.json() == english
    refused = client.get("/api/projects/?lang=fr").json()
    assert list(refused) == ["lang"]
