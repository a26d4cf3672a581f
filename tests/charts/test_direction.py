"""Charts on an Urdu page: legends and names on the right, time still left to right."""

import plotly.graph_objects as go
import pytest
from django.utils import translation

from projects import charts
from projects.charts import MeetingRow
from projects.choices import MeetingKind, Province, Status
from tests.charts.helpers import TODAY, project, sector_phase, stat


def _payload(build, language):
    with translation.override(language):
        chart = build()
        payload = chart.payload
    go.Figure({"data": payload["data"], "layout": payload["layout"]})
    return chart, payload


def investment():
    return charts.investment_chart([sector_phase("Energy", "#b35c00", 1, 1, 1, "10")])


def timeline():
    return charts.timeline_chart([project("A"), project("B")], today=TODAY)


def status():
    return charts.status_chart([stat(Status.PLANNED, "Planned", 1, "0", 1)])


def province():
    return charts.province_chart([stat(Province.SINDH, "Sindh", 1, "0", 1)])


def meetings():
    return charts.meetings_chart(
        [MeetingRow(title="JCC", kind=MeetingKind.JCC, date=TODAY)], today=TODAY
    )


def test_horizontal_bars_grow_from_their_names_on_the_right():
    chart, payload = _payload(investment, "ur")
    layout = payload["layout"]
    assert layout["yaxis"]["side"] == "right"
    assert layout["xaxis"]["autorange"] == "reversed"
    assert (layout["legend"]["x"], layout["legend"]["xanchor"]) == (1, "right")
    # The chart itself (cached for every page) is left as built.
    assert "side" not in chart.figure["layout"]["yaxis"]


def test_vertical_bars_read_from_the_right_with_their_values_beside_them():
    _chart, payload = _payload(status, "ur")
    layout = payload["layout"]
    assert layout["xaxis"]["autorange"] == "reversed"
    assert layout["yaxis"]["side"] == "right"


@pytest.mark.parametrize("build", [timeline, meetings])
def test_time_runs_left_to_right_with_the_names_on_the_right(build):
    _chart, payload = _payload(build, "ur")
    layout = payload["layout"]
    assert layout["yaxis"]["side"] == "right"
    assert layout["xaxis"]["type"] == "date"
    assert layout["xaxis"].get("autorange") != "reversed"


def test_a_phones_legend_moves_too():
    _chart, payload = _payload(timeline, "ur")
    assert payload["narrow"]["legend"]["x"] == 1
    assert payload["narrow"]["legend"]["xanchor"] == "right"


@pytest.mark.parametrize("build", [investment, timeline, status, province, meetings])
@pytest.mark.parametrize("language", ["en-gb", "zh-hans"])
def test_left_to_right_pages_draw_the_chart_as_built(build, language):
    chart, payload = _payload(build, language)
    assert payload["layout"] == chart.figure["layout"]
    assert payload["narrow"] == chart.narrow


def test_urdu_is_drawn_in_the_pages_nastaliq_face():
    chart, payload = _payload(investment, "ur")
    assert payload["layout"]["font"]["family"].startswith("'Noto Nastaliq Urdu', ")
    assert payload["layout"]["hoverlabel"]["font"]["family"].startswith("'Noto Nastal")
    assert "Nastaliq" not in chart.figure["layout"]["font"]["family"]
