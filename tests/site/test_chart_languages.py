"""Charts name records in the page's language, the English where none is kept."""

import json
import re

import pytest

from projects.models import Meeting, Project, Sector
from tests.site.conftest import corridor  # noqa: F401  (the pages' data)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("corridor")]


def _figures(page: str) -> str:
    """The JSON of every chart on a page, as one text."""
    blocks = re.findall(
        r'<script id="chart-[^"]+-data" type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    assert blocks
    return json.dumps([json.loads(block) for block in blocks], ensure_ascii=False)


def test_the_urdu_dashboards_charts_use_the_urdu_names(client):
    Sector.objects.filter(slug="energy").update(name_ur="توانائی")
    Project.objects.filter(slug="ml-1").update(name_ur="ایم ایل ون")
    Meeting.objects.filter(slug="jcc-14").update(title_ur="چودھواں اجلاس")
    urdu = _figures(client.get("/ur/").content.decode())
    assert "توانائی" in urdu
    assert "ایم ایل ون" in urdu
    assert "چودھواں اجلاس" in urdu
    # A sector with no Urdu name keeps its English one.
    assert "Transport" in urdu
    english = _figures(client.get("/").content.decode())
    assert "توانائی" not in english
    assert "Energy" in english


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en-gb", "Name in Simplified Chinese"),
        ("ur", "نام (چینی میں)"),
        ("zh-hans", "名称（简体中文）"),
    ],
)
def test_a_cited_translation_is_labelled_by_its_language(language, label):
    from django.utils import translation

    from projects.dashboard import field_label

    with translation.override(language):
        assert field_label(Project, "name_zh_hans") == label


@pytest.mark.parametrize(
    ("prefix", "country"), [("", "China"), ("/ur", "چین"), ("/zh-hans", "中国")]
)
def test_a_meetings_country_is_named_in_the_pages_language(client, prefix, country):
    assert Meeting.objects.filter(slug="jcc-14", country="China").exists()
    listing = client.get(f"{prefix}/meetings/").content.decode()
    detail = client.get(f"{prefix}/meetings/jcc-14/").content.decode()
    assert f", {country}</td>" in listing
    assert f", {country}</dd>" in detail
