"""The status and province charts: projects counted by a choice."""

import dataclasses

from projects import charts
from projects.choices import STATUS_COLORS, Province, Status
from tests.charts.helpers import assert_valid_figure, stat


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


def test_counts_in_titles_and_summaries_are_grouped_as_the_pages_print_them():
    status = [
        stat(Status.PLANNED, "Planned", 3650, "0", 3650),
        stat(Status.OPERATIONAL, "Operational", 8152, "900", 1),
    ]
    chart = charts.status_chart(status)
    assert chart.title == "8,152 of 11,802 projects are operational"
    assert "3,650 planned, 8,152 operational" in chart.summary
    provinces = [
        stat(Province.PUNJAB, "Punjab", 1200, "10", 0),
        stat(Province.SINDH, "Sindh", 5000, "10", 0),
    ]
    assert charts.province_chart(provinces).title == (
        "Sindh has the most projects (5,000 of 6,200)"
    )
