"""Every chart title's claim, checked against the data in every filter state.

The dashboard is rendered for each phase x sector combination of the shipped
data (and with no data at all); each title is parsed and its numbers, names and
words such as "every" and "none" are recomputed from the database.
"""

import itertools
import re
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from projects import dashboard, selectors
from projects.choices import Province, Status
from projects.datafiles import load_data
from projects.models import Meeting, Phase, Project, Sector


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_data()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def filter_states():
    with transaction.atomic():
        phases = [None, *Phase.objects.order_by("number")]
        sectors = [None, *Sector.objects.order_by("slug")]
    return list(itertools.product(phases, sectors))


def check_investment(title: str, projects: list[Project]) -> None:
    known = defaultdict(Decimal)
    for p in projects:
        if p.cost_usd_million is not None:
            known[p.sector.name] += p.cost_usd_million
    costed = [p for p in projects if p.cost_usd_million is not None]
    if title == "No project has a known cost yet":
        assert not costed
        return
    note = re.search(r" \((\d+) of (\d+) projects? with a known cost\)$", title)
    if note:
        assert (int(note[1]), int(note[2])) == (len(costed), len(projects))
        title = title[: note.start()]
    else:
        assert len(costed) == len(projects)
    total = sum(known.values())
    if one := re.fullmatch(r"(.+): US\$([\d,]+) million of known cost", title):
        assert list(known) == [one[1]]
        assert int(one[2].replace(",", "")) == round(total)
        return
    top = re.fullmatch(r"(.+) holds (\d+)% of the known cost", title)
    assert top, title
    assert len(known) > 1 and max(known, key=known.get) == top[1]
    assert abs(int(top[2]) - 100 * known[top[1]] / total) <= Decimal("0.5")


def check_status(title: str, projects: list[Project]) -> None:
    match = re.fullmatch(r"(\d+) of (\d+) projects? (?:are|is) operational", title)
    assert match, title
    operational = sum(p.status == Status.OPERATIONAL for p in projects)
    assert (int(match[1]), int(match[2])) == (operational, len(projects))


def check_province(title: str, projects: list[Project]) -> None:
    counts = Counter(p.province for p in projects)
    several = counts.pop(Province.MULTIPLE, 0)
    labels = dict(Province.choices)
    if not counts:
        every = (
            "The one project spans" if several == 1 else f"All {several} projects span"
        )
        assert title == f"{every} several provinces"
        return
    if top := re.fullmatch(r"(.+) has the most projects \((\d+) of (\d+)\)", title):
        best = max(counts.values())
        winners = [labels[k] for k, v in counts.items() if v == best]
        assert winners == [top[1]] and int(top[2]) == best
        assert int(top[3]) == len(projects)
        return
    spread = re.fullmatch(
        r"Projects are spread over (\d+) provinces?(?:; (\d+) span several)?", title
    )
    assert spread, title
    assert int(spread[1]) == len(counts)
    assert int(spread[2] or 0) == several
    best = max(counts.values())
    assert sum(v == best for v in counts.values()) > 1


def check_timeline(title: str, projects: list[Project]) -> None:
    today = timezone.localdate()
    rows = [selectors.project_row(p) for p in projects]
    starts = [r.start_date.year for r in rows if r.start_date]
    if title == "Timeline of projects":
        assert not starts
        return
    sample = re.match(r"The (\d+) largest of (\d+) projects: ", title)
    if sample:
        # The claim is about the projects drawn: the largest by known cost.
        assert int(sample[2]) == len(rows) > int(sample[1])
        rows = largest(projects, int(sample[1]))
        starts = [r.start_date.year for r in rows if r.start_date]
        title = "Projects " + title[sample.end() :]
    match = re.fullmatch(r"Projects started from (\d{4}); (.+)", title)
    assert match, title
    assert int(match[1]) == min(starts)
    completions = [r for r in rows if r.completion_date]
    planned = sum(r.completion_is_planned(today) for r in rows)
    claim = match[2]
    if claim == "no completion date is known":
        assert not completions
    elif claim == "every known completion is past":
        assert completions and not planned
    else:
        number = re.fullmatch(r"(\d+) completions? (?:are|is) still planned", claim)
        assert number and int(number[1]) == planned, claim


def largest(projects: list[Project], n: int) -> list:
    """The rows the timeline draws: the n largest by known cost (tested with the
    selectors), read again from the database."""
    queryset = Project.objects.filter(pk__in=[p.pk for p in projects])
    rows = selectors.project_chart_rows(projects=queryset, limit=dashboard.MAP_LIMIT)
    return selectors.largest_rows(rows, n)


def check_map(title: str, projects: list[Project]) -> None:
    placed = [p for p in projects if p.has_coordinates]
    provinces = {p.province for p in placed} - {Province.MULTIPLE}
    match = re.fullmatch(r"(\d+) projects? mapped in (\d+) provinces?", title)
    assert match, title
    assert (int(match[1]), int(match[2])) == (len(placed), len(provinces))


def check_meetings(title: str, phase) -> None:
    meetings = Meeting.objects.all()
    if phase is not None:
        meetings = meetings.filter(phase=phase)
    dated = [m.date.year for m in meetings if m.date]
    match = re.fullmatch(
        r"(\d+) meetings?(?:, (\d+) of them dated)? (?:in (\d{4})|from (\d{4}) to "
        r"(\d{4}))",
        title,
    )
    assert match, title
    assert int(match[1]) == meetings.count()
    assert int(match[2] or match[1]) == len(dated)
    assert int(match[3] or match[4]) == min(dated)
    assert int(match[3] or match[5]) == max(dated)


def check_headline_numbers(html: str, projects: list[Project]) -> None:
    """The headline numbers say how many tracked projects they count, and no more."""
    kpis = re.search(r'<section class="kpis".*?</section>', html, re.S)[0]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", kpis))
    costed = sum(p.cost_usd_million is not None for p in projects)
    sums = re.findall(r"known costs of (\d+) of the (\d+) projects? tracked here", text)
    assert sums == [(str(costed), str(len(projects)))], text
    among = re.findall(r"among the (\d+) tracked here", text)
    assert among == [str(len(projects))] * 2, text
    assert "not the whole of CPEC" in text and 'href="/about/#tracked"' in kpis


CHECKS = {
    "investment": check_investment,
    "status": check_status,
    "province": check_province,
    "timeline": check_timeline,
    "map": check_map,
}


@pytest.mark.django_db
def test_every_title_is_true_in_every_filter_state(shipped, client):
    checked = Counter()
    for phase, sector in filter_states():
        query = {
            name: value.slug
            for name, value in (("phase", phase), ("sector", sector))
            if value
        }
        response = client.get("/", query)
        assert response.status_code == 200, query
        projects = Project.objects.select_related("phase", "sector")
        if phase:
            projects = projects.filter(phase=phase)
        if sector:
            projects = projects.filter(sector=sector)
        projects = list(projects)
        check_headline_numbers(response.content.decode(), projects)
        checked["headline numbers"] += 1
        for chart in response.context["charts"]:
            if chart.empty:
                # Empty only when there is nothing of its kind to draw.
                drawable = [p for p in projects if p.has_coordinates]
                if chart.slug != "map":
                    drawable = [] if chart.slug == "meetings" else projects
                assert not drawable, (query, chart.slug)
                continue
            if chart.slug == "meetings":
                check_meetings(chart.title, phase)
            else:
                CHECKS[chart.slug](chart.title, projects)
            checked[chart.slug] += 1
    # Every kind of title was read, in more than one state.
    assert set(checked) == {*CHECKS, "meetings", "headline numbers"}
    assert min(checked.values()) > 1
