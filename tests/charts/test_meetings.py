"""The meetings chart: a dot strip, one labelled mark per meeting, by kind."""

import datetime

from projects import charts
from projects.charts import MeetingRow
from projects.choices import MeetingKind
from tests.charts.helpers import TODAY, assert_valid_figure


class TestMeetings:
    def meeting(self, title, kind, date, precision="day", number=None):
        return MeetingRow(
            title=title,
            kind=kind,
            date=date,
            date_precision=precision,
            city="",
            number=number,
        )

    def test_one_meeting_in_one_year_reads_as_such(self):
        rows = [self.meeting("14th JCC", MeetingKind.JCC, datetime.date(2025, 9, 26))]
        chart = charts.meetings_chart(rows, today=TODAY)
        assert chart.title == "1 meeting in 2025"

    def test_one_mark_per_meeting_by_kind_and_the_undated_named(self):
        rows = [
            self.meeting(
                "13th JCC", MeetingKind.JCC, datetime.date(2024, 7, 1), number=13
            ),
            self.meeting(
                "14th JCC", MeetingKind.JCC, datetime.date(2026, 9, 26), number=14
            ),
            self.meeting("Visit", MeetingKind.STATE_VISIT, datetime.date(2024, 1, 1)),
            self.meeting("Unknown", MeetingKind.OTHER, None),
        ]
        chart = charts.meetings_chart(rows, today=TODAY)
        assert_valid_figure(chart)
        jcc, visit = chart.figure["data"]
        assert jcc["x"] == ["2024-07-01", "2026-09-26"]
        # Short labels, alternately above and below; the titles on hover.
        assert jcc["text"] == ["13th", "14th"]
        assert jcc["textposition"] == ["top center", "bottom center"]
        assert jcc["hovertext"] == ["13th JCC", "14th JCC"]
        assert set(jcc["y"]) == {"Joint Cooperation Committee (JCC)"}
        assert visit["x"] == ["2024-01-01"] and visit["hovertext"] == ["Visit"]
        assert jcc["marker"]["color"] == charts.MEETING_KIND_COLORS[MeetingKind.JCC]
        # Every meeting is counted; the dated ones are drawn, the others named.
        assert chart.title == "4 meetings, 3 of them dated from 2024 to 2026"
        assert "14th JCC (2026-09-26) is upcoming." in chart.summary
        assert "No known date, so not drawn: Unknown." in chart.summary
        assert chart.rows[0][4] == "held"
        assert chart.rows[3][2:] == [None, None, None]

    def test_empty(self):
        assert charts.meetings_chart([]).empty


def test_on_a_phone_the_kinds_go_by_their_short_names():
    row = MeetingRow(title="14th JCC", kind=MeetingKind.JCC, date=TODAY, number=14)
    chart = charts.meetings_chart([row], today=TODAY)
    assert chart.narrow["yaxis"]["ticktext"] == ["JCC"]
    assert chart.narrow["yaxis"]["tickvals"] == ["Joint Cooperation Committee (JCC)"]
