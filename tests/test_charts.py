"""The charts: typed rows in, plain figure dicts, summaries and tables out."""

import dataclasses
import datetime
import json
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from projects import charts
from projects.charts import (
    IndicatorRow,
    MeetingRow,
    PhaseRow,
    ProjectRow,
    SectorPhaseRow,
    StatRow,
)
from projects.choices import STATUS_COLORS, MeetingKind, Province, Status

TODAY = datetime.date(2026, 6, 1)


def assert_valid_figure(chart: charts.Chart):
    """plotly accepts the figure, and the page payload is plain JSON."""
    go.Figure(chart.figure)
    json.dumps(chart.payload)


def project(name, **extra) -> ProjectRow:
    row = {
        "name": name,
        "slug": name.lower().replace(" ", "-"),
        "status": Status.OPERATIONAL,
        "province": Province.PUNJAB,
        "location": "Somewhere",
        "latitude": Decimal("30.5"),
        "longitude": Decimal("72.5"),
        "capacity": None,
        "capacity_unit": "",
        "cost_usd_million": Decimal("100"),
        "start_date": datetime.date(2015, 7, 31),
        "start_date_precision": "day",
        "completion_date": datetime.date(2017, 10, 28),
        "completion_date_precision": "day",
        "phase_number": 1,
        "sector_name": "Energy",
        "sector_slug": "energy",
        "sector_color": "#b35c00",
    }
    row.update(extra)
    return ProjectRow(**row)


def sector_phase(sector, color, phase, projects, with_cost, cost) -> SectorPhaseRow:
    return SectorPhaseRow(
        sector_name=sector,
        sector_slug=sector.lower(),
        sector_color=color,
        phase_number=phase,
        projects=projects,
        with_cost=with_cost,
        investment_usd_million=None if cost is None else Decimal(cost),
    )


def stat(value, label, count, known, unknown) -> StatRow:
    return StatRow(
        value=value,
        label=label,
        count=count,
        known_cost_usd_million=Decimal(known),
        unknown_cost_count=unknown,
    )


class TestInvestment:
    ROWS = [
        sector_phase("Energy", "#b35c00", 1, 3, 3, "3000"),
        sector_phase("Energy", "#b35c00", 2, 1, 0, None),
        sector_phase("Transport", "#1d70b8", 1, 2, 1, "600"),
        sector_phase("Transport", "#1d70b8", 2, 1, 1, "400"),
    ]

    def test_one_trace_per_phase_with_sector_colours(self):
        chart = charts.investment_chart(self.ROWS)
        assert_valid_figure(chart)
        traces = chart.figure["data"]
        # Two traces of bars, then two legend keys with a neutral fill.
        assert [t["name"] for t in traces] == ["Phase 1", "Phase 2"] * 2
        assert [t.get("showlegend", True) for t in traces] == [False] * 2 + [True] * 2
        assert traces[2]["x"] == [None]
        phase1 = traces[0]
        # The largest sector is drawn last, so that plotly puts it on top.
        assert phase1["y"] == ["Transport", "Energy"]
        assert phase1["x"] == [600.0, 3000.0]
        assert phase1["marker"]["color"] == ["#1d70b8", "#b35c00"]
        assert (
            traces[0]["marker"]["pattern"]["shape"]
            != (traces[1]["marker"]["pattern"]["shape"])
        )

    def test_unknown_cost_is_none_not_zero(self):
        chart = charts.investment_chart(self.ROWS)
        phase2 = chart.figure["data"][1]
        energy = phase2["y"].index("Energy")
        assert phase2["x"][energy] is None
        assert ["Energy", "Phase 2", 1, None, 1] in chart.rows

    def test_title_and_summary_state_the_numbers(self):
        chart = charts.investment_chart(self.ROWS)
        # 3,000 of 4,000 known.
        assert chart.title == "Energy holds 75% of the tracked investment"
        assert "US$4,000 million of known cost across 7 projects" in chart.summary
        assert "2 projects with an unknown cost are not in the bars" in chart.summary

    def test_no_known_cost_says_so(self):
        chart = charts.investment_chart(
            [sector_phase("Energy", "#b35c00", 1, 2, 0, None)]
        )
        assert chart.title == "No project has a known cost yet"
        assert chart.figure["data"][0]["x"] == [None]

    def test_empty(self):
        chart = charts.investment_chart([])
        assert chart.empty
        assert chart.rows == []
        assert "no projects" in chart.summary


class TestStatusAndProvince:
    STATUS = [
        stat(Status.PLANNED, "Planned", 2, "0", 2),
        stat(Status.UNDER_CONSTRUCTION, "Under construction", 1, "50", 0),
        stat(Status.OPERATIONAL, "Operational", 4, "900", 1),
        stat(Status.SUSPENDED, "Suspended", 0, "0", 0),
        stat(Status.CANCELLED, "Cancelled", 0, "0", 0),
    ]

    def test_status_bars_use_the_status_colours(self):
        chart = charts.status_chart(self.STATUS)
        assert_valid_figure(chart)
        bar = chart.figure["data"][0]
        assert bar["y"] == [2, 1, 4, 0, 0]
        assert bar["marker"]["color"] == [STATUS_COLORS[s] for s in Status.values]
        assert chart.title == "4 of 7 projects are operational"

    def test_status_table_says_unknown_when_no_cost_is_known(self):
        chart = charts.status_chart(self.STATUS)
        assert chart.rows[0] == ["Planned", 2, None]
        assert chart.rows[2] == ["Operational", 4, 900.0]

    def test_status_empty_when_no_project(self):
        empty = [
            dataclasses.replace(row, count=0, unknown_cost_count=0)
            for row in self.STATUS
        ]
        assert charts.status_chart(empty).empty

    def test_province_sorted_with_the_largest_on_top(self):
        rows = [
            stat(Province.PUNJAB, "Punjab", 3, "10", 0),
            stat(Province.SINDH, "Sindh", 5, "10", 0),
            stat(Province.BALOCHISTAN, "Balochistan", 0, "0", 0),
        ]
        chart = charts.province_chart(rows)
        assert_valid_figure(chart)
        assert chart.figure["data"][0]["y"] == ["Punjab", "Sindh"]
        assert chart.title == "Sindh has the most projects (5 of 8)"
        assert [r[0] for r in chart.rows] == ["Sindh", "Punjab"]

    def test_province_tie_has_no_winner(self):
        rows = [
            stat(Province.PUNJAB, "Punjab", 2, "10", 0),
            stat(Province.SINDH, "Sindh", 2, "10", 0),
        ]
        assert charts.province_chart(rows).title.startswith("Projects are spread")


class TestTimeline:
    def chart(self, projects, meetings=(), phases=()):
        return charts.timeline_chart(projects, meetings, phases, today=TODAY)

    def test_completed_and_planned_spans_are_apart(self):
        done = project("Done")
        planned = project(
            "Planned",
            status=Status.UNDER_CONSTRUCTION,
            start_date=datetime.date(2024, 1, 1),
            completion_date=datetime.date(2028, 1, 1),
            completion_date_precision="year",
        )
        chart = self.chart([done, planned])
        assert_valid_figure(chart)
        by_dash = {t["line"]["dash"]: t for t in chart.figure["data"]}
        assert by_dash["solid"]["y"] == ["Done", "Done", None]
        assert by_dash["solid"]["x"] == ["2015-07-31", "2017-10-28", None]
        assert by_dash["dot"]["y"] == ["Planned", "Planned", None]
        # One legend entry per sector, however many traces it has.
        assert sum(t["showlegend"] for t in chart.figure["data"]) == 1
        assert chart.title.endswith("1 completion is still planned")

    def test_year_only_dates_are_never_shown_as_1_january(self):
        row = project(
            "Yearly",
            start_date=datetime.date(2016, 1, 1),
            start_date_precision="year",
            completion_date=datetime.date(2019, 1, 1),
            completion_date_precision="month",
        )
        chart = self.chart([row])
        hover = chart.figure["data"][0]["text"][0]
        assert "Start: 2016<br>" in hover
        assert "Completion: 2019-01 (actual)" in hover
        assert "2016-01-01" not in hover
        assert chart.rows[0][3:5] == ["2016", "2019-01"]

    def test_one_known_date_is_a_mark_and_no_date_is_not_drawn(self):
        started = project("Started", completion_date=None, status=Status.PLANNED)
        undated = project("Undated", start_date=None, completion_date=None)
        chart = self.chart([started, undated])
        points = [t for t in chart.figure["data"] if t["mode"] == "markers"]
        assert points[0]["y"] == ["Started"]
        assert "Undated" not in chart.figure["layout"]["yaxis"]["categoryarray"]
        assert "1 project has no known date and is not drawn" in chart.summary
        assert chart.rows[1] == [
            "Undated",
            "Energy",
            "Operational",
            None,
            None,
            "unknown",
        ]

    def test_meetings_are_marks_on_their_own_row_and_phases_are_spans(self):
        meetings = [
            MeetingRow(
                kind=MeetingKind.JCC,
                title="14th JCC",
                date=datetime.date(2025, 9, 26),
                date_precision="day",
            ),
            MeetingRow(kind=MeetingKind.SUMMIT, title="No date", date=None),
        ]
        phases = [PhaseRow(1, 2015, 2020), PhaseRow(2, 2021, None)]
        chart = self.chart([project("A")], meetings, phases)
        assert_valid_figure(chart)
        marks = chart.figure["data"][-1]
        assert marks["name"] == "Meetings"
        assert marks["x"] == ["2025-09-26"]
        assert marks["y"] == ["Meetings"]
        shapes = chart.figure["layout"]["shapes"]
        assert [(s["x0"], s["x1"]) for s in shapes] == [
            ("2015-01-01", "2021-01-01"),
            # An open phase runs to the end of this year.
            ("2021-01-01", f"{TODAY.year + 1}-01-01"),
        ]
        texts = [a["text"] for a in chart.figure["layout"]["annotations"]]
        assert texts == ["Phase 1 (2015–2020)", "Phase 2 (from 2021)"]

    def test_an_open_phase_ends_where_the_next_begins(self):
        phases = [PhaseRow(1, 2013, None), PhaseRow(2, 2025, 2029)]
        chart = self.chart([project("A")], phases=phases)
        shapes = chart.figure["layout"]["shapes"]
        assert [(s["x0"], s["x1"]) for s in shapes] == [
            ("2013-01-01", "2025-01-01"),
            ("2025-01-01", "2030-01-01"),
        ]

    def test_long_names_are_shortened_on_the_axis_only(self):
        name = "A very long project name that goes on and on for ever"
        chart = self.chart([project(name)])
        yaxis = chart.figure["layout"]["yaxis"]
        assert yaxis["tickvals"] == [name]
        assert len(yaxis["ticktext"][0]) <= charts.LABEL_LENGTH
        assert len(chart.narrow["yaxis"]["ticktext"][0]) <= charts.NARROW_LABEL_LENGTH
        assert chart.rows[0][0] == name

    def test_empty_and_undated(self):
        assert self.chart([]).empty
        chart = self.chart([project("X", start_date=None, completion_date=None)])
        assert chart.empty
        assert chart.summary == "None of the 1 projects has a known date."

    def test_one_project_title_gives_its_dates(self):
        chart = self.chart([project("A")])
        assert chart.title == "Built from 2015-07-31 to 2017-10-28"
        assert chart.summary.startswith("1 of 1 project with a known date.")
        planned = project(
            "B",
            status=Status.PLANNED,
            start_date=datetime.date(2026, 1, 1),
            start_date_precision="year",
            completion_date=datetime.date(2030, 1, 1),
            completion_date_precision="year",
        )
        assert (
            self.chart([planned]).title == "Started 2026; completion planned for 2030"
        )


class TestMap:
    def test_markers_sized_by_cost_and_coloured_by_sector(self):
        rows = [
            project("Big", cost_usd_million=Decimal("1600")),
            project("Small", cost_usd_million=Decimal("100")),
            project(
                "Road",
                cost_usd_million=None,
                sector_name="Transport",
                sector_color="#1d70b8",
            ),
            project("Nowhere", latitude=None, longitude=None),
        ]
        chart = charts.map_chart(rows)
        assert_valid_figure(chart)
        energy, transport = chart.figure["data"]
        assert energy["marker"]["color"] == "#b35c00"
        big, small = energy["marker"]["size"]
        assert big > small
        assert energy["text"] == ["Big", "Small"]
        # An unknown cost: an open ring of the smallest size, not a zero.
        assert transport["marker"]["symbol"] == ["circle-open"]
        assert "cost unknown" in transport["hovertext"][0]
        assert "1 project has no coordinates and is not on the map" in chart.summary
        assert chart.rows[3] == ["Nowhere", "Energy", "Somewhere", None, None, 100.0]

    def test_routes_are_drawn_as_lines_under_the_markers(self):
        route = [
            {"place": "Multan", "latitude": 30.2, "longitude": 71.5},
            {"place": "Sukkur", "latitude": 27.7, "longitude": 68.9},
        ]
        rows = [
            project("M-5", route=route, sector_name="Transport"),
            project("M-6", route=route, sector_name="Transport"),
            project("Plant"),
        ]
        chart = charts.map_chart(rows)
        assert_valid_figure(chart)
        line = chart.figure["data"][0]
        assert (line["mode"], line["showlegend"]) == ("lines", False)
        # Two routes of one sector share a trace, broken by a gap.
        assert line["lat"] == [30.2, 27.7, None, 30.2, 27.7]
        assert "Multan" in line["hovertext"][0]
        assert all(t["mode"] == "markers" for t in chart.figure["data"][1:])
        assert "2 routes of roads, railways and lines" in chart.summary

    def test_map_frames_pakistan_and_needs_no_cdn(self):
        chart = charts.map_chart([project("A")])
        geo = chart.figure["layout"]["geo"]
        assert geo["lataxis"]["range"] == charts.PAKISTAN_LAT
        assert geo["fitbounds"] is False
        # world_50m.json is the one topojson file served from static/vendor.
        assert (geo["scope"], geo["resolution"]) == ("world", 50)
        assert "not authoritative" in chart.note

    def test_one_project_map_names_it(self):
        chart = charts.map_chart([project("A")], slug="location", zoom=True)
        assert chart.figure["data"][0]["mode"] == "markers+text"
        assert chart.summary == "A at 30.5, 72.5."
        assert chart.figure["layout"]["showlegend"] is False

    def test_frame_widens_to_a_project_beyond_pakistan(self):
        kashgar = project("Kashgar", latitude=Decimal("39.47"), longitude=Decimal("76"))
        geo = charts.map_chart([kashgar]).figure["layout"]["geo"]
        assert geo["lataxis"]["range"] == [charts.PAKISTAN_LAT[0], 40.97]
        assert geo["lonaxis"]["range"] == charts.PAKISTAN_LON

    def test_no_coordinates_still_lists_the_projects(self):
        chart = charts.map_chart([project("A", latitude=None, longitude=None)])
        assert chart.empty
        assert chart.rows[0][0] == "A"


class TestTrade:
    def test_figures_in_one_unit_and_the_ratio_in_the_title(self):
        rows = [
            IndicatorRow("China's imports", Decimal("2"), "US$ trillion", 2024),
            IndicatorRow(
                "Pakistan's exports to China", Decimal("3"), "US$ billion", 2024
            ),
            IndicatorRow("Imports by weight", Decimal("5"), "tonnes", year=None),
        ]
        chart = charts.trade_chart(rows)
        assert_valid_figure(chart)
        bar = chart.figure["data"][0]
        assert bar["x"] == [3.0, 2000.0]
        assert bar["text"] == ["US$3 billion", "US$2 trillion"]
        assert chart.title == (
            "China's imports are about 667 times Pakistan's exports to China"
        )
        assert "1 figure in other units is listed in the table only" in chart.summary
        assert chart.rows[2] == ["Imports by weight", None, "5 tonnes", None]

    def test_empty(self):
        assert charts.trade_chart([]).empty


class TestMeetings:
    def meeting(self, title, kind, date, precision="day"):
        return MeetingRow(
            title=title, kind=kind, date=date, date_precision=precision, city=""
        )

    def test_one_meeting_in_one_year_reads_as_such(self):
        rows = [self.meeting("14th JCC", MeetingKind.JCC, datetime.date(2025, 9, 26))]
        chart = charts.meetings_chart(rows, today=TODAY)
        assert chart.title == "1 meeting in 2025"

    def test_meetings_per_year_stacked_by_kind(self):
        rows = [
            self.meeting("13th JCC", MeetingKind.JCC, datetime.date(2024, 7, 1)),
            self.meeting("14th JCC", MeetingKind.JCC, datetime.date(2026, 9, 26)),
            self.meeting("Visit", MeetingKind.STATE_VISIT, datetime.date(2024, 1, 1)),
            self.meeting("Unknown", MeetingKind.OTHER, None),
        ]
        chart = charts.meetings_chart(rows, today=TODAY)
        assert_valid_figure(chart)
        jcc, visit = chart.figure["data"]
        assert jcc["x"] == ["2024", "2025", "2026"]
        assert jcc["y"] == [1, 0, 1]
        assert visit["y"] == [1, 0, 0]
        assert jcc["marker"]["color"] == charts.MEETING_KIND_COLORS[MeetingKind.JCC]
        assert chart.title == "3 meetings from 2024 to 2026"
        assert "14th JCC (2026-09-26) is upcoming." in chart.summary
        assert "1 meeting has no known date" in chart.summary
        assert chart.rows[0][4] == "held"
        assert chart.rows[3][2:] == [None, None, None]

    def test_empty(self):
        assert charts.meetings_chart([]).empty


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.investment_chart([]),
        lambda: charts.timeline_chart([], today=TODAY),
        lambda: charts.map_chart([]),
        lambda: charts.trade_chart([]),
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
        (lambda rows: charts.trade_chart(rows), False),
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
        "trade": [IndicatorRow("Exports", Decimal("3"), "US$ billion", 2024)],
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
    empty = charts.trade_chart([], sources=sources)
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
