"""Rows to draw and a figure check, shared by the chart tests."""

import datetime
import json
from decimal import Decimal

import plotly.graph_objects as go

from projects import charts
from projects.charts import ProjectRow, SectorPhaseRow, StatRow
from projects.choices import Province, Status

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
