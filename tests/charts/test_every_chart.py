"""What every chart shares: empty figures, width, sources and the project row."""

import datetime

import pytest

from projects import charts
from projects.charts import MeetingRow
from projects.choices import MeetingKind, Province, Status
from tests.charts.helpers import TODAY, assert_valid_figure, project, sector_phase, stat


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.investment_chart([]),
        lambda: charts.timeline_chart([], today=TODAY),
        lambda: charts.map_chart([]),
        lambda: charts.meetings_chart([], today=TODAY),
    ],
)
def test_empty_charts_are_valid_and_say_there_is_nothing(build):
    chart = build()
    assert_valid_figure(chart)
    assert chart.empty
    assert "no " in chart.summary.lower()


@pytest.mark.parametrize(
    ("build", "wide"),
    [
        (lambda rows: charts.investment_chart(rows), True),
        (lambda rows: charts.timeline_chart(rows, today=TODAY), True),
        (lambda rows: charts.timeline_chart(rows, today=TODAY, slug="dates"), True),
        (lambda rows: charts.map_chart(rows), True),
        (lambda rows: charts.map_chart(rows, slug="location", zoom=True), True),
        (lambda rows: charts.status_chart(rows), False),
        (lambda rows: charts.province_chart(rows), False),
        (lambda rows: charts.meetings_chart(rows, today=TODAY), False),
    ],
)
def test_full_width_is_a_property_of_the_chart_drawn_or_empty(build, wide):
    assert build([]).wide is wide
    drawn = {
        "investment": [sector_phase("Energy", "#b35c00", 1, 1, 1, "10")],
        "timeline": [project("A")],
        "dates": [project("A")],
        "map": [project("A")],
        "location": [project("A")],
        "status": [stat(Status.PLANNED, "Planned", 1, "0", 1)],
        "province": [stat(Province.SINDH, "Sindh", 1, "0", 1)],
        "meetings": [
            MeetingRow(title="JCC", kind=MeetingKind.JCC, date=TODAY),
        ],
    }[build([]).slug]
    chart = build(drawn)
    assert not chart.empty
    assert chart.wide is wide


def test_sources_are_given_when_the_chart_is_built():
    sources = ["a source", "another"]
    drawn = charts.map_chart([project("A")], sources=sources)
    empty = charts.meetings_chart([], sources=sources)
    assert drawn.sources == empty.sources == sources
    assert charts.status_chart([]).sources == []


def test_a_project_row_reads_as_the_project_table_reads_a_project():
    row = project(
        "Yearly",
        status=Status.UNDER_CONSTRUCTION,
        start_date=datetime.date(2016, 1, 1),
        start_date_precision="year",
        completion_date=None,
    )
    assert row.status_label == "Under construction"
    assert (row.start_date_display, row.completion_date_display) == ("2016", None)
    assert row.has_date and row.has_coordinates
    assert not project("X", latitude=None).has_coordinates


def test_marks_name_the_page_they_open():
    investment = charts.investment_chart(
        [sector_phase("Energy", "#b35c00", 1, 1, 1, "9")]
    )
    assert investment.figure["data"][0]["ids"] == ["/sectors/energy/"]
    status = charts.status_chart([stat(Status.PLANNED, "Planned", 1, "0", 1)])
    assert status.figure["data"][0]["ids"] == ["/projects/?status=planned"]
    placed = charts.map_chart([project("A")])
    markers = [t for t in placed.figure["data"] if t.get("mode") != "lines"]
    assert markers[0]["ids"] == ["/projects/a/"]
    timeline = charts.timeline_chart([project("A")], today=TODAY)
    assert timeline.figure["data"][0]["ids"][0] == "/projects/a/"
    meetings = charts.meetings_chart(
        [MeetingRow(title="JCC", kind=MeetingKind.JCC, date=TODAY, slug="jcc-1")]
    )
    assert meetings.figure["data"][0]["ids"] == ["/meetings/jcc-1/"]
