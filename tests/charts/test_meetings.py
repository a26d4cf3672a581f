"""The meetings chart: meetings per year by kind."""

import datetime

from projects import charts
from projects.charts import MeetingRow
from projects.choices import MeetingKind
from tests.charts.helpers import TODAY, assert_valid_figure


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
