"""Record names are text in every chart: plotly's HTML subset is escaped in them."""

import datetime
from decimal import Decimal

import pytest

from projects import charts
from projects.charts import MeetingRow, SectorPhaseRow
from projects.charts.base import plain
from projects.choices import MeetingKind
from tests.charts.helpers import TODAY, assert_valid_figure, project

MARKUP = '<a href="https://evil.example">Energy</a>'
ESCAPED = '&lt;a href="https://evil.example"&gt;Energy&lt;/a&gt;'


def hostile_project():
    return project(
        MARKUP,
        slug="evil",
        sector_name=MARKUP,
        location="<i>Sahiwal</i> & around",
        route=[
            {"place": "<b>A</b>", "latitude": 30.1, "longitude": 72.1},
            {"place": "B", "latitude": 30.2, "longitude": 72.2},
        ],
    )


def hostile_meeting():
    return MeetingRow(
        title=MARKUP,
        kind=MeetingKind.JCC,
        date=datetime.date(2024, 5, 1),
        number=3,
        slug="jcc-3",
    )


def texts(value) -> list[str]:
    """Every string in a figure or payload, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [text for item in value for text in texts(item)]
    return []


def hostile_sector_phase():
    return SectorPhaseRow(
        sector_name=MARKUP,
        sector_slug="evil",
        sector_color="#b35c00",
        phase_number=1,
        projects=2,
        with_cost=1,
        investment_usd_million=Decimal("1912"),
    )


CHARTS = {
    "investment": lambda: charts.investment_chart([hostile_sector_phase()]),
    "timeline": lambda: charts.timeline_chart(
        [hostile_project()], [hostile_meeting()], today=TODAY
    ),
    "map": lambda: charts.map_chart([hostile_project()]),
    "map-zoom": lambda: charts.map_chart([hostile_project()], zoom=True),
    "meetings": lambda: charts.meetings_chart([hostile_meeting()], today=TODAY),
}


@pytest.mark.parametrize("name", CHARTS)
def test_a_record_name_is_escaped_in_the_figure_and_plain_in_the_table(name):
    chart = CHARTS[name]()
    assert_valid_figure(chart)
    strings = texts(chart.payload)
    assert any("&lt;a href=" in text for text in strings)
    assert not [text for text in strings if "<a href=" in text]
    assert MARKUP in [cell for row in chart.rows for cell in row]
    assert not any("&lt;" in str(cell) for row in chart.rows for cell in row)


@pytest.mark.parametrize("name", ["timeline", "map", "meetings"])
def test_the_charts_own_markup_survives_around_an_escaped_name(name):
    strings = texts(CHARTS[name]().payload)
    bold = [
        t for t in strings if f"<b>{ESCAPED}</b>" in t or "<b>%{hovertext}</b>" in t
    ]
    assert bold
    assert any("<br>" in text for text in strings)


def test_the_timeline_shortens_a_name_before_escaping_it():
    long_name = "<b>" + "x" * 60
    chart = charts.timeline_chart([project(long_name, slug="long")], today=TODAY)
    yaxis = chart.figure["layout"]["yaxis"]
    assert yaxis["tickvals"] == [plain(long_name)]
    assert yaxis["ticktext"][0].startswith("&lt;b&gt;xx")
    assert chart.figure["data"][0]["y"][0] == plain(long_name)


def test_map_hover_escapes_location_and_route_places():
    strings = texts(charts.map_chart([hostile_project()]).figure)
    assert any("<br>&lt;i&gt;Sahiwal&lt;/i&gt; &amp; around<br>" in t for t in strings)
    assert any(t.endswith("</b><br>&lt;b&gt;A&lt;/b&gt;") for t in strings)


def test_plain_escapes_markup_and_ampersands_only():
    assert plain('<a href="x">R&D</a>') == '&lt;a href="x"&gt;R&amp;D&lt;/a&gt;'
    assert plain("Energy") == "Energy"
