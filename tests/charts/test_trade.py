"""The trade chart: the two trade figures."""

from decimal import Decimal

from projects import charts
from projects.charts import IndicatorRow
from tests.charts.helpers import assert_valid_figure


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
