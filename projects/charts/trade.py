"""The trade gap: the trade figures side by side, in one unit (US$ billion)."""

from collections.abc import Sequence

from .base import (
    NEUTRAL_COLOR,
    NO_GRID,
    Chart,
    axis,
    count,
    empty,
    layout,
    narrow_bars,
    number,
    verb,
)
from .rows import IndicatorRow

COLUMNS = ["Figure", "Year", "As reported", "US$ billion"]
_SCALE_TO_BILLION = {"trillion": 1000.0, "billion": 1.0, "million": 0.001}


def in_billions(value, unit: str) -> float | None:
    """US$ amounts in billions; None for a unit that is not a US$ amount."""
    unit = unit.lower()
    if "us$" not in unit.replace(" ", "") and "usd" not in unit:
        return None
    for word, factor in _SCALE_TO_BILLION.items():
        if word in unit:
            return float(value) * factor
    return float(value) / 1e9


def billions_label(value: float) -> str:
    if value >= 1000:
        return f"US${value / 1000:,.4g} trillion"
    if value >= 1:
        return f"US${value:,.4g} billion"
    return f"US${value * 1000:,.4g} million"


def _wording(drawn: list[tuple[IndicatorRow, float]], skipped: int) -> tuple[str, str]:
    title = "The trade gap"
    if len(drawn) >= 2 and drawn[0][1] > 0:
        (small, low), (large, high) = drawn[0], drawn[-1]
        title = f"{large.name} are about {high / low:,.0f} times {small.name}"
        summary = (
            f"{large.name}: {billions_label(high)}; "
            f"{small.name}: {billions_label(low)}."
        )
    else:
        summary = "; ".join(f"{i.name}: {billions_label(v)}" for i, v in drawn)
        summary += "."
    if skipped:
        summary += (
            f" {count(skipped, 'figure')} in other units "
            f"{verb(skipped, 'is', 'are')} listed in the table only."
        )
    return title, summary


def trade_chart(indicators: Sequence[IndicatorRow], *, sources=()) -> Chart:
    """Bars in US$ billion, the largest last and in another colour; figures in
    other units go to the table only."""
    slug = "trade"
    converted = [(i, in_billions(i.value, i.unit)) for i in indicators]
    drawn = sorted(
        [(i, v) for i, v in converted if v is not None], key=lambda pair: pair[1]
    )
    table = [
        [
            i.name,
            i.year,
            f"{number(i.value):g} {i.unit}",
            round(v, 3) if v is not None else None,
        ]
        for i, v in converted
    ]
    if not drawn:
        message = "There are no trade figures yet."
        chart = empty(slug, "The trade gap", message, COLUMNS, sources=list(sources))
        chart.rows = table
        return chart
    names = [i.name for i, _ in drawn]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": names,
            "x": [round(v, 3) for _, v in drawn],
            "text": [billions_label(v) for _, v in drawn],
            "textposition": "auto",
            "marker": {"color": [NEUTRAL_COLOR] * (len(drawn) - 1) + ["#b35c00"]},
            "hovertemplate": "%{y}: US$%{x:,} billion<extra></extra>",
            "showlegend": False,
        }
    ]
    title, summary = _wording(drawn, len(converted) - len(drawn))
    figure = {
        "data": data,
        "layout": layout(
            height=max(200, 80 + 50 * len(drawn)),
            margin={"l": 10, "r": 20, "t": 10, "b": 10},
            xaxis=axis(title={"text": "US$ billion a year"}, rangemode="tozero"),
            yaxis=axis(gridcolor=NO_GRID),
        ),
    }
    return Chart(
        slug,
        title,
        summary,
        figure,
        COLUMNS,
        table,
        sources=list(sources),
        narrow=narrow_bars(names),
    )
