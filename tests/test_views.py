"""The server-rendered pages: status, context, filters, query counts, empty data."""

import csv
import datetime
import gzip
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import brotli
import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.urls import reverse

from projects.choices import STATUS_COLORS, MeetingKind, Province, Status
from projects.models import (
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
)
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("projects:home"),
    reverse("projects:project-list"),
    reverse("projects:meeting-list"),
    reverse("projects:source-list"),
]
JS_BUDGET_BYTES = 500 * 1024


def warm_content_types():
    """Content types are cached per process; warm them so counts do not depend on
    which test ran first."""
    for model in (Project, Phase, Meeting, Indicator, Source, Citation):
        ContentType.objects.get_for_model(model)


@pytest.fixture
def corridor():
    """Two phases, three sectors, six projects (some with unknowns), meetings,
    sources with conflicting citations, and the two trade figures."""
    phase1 = PhaseFactory(
        number=1,
        name="Early harvest",
        slug="phase-i",
        start_year=2015,
        end_year=2020,
        reported_investment_usd_million=Decimal("33000"),
    )
    phase2 = PhaseFactory(
        number=2, name="Industrial", slug="phase-ii", start_year=2021, end_year=None
    )
    energy = SectorFactory(name="Energy", slug="energy", color="#b35c00")
    transport = SectorFactory(name="Transport", slug="transport", color="#1d70b8")
    zones = SectorFactory(name="Special economic zones", slug="sez", color="#00703c")
    sahiwal = ProjectFactory(
        name="Sahiwal power plant", slug="sahiwal", phase=phase1, sector=energy
    )
    qasim = ProjectFactory(
        name="Port Qasim power plant",
        slug="port-qasim",
        phase=phase1,
        sector=energy,
        province=Province.SINDH,
        start_date=datetime.date(2015, 5, 1),
        start_date_precision="month",
    )
    orange = ProjectFactory(
        name="Orange Line",
        slug="orange-line",
        phase=phase1,
        sector=transport,
        capacity=Decimal("27"),
        capacity_unit="km",
        cost_usd_million=Decimal("1600"),
    )
    ml1 = ProjectFactory(
        name="ML-1 railway",
        slug="ml-1",
        phase=phase2,
        sector=transport,
        status=Status.PLANNED,
        province=Province.MULTIPLE,
        capacity=Decimal("1726"),
        capacity_unit="km",
        cost_usd_million=Decimal("6700"),
        latitude=None,
        longitude=None,
        start_date=datetime.date(2026, 1, 1),
        start_date_precision="year",
        completion_date=datetime.date(2032, 1, 1),
        completion_date_precision="year",
    )
    rashakai = ProjectFactory(
        name="Rashakai zone",
        slug="rashakai",
        phase=phase2,
        sector=zones,
        status=Status.UNDER_CONSTRUCTION,
        province=Province.KHYBER_PAKHTUNKHWA,
        cost_usd_million=None,
        capacity=None,
        capacity_unit="",
        completion_date=None,
    )
    bare = ProjectFactory(
        name="Bare project",
        slug="bare",
        phase=phase2,
        sector=zones,
        status=Status.PLANNED,
        province=Province.BALOCHISTAN,
        location="",
        latitude=None,
        longitude=None,
        capacity=None,
        capacity_unit="",
        cost_usd_million=None,
        start_date=None,
        completion_date=None,
    )
    jcc14 = MeetingFactory(
        kind=MeetingKind.JCC,
        number=14,
        title="14th JCC",
        slug="jcc-14",
        date=datetime.date(2025, 9, 26),
        phase=phase2,
    )
    jcc13 = MeetingFactory(
        kind=MeetingKind.JCC,
        number=13,
        title="13th JCC",
        slug="jcc-13",
        date=datetime.date(2024, 7, 1),
        date_precision="month",
        phase=phase2,
    )
    summit = MeetingFactory(
        kind=MeetingKind.SUMMIT, number=None, title="Summit", slug="summit", date=None
    )
    jcc14.projects.add(sahiwal, ml1)
    jcc13.projects.add(rashakai)
    article = SourceFactory(title="The article", slug="article")
    other = SourceFactory(title="Another report", slug="other")
    CitationFactory(
        source=article,
        content_object=sahiwal,
        field="cost_usd_million",
        reported_value="$1.912bn",
        locator="paragraph 3",
        is_headline=True,
    )
    CitationFactory(
        source=other,
        content_object=sahiwal,
        field="cost_usd_million",
        reported_value="about $1.8bn",
        locator="paragraph 5",
    )
    CitationFactory(source=article, content_object=sahiwal, locator="paragraph 1")
    CitationFactory(source=article, content_object=orange, field="capacity")
    imports = IndicatorFactory(
        name="China's annual imports", value=Decimal("2"), unit="US$ trillion"
    )
    IndicatorFactory(
        name="Pakistan's exports to China", value=Decimal("3"), unit="US$ billion"
    )
    CitationFactory(source=article, content_object=imports, locator="paragraph 6")
    CitationFactory(source=other, content_object=jcc14, locator="paragraph 1")
    warm_content_types()
    return {
        "phases": (phase1, phase2),
        "sectors": (energy, transport, zones),
        "projects": (sahiwal, qasim, orange, ml1, rashakai, bare),
        "meetings": (jcc14, jcc13, summit),
        "sources": (article, other),
    }


class ScriptParser(HTMLParser):
    """Collects <script> tags and external references of a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[str] = []
        self.inline_handlers: list[str] = []
        self._in_script = False
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.inline_handlers += [name for name in attrs if name.startswith("on")]
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = True
        if tag == "link" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)


def parse(response) -> ScriptParser:
    parser = ScriptParser()
    parser.feed(response.content.decode())
    return parser


def chart_slugs(response) -> list[str]:
    return [chart.slug for chart in response.context["charts"]]


# The dashboard ----------------------------------------------------------------


def test_dashboard_shows_headline_numbers_and_every_chart(client, corridor):
    response = client.get(reverse("projects:home"))
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["projects"] == 6
    assert totals["unknown_cost"] == 2
    # 1,912 + 1,912 + 1,600 + 6,700; unknown costs are not zeros in the sum.
    assert totals["investment_usd_million"] == Decimal("12124.00")
    assert totals["operational_mw"] == Decimal("2640")
    assert totals["road_rail_km"] == Decimal("1753")
    assert chart_slugs(response) == [
        "investment",
        "status",
        "province",
        "timeline",
        "map",
        "trade",
        "meetings",
    ]
    (comparison,) = response.context["phase_comparisons"]
    assert comparison["reported"] == 33000.0
    assert comparison["tracked"] == 5424.0
    html = response.content.decode()
    assert html.count('class="chart"') == 7
    assert html.count('class="chart-table"') == 7
    assert "US$33,000 million" in html


def test_dashboard_filters_apply_to_every_figure(client, corridor):
    response = client.get(reverse("projects:home"), {"phase": "phase-ii"})
    assert response.context["totals"]["projects"] == 3
    assert response.context["phase"]["number"] == 2
    charts = {c.slug: c for c in response.context["charts"]}
    assert {row[0] for row in charts["map"].rows} == {
        "ML-1 railway",
        "Rashakai zone",
        "Bare project",
    }
    # Meetings narrow to the phase; the undated summit belongs to none.
    assert [row[0] for row in charts["meetings"].rows] == ["13th JCC", "14th JCC"]

    response = client.get(
        reverse("projects:home"), {"phase": "phase-i", "sector": "transport"}
    )
    assert response.context["totals"]["projects"] == 1
    assert response.context["sector"].slug == "transport"
    assert "Showing Phase 1: Early harvest, the Transport sector" in (
        response.content.decode()
    )


def test_dashboard_form_has_only_labelled_phase_and_sector_selects(client, corridor):
    response = client.get(reverse("projects:home"))
    form = response.context["form"]
    assert list(form.fields) == ["phase", "sector"]
    html = response.content.decode()
    assert '<label for="id_phase">Phase</label>' in html
    assert '<label for="id_sector">Sector</label>' in html
    assert '<option value="phase-ii">Phase 2: Industrial</option>' in html
    assert '<option value="sez">Special economic zones</option>' in html


@pytest.mark.parametrize("phase", ["2", "phase-ii"])
def test_dashboard_phase_select_shows_a_phase_given_by_number_or_slug(
    client, corridor, phase
):
    response = client.get(reverse("projects:home"), {"phase": phase})
    html = response.content.decode()
    assert '<option value="phase-ii" selected>Phase 2: Industrial</option>' in html


def test_dashboard_unknown_filter_value_is_a_form_error_not_a_500(client, corridor):
    response = client.get(reverse("projects:home"), {"sector": "nope"})
    assert response.status_code == 200
    assert "sector" in response.context["form"].errors
    assert response.context["totals"]["projects"] == 0
    assert "There is a problem with the filters" in response.content.decode()


def test_dashboard_renders_with_an_empty_database(client):
    response = client.get(reverse("projects:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There are no projects yet." in html
    assert all(chart.empty for chart in response.context["charts"])
    assert 'class="chart"' not in html
    assert response.context["totals"]["investment_usd_million"] is None


def test_dashboard_downloads_exactly_the_table_of_a_chart(client, corridor):
    response = client.get(
        reverse("projects:home"), {"download": "status", "phase": "phase-i"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="cpec-status.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Status", "Projects", "Known cost (US$ million)"]
    assert rows[1] == ["Planned", "0", ""]
    assert rows[3] == ["Operational", "3", "5424.0"]
    assert client.get(reverse("projects:home"), {"download": "x"}).status_code == 404


def test_dashboard_has_no_inline_script_and_loads_nothing_from_elsewhere(
    client, corridor
):
    page = parse(client.get(reverse("projects:home")))
    for script in page.scripts:
        assert script.get("src") or script.get("type") == "application/json"
        assert not script.get("src", "").startswith(("http:", "https:", "//"))
    assert not [href for href in page.links if "//" in href]
    assert page.inline_handlers == []
    sources = [s["src"] for s in page.scripts if s.get("src")]
    assert any("plotly-custom.min.js" in src for src in sources)


def test_dashboard_javascript_is_within_its_budget(client):
    """The scripts a dashboard loads, compressed as whitenoise serves them."""
    page = parse(client.get(reverse("projects:home")))
    prefix = "/static/"
    paths = [s["src"].removeprefix(prefix) for s in page.scripts if s.get("src")]
    assert len(paths) == 2
    raw = b"".join(open(finders.find(path), "rb").read() for path in paths)
    assert len(gzip.compress(raw, compresslevel=9)) <= JS_BUDGET_BYTES
    assert len(brotli.compress(raw, quality=11)) <= JS_BUDGET_BYTES


def test_status_badges_use_the_chart_status_colours():
    css = open(finders.find("css/site.css")).read()
    for status, color in STATUS_COLORS.items():
        assert re.search(rf"\.badge-{status}\s*\{{\s*--badge:\s*{color};", css), status


def test_navigation_marks_the_current_page(client):
    html = client.get(reverse("projects:project-list")).content.decode()
    assert 'href="/projects/" aria-current="page"' in html
    assert '<html lang="en-GB">' in html
    assert 'href="/changes/"' in html


# The project list -------------------------------------------------------------


def test_project_list_uses_the_filterset(client, corridor):
    url = reverse("projects:project-list")
    response = client.get(url, {"status": "planned"})
    assert [p.slug for p in response.context["projects"]] == ["bare", "ml-1"]
    response = client.get(url, {"phase": "2", "q": "rail"})
    assert [p.slug for p in response.context["projects"]] == ["ml-1"]
    response = client.get(url, {"min_cost": "2000"})
    assert [p.slug for p in response.context["projects"]] == ["ml-1"]
    response = client.get(url, {"started_after": "2026"})
    assert [p.slug for p in response.context["projects"]] == ["ml-1"]


def test_project_list_sorts_by_a_column_and_marks_it(client, corridor):
    url = reverse("projects:project-list")
    response = client.get(url, {"ordering": "-cost_usd_million"})
    slugs = [p.slug for p in response.context["projects"]]
    assert slugs[0] == "ml-1"
    # Unknown costs sort last, either way.
    assert set(slugs[-2:]) == {"rashakai", "bare"}
    header = next(
        h for h in response.context["headers"] if h["label"].startswith("Cost")
    )
    assert header["direction"] == "descending"
    assert header["param"] == "cost_usd_million"
    assert 'aria-sort="descending"' in response.content.decode()


def test_project_list_every_filter_is_a_labelled_control(client, corridor):
    response = client.get(reverse("projects:project-list"))
    html = response.content.decode()
    for field in response.context["form"]:
        assert f'<label for="{field.id_for_label}">' in html
        assert f'id="{field.id_for_label}"' in html


def test_project_list_choices_have_plain_names(client, corridor):
    response = client.get(reverse("projects:project-list"))
    form = response.context["form"]
    assert list(form.fields["province"].choices)[0] == ("", "Any province")
    ordering = dict(form.fields["ordering"].choices)
    assert ordering[""] == "Default order"
    assert ordering["-cost_usd_million"] == "Cost, highest first"
    assert "---------" not in response.content.decode()


def test_project_list_invalid_filters_show_errors_not_a_500(client, corridor):
    response = client.get(
        reverse("projects:project-list"),
        {"phase": "9", "min_cost": "abc", "ordering": "nonsense"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"phase", "min_cost", "ordering"}
    assert list(response.context["projects"]) == []
    html = response.content.decode()
    assert "There is a problem with the filters" in html
    assert 'href="#id_min_cost"' in html
    # Each control with an error points at its message.
    assert 'aria-describedby="id_min_cost-error"' in html
    assert 'id="id_min_cost-error"' in html


def test_project_list_paginates_and_keeps_the_query(client, corridor):
    ProjectFactory.create_batch(30, status=Status.OPERATIONAL, province="sindh")
    url = reverse("projects:project-list")
    response = client.get(url, {"province": "sindh"})
    page = response.context["page"]
    assert page.paginator.count == 31
    assert len(response.context["projects"]) == 25
    html = response.content.decode()
    assert 'href="?province=sindh&amp;page=2"' in html
    assert 'href="/api/projects/?province=sindh&amp;format=csv"' in html
    second = client.get(url, {"province": "sindh", "page": "2"})
    assert len(second.context["projects"]) == 6
    # A page that is not there falls back to the last one, not to an error.
    assert client.get(url, {"page": "99"}).status_code == 200


def test_project_list_pages_by_25(client, corridor):
    ProjectFactory.create_batch(30)
    response = client.get(reverse("projects:project-list"), {"phase": "1"})
    assert len(response.context["projects"]) == 25


def test_project_list_empty(client):
    response = client.get(reverse("projects:project-list"))
    assert response.status_code == 200
    assert "There are no projects yet." in response.content.decode()


# One project ------------------------------------------------------------------


def test_project_detail_shows_every_field_and_its_sources(client, corridor):
    response = client.get(reverse("projects:project-detail", args=["sahiwal"]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Sahiwal", "1,320 MW", "US$1,912 million", "2015-07-31", "30.71422"):
        assert text in html
    groups = {g["field"]: g for g in response.context["citation_groups"]}
    cost = groups["cost_usd_million"]
    assert cost["conflict"] is True
    assert cost["label"] == "Cost (US$ million)"
    # The headline value comes first, beside the figure that disagrees.
    assert [c.reported_value for c in cost["citations"]] == ["$1.912bn", "about $1.8bn"]
    assert "sources disagree" in html
    assert groups[""]["conflict"] is False
    assert [m.slug for m in response.context["meetings"]] == ["jcc-14"]
    assert [c.slug for c in response.context["charts"]] == ["location", "dates"]


def test_differently_worded_descriptions_are_no_conflict(client, corridor):
    project = corridor["projects"][1]
    for value in ("A coal plant", "An imported-coal power station"):
        CitationFactory(
            content_object=project, field="description", reported_value=value
        )
    for value in ("$1.95bn", "$2.09bn"):
        CitationFactory(
            content_object=project, field="cost_usd_million", reported_value=value
        )
    response = client.get(project.get_absolute_url())
    groups = {g["field"]: g for g in response.context["citation_groups"]}
    assert groups["description"]["conflict"] is False
    assert groups["cost_usd_million"]["conflict"] is True


def test_project_detail_with_nothing_known_says_so(client, corridor):
    response = client.get(reverse("projects:project-detail", args=["bare"]))
    assert response.status_code == 200
    assert response.context["charts"] == []
    html = response.content.decode()
    assert html.count('<span class="unknown">unknown</span>') >= 7
    assert "No source is cited for this project yet." in html
    assert "plotly-custom" not in html


def test_project_detail_year_precision_is_not_shown_as_1_january(client, corridor):
    response = client.get(reverse("projects:project-detail", args=["ml-1"]))
    # The figure's JSON places the mark at 2026-01-01; no text shows that date.
    html = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    assert "2026-01-01" not in html
    assert "<dt>Start</dt><dd>2026</dd>" in html
    timeline = next(c for c in response.context["charts"] if c.slug == "dates")
    assert "Start: 2026<br>" in timeline.figure["data"][0]["text"][0]


def test_project_detail_history_lists_changed_fields(client, corridor):
    project = corridor["projects"][0]
    project.cost_usd_million = Decimal("1800")
    project.status = Status.SUSPENDED
    project.save()
    response = client.get(project.get_absolute_url())
    latest, first = response.context["history"][:2]
    assert latest.type == "changed"
    assert {c.name for c in latest.changes} == {"cost_usd_million", "status"}
    assert first.type == "created"
    assert "Cost (US$ million)" in response.content.decode()


def test_project_detail_shows_its_history(client, corridor):
    project = corridor["projects"][0]
    for _ in range(3):
        project.save()
    CitationFactory.create_batch(3, content_object=project)
    response = client.get(project.get_absolute_url())
    assert len(response.context["history"]) == 4


def test_project_detail_404(client):
    assert client.get("/projects/nope/").status_code == 404


# Phases, sectors, meetings, sources -------------------------------------------


def test_phase_page_narrows_to_the_phase(client, corridor):
    response = client.get(reverse("projects:phase-detail", args=["phase-ii"]))
    assert response.context["group"].number == 2
    assert response.context["totals"]["projects"] == 3
    assert "trade" in chart_slugs(response)
    assert len(response.context["project_rows"]) == 3


def test_sector_page_narrows_to_the_sector(client, corridor):
    response = client.get(reverse("projects:sector-detail", args=["transport"]))
    assert response.status_code == 200
    assert response.context["totals"]["projects"] == 2
    # Meetings and trade figures are not a sector's.
    assert "meetings" not in chart_slugs(response)
    html = response.content.decode()
    assert "Orange Line" in html and "Sahiwal power plant" not in html


def test_empty_sector_page_renders(client):
    sector = SectorFactory(name="Agriculture", slug="agriculture")
    response = client.get(sector.get_absolute_url())
    assert response.status_code == 200
    assert "There are no projects here yet." in response.content.decode()


def test_meeting_list_filters(client, corridor):
    response = client.get(reverse("projects:meeting-list"))
    assert [m.slug for m in response.context["meetings"]] == [
        "jcc-13",
        "jcc-14",
        "summit",
    ]
    response = client.get(reverse("projects:meeting-list"), {"kind": "summit"})
    assert [m.slug for m in response.context["meetings"]] == ["summit"]
    response = client.get(reverse("projects:meeting-list"), {"year": "abc"})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors


def test_meeting_list_empty(client):
    response = client.get(reverse("projects:meeting-list"))
    assert response.status_code == 200
    assert "There are no meetings yet." in response.content.decode()


def test_meeting_detail_lists_its_projects(client, corridor, django_assert_num_queries):
    jcc14 = corridor["meetings"][0]
    CitationFactory(content_object=jcc14, field="date", reported_value="26 September")
    CitationFactory(content_object=jcc14, field="city", reported_value="Beijing")
    # The data version; the meeting with its phase, its projects (with phase and
    # sector), its citations (with sources); the count of synthetic projects.
    with django_assert_num_queries(5):
        response = client.get(reverse("projects:meeting-detail", args=["jcc-14"]))
    assert [p.slug for p in response.context["projects"]] == ["ml-1", "sahiwal"]
    html = response.content.decode()
    assert "2025-09-26" in html and "Another report" in html
    assert "<strong>Date</strong>: 26 September" in html


def test_source_list_shows_what_each_source_supports(
    client, corridor, django_assert_num_queries
):
    # The data version; sources; their citations; the projects, meetings and
    # indicators cited; the count of synthetic projects (cached).
    with django_assert_num_queries(7):
        response = client.get(reverse("projects:source-list"))
    html = response.content.decode()
    assert 'id="article"' in html
    assert "Supports 4 facts" in html
    assert 'href="/projects/sahiwal/"' in html
    assert "$1.912bn" in html
    assert "China&#x27;s annual imports" in html


@pytest.mark.parametrize("url", PAGES)
def test_list_pages_render_with_an_empty_database(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "yet" in response.content.decode()


def test_every_page_renders_with_the_shipped_data(client):
    from projects.datafiles import load_data

    load_data()
    urls = [*PAGES, "/projects/?ordering=-cost_usd_million&page=1"]
    urls += [p.get_absolute_url() for p in Project.objects.all()]
    urls += [m.get_absolute_url() for m in Meeting.objects.all()]
    urls += [p.get_absolute_url() for p in Phase.objects.all()]
    urls += [s.get_absolute_url() for s in Sector.objects.all()]
    responses = {}
    for url in urls:
        responses[url] = client.get(url)
        assert responses[url].status_code == 200, url
    dashboard = responses[reverse("projects:home")]
    assert not any(chart.empty for chart in dashboard.context["charts"])
    trade = next(c for c in dashboard.context["charts"] if c.slug == "trade")
    assert len(trade.figure["data"][0]["x"]) == 2


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projects/",
        "/projects/sahiwal/",
        "/projects/bare/",
        "/phases/phase-i/",
        "/sectors/energy/",
        "/meetings/",
        "/meetings/jcc-14/",
        "/sources/",
    ],
)
def test_headings_are_in_order_and_controls_are_labelled(client, corridor, url):
    html = client.get(url).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for control_id in re.findall(r"<(?:select|input)[^>]*\bid=\"([^\"]+)\"", html):
        assert f'<label for="{control_id}">' in html, control_id
    assert "<main" in html and "<nav" in html and "<footer" in html


def test_phase_page_shows_each_figure_with_its_source_and_locator(client, corridor):
    phase = Phase.objects.get(slug="phase-ii")
    source = SourceFactory(title="Planning ministry briefing", kind="official")
    CitationFactory(
        source=source,
        content_object=phase,
        field="start_year",
        reported_value="2025",
        locator="paragraph 7",
    )
    html = client.get(reverse("projects:phase-detail", args=["phase-ii"])).content
    html = html.decode()
    assert "What the sources say" in html
    assert "Planning ministry briefing" in html and "paragraph 7" in html
    assert "Official" in html
