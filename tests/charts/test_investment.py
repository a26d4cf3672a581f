"""The investment chart: sectors by phase."""

from projects import charts
from tests.charts.helpers import assert_valid_figure, sector_phase


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
        assert chart.title == (
            "Energy holds 75% of the known cost (5 of 7 projects with a known cost)"
        )
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


def test_a_sector_with_no_known_cost_is_marked_unknown():
    chart = charts.investment_chart(
        [
            sector_phase("Energy", "#b35c00", 1, 2, 2, "10"),
            sector_phase("Agriculture", "#00703c", 1, 3, 0, None),
        ]
    )
    assert_valid_figure(chart)
    (marks,) = [t for t in chart.figure["data"] if t.get("mode") == "text"]
    assert marks["y"] == ["Agriculture"] and marks["text"] == ["cost unknown"]
    # One sector with a known cost: its figure, not a share of 100%.
    assert chart.title == (
        "Energy: US$10 million of known cost (2 of 5 projects with a known cost)"
    )


def test_counts_of_thousands_are_grouped():
    chart = charts.investment_chart(
        [
            sector_phase("Energy", "#b35c00", 1, 17072, 17072, "3000"),
            sector_phase("Transport", "#1d70b8", 1, 3024, 0, None),
        ]
    )
    assert chart.title == (
        "Energy: US$3,000 million of known cost"
        " (17,072 of 20,096 projects with a known cost)"
    )
    assert "across 20,096 projects" in chart.summary
    assert "3,024 projects with an unknown cost" in chart.summary
