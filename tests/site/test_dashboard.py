"""The dashboard: headline numbers, charts, filters, downloads and its scripts."""

import csv
import gzip
import io
import re
from decimal import Decimal

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import PhaseFactory, SectorFactory
from tests.site.helpers import chart_slugs, parse

pytestmark = pytest.mark.django_db

JS_BUDGET_BYTES = 500 * 1024


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
    # Shown to the kilometre: the sources give no finer lengths.
    assert "1,753 km" in response.content.decode()
    assert chart_slugs(response) == [
        "investment",
        "status",
        "province",
        "timeline",
        "map",
        "meetings",
    ]
    (comparison,) = response.context["phase_comparisons"]
    assert comparison["reported"] == 33000.0
    assert comparison["tracked"] == 5424.0
    html = response.content.decode()
    assert html.count('class="chart"') == 6
    assert html.count('class="chart-table"') == 6
    assert "US$33,000 million" in html


def test_dashboard_splits_road_and_rail_into_new_build_and_upgrade(client, corridor):
    from projects.models import Project

    def road_rail():
        response = client.get(reverse("projects:home"))
        totals = response.context["totals"]
        keys = ("road_rail_new_km", "road_rail_upgrade_km", "road_rail_unstated_km")
        return [totals[key] for key in keys], response.content.decode()

    # No source says yet whether the Orange Line or ML-1 is new: all not stated.
    split, html = road_rail()
    assert split == [None, None, Decimal("1753")]
    assert "0 km new build, 0 km upgrade of existing lines, 1,753 km not stated" in html
    for slug, works in (("ml-1", "upgrade"), ("orange-line", "new")):
        project = Project.objects.get(slug=slug)
        project.works = works
        project.save()
    split, html = road_rail()
    assert split == [Decimal("27"), Decimal("1726"), None]
    assert "27 km new build, 1,726 km upgrade of existing lines." in html
    assert "1,753 km" in html


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


def options_of(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<option value="([\w-]*)"(?: selected)?>([^<]*)</option>', html)


def test_dashboard_form_has_only_labelled_phase_and_sector_selects(client, corridor):
    SectorFactory(name="Empty", slug="empty")
    PhaseFactory(number=3, name="Later", slug="phase-iii")
    response = client.get(reverse("projects:home"))
    form = response.context["form"]
    assert list(form.fields) == ["phase", "sector"]
    html = response.content.decode()
    assert '<label for="id_phase">Phase</label>' in html
    assert '<label for="id_sector">Sector</label>' in html
    # Only phases and sectors with projects, each with how many.
    phases = [o for o in options_of(html) if o[0].startswith("phase-")]
    assert phases == [
        ("phase-i", "Phase 1: Early harvest (3)"),
        ("phase-ii", "Phase 2: Industrial (3)"),
    ]
    sectors = [
        o for o in options_of(html) if o[0] in {"sez", "energy", "transport", "empty"}
    ]
    assert sectors == [
        ("energy", "Energy (2)"),
        ("sez", "Special economic zones (2)"),
        ("transport", "Transport (2)"),
    ]


@pytest.mark.parametrize("phase", ["2", "phase-ii"])
def test_dashboard_phase_select_shows_a_phase_given_by_number_or_slug(
    client, corridor, phase
):
    response = client.get(reverse("projects:home"), {"phase": phase})
    html = response.content.decode()
    assert '<option value="phase-ii" selected>Phase 2: Industrial (3)</option>' in html


def test_dashboard_unknown_filter_value_is_a_form_error_not_a_500(client, corridor):
    response = client.get(reverse("projects:home"), {"sector": "nope"})
    assert response.status_code == 400
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
    # The provenance lines first (projects.site.downloads), an empty row, the table.
    blank = rows.index([])
    assert [row[0] for row in rows[:blank]] == [
        "Title",
        "Source",
        "Licence",
        "Data version",
        "Last updated",
    ]
    table = rows[blank + 1 :]
    assert table[0] == ["Status", "Projects", "Known cost (US$ million)"]
    assert table[1] == ["Planned", "0", ""]
    assert table[3] == ["Operational", "3", "5424.0"]
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
    # plotly.js is not a script of the page: the loader fetches it, from here.
    sources = [s["src"] for s in page.scripts if s.get("src")]
    assert not any("plotly" in src for src in sources)
    loaders = [s["data-plotly"] for s in page.scripts if s.get("data-plotly")]
    assert len(loaders) == 1 and loaders[0].startswith("/static/vendor/plotly-custom")


def test_dashboard_javascript_is_within_its_budget(client):
    """The scripts a dashboard loads, plotly.js with them once a chart is near,
    compressed as whitenoise serves them."""
    page = parse(client.get(reverse("projects:home")))
    prefix = "/static/"
    paths = [s["src"].removeprefix(prefix) for s in page.scripts if s.get("src")]
    assert len(paths) == 2
    paths += [
        s["data-plotly"].removeprefix(prefix)
        for s in page.scripts
        if s.get("data-plotly")
    ]
    assert len(paths) == 3
    raw = b"".join(open(finders.find(path), "rb").read() for path in paths)
    assert len(gzip.compress(raw, compresslevel=9)) <= JS_BUDGET_BYTES
    assert len(brotli.compress(raw, quality=11)) <= JS_BUDGET_BYTES


def test_the_empty_dashboard_claims_nothing(client):
    response = client.get("/")
    assert response.status_code == 200
    for chart in response.context["charts"]:
        assert chart.empty, chart.slug
        assert not re.search(r"\d", chart.title), chart.title


FORMULA = '=HYPERLINK("http://x","y")'
MARKUP = '<a href="https://evil.example">Energy</a>'


@pytest.fixture
def hostile_names():
    """A sector named in markup; projects and a meeting named like formulas."""
    from tests.factories import MeetingFactory, ProjectFactory

    phase = PhaseFactory(number=7, name="Phase VII", slug="phase-vii")
    sector = SectorFactory(name=MARKUP, slug="evil", color="#b35c00")
    names = [FORMULA, "+cmd", "-1+1", "@SUM(1)", "\tTabbed"]
    for index, name in enumerate(names):
        ProjectFactory(
            name=name,
            slug=f"hostile-{index}",
            phase=phase,
            sector=sector,
            cost_usd_million=Decimal("12.5"),
        )
    MeetingFactory(title="@SUM(1) meeting", slug="sum-meeting")


def chart_cells(client, url: str) -> list[str]:
    """Every cell of every chart's CSV on the page at `url`."""
    cells = []
    for slug in [c.slug for c in client.get(url).context["charts"]]:
        response = client.get(url, {"download": slug})
        assert response["Content-Type"].startswith("text/csv")
        rows = csv.reader(io.StringIO(response.content.decode()))
        cells += [cell for row in rows for cell in row]
    return cells


@pytest.mark.parametrize(
    "url", ["/", "/sectors/evil/", "/phases/phase-vii/", "/meetings/"]
)
def test_chart_csvs_quote_formulas_and_keep_markup_names_plain(
    client, hostile_names, url
):
    cells = chart_cells(client, url)
    formulas = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert formulas == []
    if url == "/meetings/":
        assert "'@SUM(1) meeting" in cells
        return
    assert {f"'{FORMULA}", "'+cmd", "'-1+1", "'@SUM(1)", "'\tTabbed"} <= set(cells)
    # The CSV gets the name as written, not the escaped text of the charts.
    assert MARKUP in cells
    assert not any("&lt;" in c for c in cells)
    # A number stays a number.
    assert "12.5" in cells or "62.5" in cells


@pytest.mark.parametrize("url", ["/", "/sectors/evil/", "/phases/phase-vii/"])
def test_a_markup_name_is_text_in_the_tables_and_the_figures(
    client, hostile_names, url
):
    response = client.get(url)
    page = response.content.decode()
    assert '<a href="https://evil.example">' not in page
    # The tables under the charts, autoescaped by Django.
    assert "&lt;a href=&quot;https://evil.example&quot;&gt;Energy&lt;/a&gt;" in page
    figures = [c.figure for c in response.context["charts"]]
    assert "&lt;a href=" in str(figures) and "<a href=" not in str(figures)
