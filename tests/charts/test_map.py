"""The map: projects and routes, framed on Pakistan."""

from decimal import Decimal

from projects import charts
from tests.charts.helpers import assert_valid_figure, project


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
        # Asia's shapes (asia_50m.json, served from static/vendor) cover the frame.
        assert (geo["scope"], geo["resolution"]) == ("asia", 50)
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

    def test_frame_beyond_asia_draws_the_worlds_shapes(self):
        lima = project("Lima", latitude=Decimal("-12.05"), longitude=Decimal("-77.04"))
        geo = charts.map_chart([lima]).figure["layout"]["geo"]
        assert geo["scope"] == "world"
        assert geo["lonaxis"]["range"][0] < -77

    def test_no_coordinates_still_lists_the_projects(self):
        chart = charts.map_chart([project("A", latitude=None, longitude=None)])
        assert chart.empty
        assert chart.rows[0][0] == "A"
