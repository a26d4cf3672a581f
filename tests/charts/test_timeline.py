"""The timeline: project spans, meetings and phases over the years."""

import datetime

from projects import charts
from projects.charts import MeetingRow, PhaseRow
from projects.choices import MeetingKind, Status
from tests.charts.helpers import TODAY, assert_valid_figure, project


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
