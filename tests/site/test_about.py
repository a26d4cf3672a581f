"""/about/: the official counts beside the tracked ones, the policies, the licences,
how to cite, the change log; and the footer's last update on every page."""

import datetime
import html as htmllib
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.caching.version import last_updated
from projects.choices import Status
from projects.models import DataVersion, Source
from projects.selectors.changes import HISTORY_MODELS
from projects.site.about import CHANGE_LOG_DAYS
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    ProjectFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def text_of(markup: str) -> str:
    """The words of some HTML, tags dropped and spaces collapsed."""
    words = re.sub(r"<[^>]+>", "", markup)
    return re.sub(r"\s+", " ", htmllib.unescape(words)).strip()


def element(response, pattern: str) -> str:
    """The first match of a regular expression over the page (group 1)."""
    found = re.search(pattern, response.content.decode(), re.S)
    assert found, pattern
    return found[1]


@pytest.fixture
def official(corridor):
    """The planning ministry's counts as indicators, with their headline citation."""
    source = SourceFactory(
        title="38 projects completed",
        slug="list-report",
        publisher="The Recorder",
        url="https://example.org/list-report",
        published_on=datetime.date(2024, 5, 2),
    )
    for slug, name, value, locator in (
        ("cpec-completed-projects-count", "Completed projects", 38, "paragraph 1"),
        ("cpec-completed-energy-projects-count", "Completed energy", 17, "para 2"),
        ("cpec-completed-gwadar-projects-count", "Completed in Gwadar", 5, "para 2"),
        ("cpec-projects-under-implementation-count", "Underway", 23, "paragraph 1"),
    ):
        indicator = IndicatorFactory(slug=slug, name=name, value=value, unit="projects")
        CitationFactory(
            source=source,
            content_object=indicator,
            field="value",
            reported_value=f"{value} projects",
            locator=locator,
            is_headline=True,
        )
    return source


def rows_by_name(response) -> dict:
    return {r["indicator"].name: r for r in response.context["coverage"]["rows"]}


def test_about_sets_each_official_count_beside_the_projects_tracked_here(
    client, corridor, official
):
    response = client.get(reverse("projects:about"))
    assert response.status_code == 200
    rows = rows_by_name(response)
    # No Gwadar sector in this data: that count is left out, not set against 0.
    assert list(rows) == ["Completed projects", "Completed energy", "Underway"]
    # Sahiwal, Port Qasim and the Orange Line run; two of them are energy; only
    # Rashakai is being built.
    assert [r["tracked"] for r in rows.values()] == [3, 2, 1]
    assert response.context["coverage"]["total"] == 6
    assert rows["Completed energy"]["url"] == (
        "/projects/?status=operational&sector=energy"
    )
    html = response.content.decode()
    assert "This tracker holds <a" in html and ">6 projects</a>" in html
    # The official figure with its citation: title, outlet, date, locator, link.
    assert '<a href="https://example.org/list-report"' in html
    assert "The Recorder, 2 May 2024; para 2 (“17 projects”)" in html
    assert '<td class="num" data-label="Official figure">38</td>' in html


def test_about_counts_follow_the_database(client, corridor, official):
    sahiwal = corridor["projects"][0]
    sahiwal.status = Status.UNDER_CONSTRUCTION
    sahiwal.save()
    ProjectFactory(name="New plant", slug="new-plant", sector=sahiwal.sector)
    response = client.get(reverse("projects:about"))
    rows = rows_by_name(response)
    # Port Qasim, the Orange Line and the new plant run; Sahiwal is building again.
    assert [r["tracked"] for r in rows.values()] == [3, 2, 2]
    assert response.context["coverage"]["total"] == 7
    assert (
        'data-label="Tracked here"><a href="/projects/?status=under_construction">2<'
        in (response.content.decode())
    )


def test_about_states_the_source_policy_the_headline_rule_and_the_licences(
    client, corridor
):
    SourceFactory(kind="official", title="A ministry", slug="ministry")
    response = client.get(reverse("projects:about"))
    kinds = {k["kind"]: k["count"] for k in response.context["source_kinds"]}
    assert kinds == {
        "official": 1,
        "news": Source.objects.filter(kind="news").count(),
        "research": 0,
        "reference": 0,
    }
    text = text_of(element(response, r"<main[^>]*>(.*)</main>"))
    assert "Official: 1 source: governments" in text
    assert "Reference: 0 sources: Wikipedia, never on its own" in text
    assert "what happened wins over what was planned" in text
    assert "CC BY 4.0" in text and "MIT licence" in text
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in (
        response.content.decode()
    )


def test_how_to_cite_gives_the_data_version_and_the_date_of_the_last_update(
    client, corridor
):
    DataVersion.objects.filter(pk=1).update(
        changed_at=datetime.datetime(2026, 12, 3, 9, 30, tzinfo=datetime.UTC)
    )
    version, _ = last_updated()
    response = client.get(reverse("projects:about"))
    assert response.context["citation"] == (
        f"CPEC Tracker, data version {version}, last updated 2026-12-03. "
        "http://testserver/about/. CC BY 4.0."
    )
    cite = element(response, r'<p class="cite">(.*?)</p>')
    assert cite == response.context["citation"]


def footer_update(response) -> tuple[str, str]:
    line = element(response, r'<footer.*?<p class="last-updated">(.*?)</p>')
    return text_of(line), re.search(r'<time datetime="([^"]+)"', line)[1]


def test_footer_shows_the_last_update_and_moves_with_a_write(client, corridor):
    DataVersion.objects.filter(pk=1).update(
        changed_at=datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    )
    version, _ = last_updated()
    text, stamp = footer_update(client.get(reverse("projects:source-list")))
    assert text.startswith(
        f"Data version {version}, last updated 2020-01-02 03:04 UTC."
    )
    assert stamp == "2020-01-02T03:04:05+00:00"

    sahiwal = corridor["projects"][0]
    sahiwal.name = "Sahiwal coal power plant"
    sahiwal.save()
    text, stamp = footer_update(client.get(reverse("projects:source-list")))
    today = timezone.now().date().isoformat()
    assert text.startswith(f"Data version {version + 1}, last updated {today} ")
    assert stamp.startswith(today)


def _spread_history_over_days(days: int) -> datetime.date:
    """Puts every history row on one of `days` days before today, in turn."""
    first = timezone.now().date() - datetime.timedelta(days=days + 10)
    index = 0
    for model in HISTORY_MODELS:
        history = model.history.model
        for history_id in history.objects.values_list("history_id", flat=True):
            day = first + datetime.timedelta(days=index % days)
            history.objects.filter(history_id=history_id).update(
                history_date=datetime.datetime.combine(
                    day, datetime.time(12), tzinfo=datetime.UTC
                )
            )
            index += 1
    return first


def test_change_log_counts_edits_per_day_newest_first(client, corridor):
    _spread_history_over_days(CHANGE_LOG_DAYS + 2)
    every = Counter()
    for model in HISTORY_MODELS:
        every.update(model.history.values_list("history_type", flat=True))
    sahiwal, _, _, _, _, bare = corridor["projects"]
    sahiwal.name = "Sahiwal coal power plant"
    sahiwal.save()
    bare.delete()
    SourceFactory(title="A new report", slug="new-report")

    response = client.get(reverse("projects:about"))
    log = response.context["change_log"]
    today = timezone.now().date()
    assert log["days"][0] == {
        "day": today,
        "created": 1,
        "changed": 1,
        "deleted": 1,
        "total": 3,
    }
    # The latest days only; the totals count every day.
    assert len(log["days"]) == CHANGE_LOG_DAYS
    assert log["day_count"] == CHANGE_LOG_DAYS + 3
    assert log["total"] == every.total() + 3
    days = [d["day"] for d in log["days"]]
    assert days == sorted(days, reverse=True)
    html = response.content.decode()
    assert f'<time datetime="{today:%Y-%m-%d}">' in html
    assert 'href="/changes/"' in html


def test_about_page_queries(client, corridor, official, django_assert_num_queries):
    # The data version; the compared indicators and their headline citations
    # (with sources); projects by sector and status; the compared sectors;
    # sources by kind; edits by day (one UNION); the count of synthetic projects.
    with django_assert_num_queries(8):
        response = client.get(reverse("projects:about"))
    assert response.status_code == 200
    assert len(response.context["coverage"]["rows"]) == 3


def test_about_is_in_the_main_navigation_and_the_footer(client, corridor):
    response = client.get(reverse("projects:about"))
    nav = element(response, r'<nav aria-label="Main">(.*?)</nav>')
    assert re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', nav) == [
        ("/about/", "About")
    ]
    assert 'href="/about/"' in element(response, r"<footer.*?>(.*)</footer>")


def test_dashboard_headline_numbers_say_they_count_tracked_projects_only(
    client, corridor
):
    response = client.get(reverse("projects:home"))
    kpis = element(response, r'<section class="kpis".*?>(.*?)</section>')
    text = text_of(kpis)
    assert "Projects tracked here" in text
    assert "Sum of the known costs of 4 of the 6 projects tracked here" in text
    assert text.count("among the 6 tracked here") == 2
    assert "not the whole of CPEC" in text
    assert 'href="/about/#tracked"' in kpis
