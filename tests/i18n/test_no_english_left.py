"""Every public page in Urdu and Chinese, with the curated data: no English
interface string is left in what a reader sees.

The English of each translated message (its text between placeholders, tags
removed) is looked for in the page's visible text, its labels (aria-label,
title, placeholder, alt) and its charts' figures; the data (names, titles,
places, summaries: every text the records hold) is taken out first, since it is
not the interface's to translate.
"""

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from projects.exports import builds
from projects.models import Meeting, Phase, Project, Sector
from projects.security import lockout_response
from projects.site import urls as site_urls
from tests.e2e.public_pages import NOT_PAGES, QUERIES, SAMPLE_ARGS

from .catalogue import FOLDERS, catalogue
from .page_text import data_strings, english_needles, visible_strings, without_data

MODELS = {
    "project-detail": Project,
    "phase-detail": Phase,
    "sector-detail": Sector,
    "meeting-detail": Meeting,
}
ERROR_PAGES = {
    "404.html": "Not found.",
    "500.html": "Something went wrong on our side.",
    "503.html": "The database is not answering. Please try again in a minute.",
}


def page_paths() -> list[str]:
    """Every page of projects.site, a detail page showing a curated record."""
    paths = []
    for pattern in site_urls.urlpatterns:
        name = getattr(pattern, "name", None)
        if name is None or name in NOT_PAGES:
            continue
        kwargs = SAMPLE_ARGS.get(name) if name not in MODELS else None
        if name in MODELS:
            kwargs = {"slug": MODELS[name].objects.order_by("pk").first().slug}
        path = reverse(f"projects:{name}", kwargs=kwargs)
        paths.append(path + QUERIES.get(name, ""))
    return paths + ["/projects/?min_cost=abc&status=planned", "/?phase=phase-ii"]


def english_left(html: str, needles, data: list[str]) -> list[str]:
    phrases, words = needles
    # The data the longest first, so a name's parts go with it.
    texts = without_data(visible_strings(html), data)
    joined = " | ".join(texts)
    found = [phrase for phrase in phrases if phrase in joined]
    stripped = {text.strip(" :.,;") for text in texts}
    return found + sorted(words & stripped)


@pytest.fixture
def curated(db, settings, tmp_path):
    """The shipped data set, and its bulk files built (the data page lists them)."""
    call_command("load_initial_data", verbosity=0)
    settings.BULK_DATA_ROOT = tmp_path / "bulkdata"
    builds.build_now("http://testserver/")
    return data_strings()


@pytest.mark.parametrize("language", FOLDERS)
def test_no_page_leaves_an_english_interface_string(client, curated, language):
    needles = english_needles(catalogue(FOLDERS[language]))
    paths = page_paths()
    assert len(paths) >= 12
    left = {}
    for path in paths:
        response = client.get(f"/{language}{path}")
        assert response.status_code in (200, 400), path
        assert response["Content-Language"] == language
        found = english_left(response.content.decode(), needles, curated)
        if found:
            left[path] = found
    browsable = client.get(f"/api/?lang={language}", HTTP_ACCEPT="text/html")
    assert browsable["Content-Language"] == language
    found = english_left(browsable.content.decode(), needles, curated)
    if found:
        left["/api/"] = found
    report = [f"/{language}{path}: {found}" for path, found in left.items()]
    assert not left, "\n".join(report)


@pytest.mark.parametrize("language", FOLDERS)
def test_error_pages_leave_no_english_interface_string(client, db, language):
    needles = english_needles(catalogue(FOLDERS[language]))
    pages = {"/missing/": client.get(f"/{language}/no-such-page/").content.decode()}
    with translation.override(language):
        for template, message in ERROR_PAGES.items():
            context = {"message": translation.gettext(message)}
            pages[template] = render_to_string(template, context)
        pages["429.html"] = lockout_response(None).content.decode()
    left = {name: english_left(html, needles, []) for name, html in pages.items()}
    assert {name: found for name, found in left.items() if found} == {}
