"""The dashboard's selectors: totals, crossed aggregates and chart rows."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from projects import selectors
from projects.choices import Status
from projects.models import Citation, Indicator, Meeting, Project, Source
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    phase1 = PhaseFactory(number=1, slug="phase-i")
    phase2 = PhaseFactory(number=2, slug="phase-ii")
    energy = SectorFactory(name="Energy")
    transport = SectorFactory(name="Transport", slug="transport")
    fibre = SectorFactory(name="Digital", slug="digital")
    projects = {
        "coal": ProjectFactory(
            phase=phase1, sector=energy, capacity=Decimal("1320"), capacity_unit="MW"
        ),
        "solar": ProjectFactory(
            phase=phase1,
            sector=energy,
            status=Status.UNDER_CONSTRUCTION,
            capacity=Decimal("600"),
            capacity_unit="MW",
            cost_usd_million=None,
        ),
        "road": ProjectFactory(
            phase=phase1,
            sector=transport,
            capacity=Decimal("120"),
            capacity_unit="km",
            cost_usd_million=Decimal("1300"),
            start_date=None,
        ),
        "rail": ProjectFactory(
            phase=phase2,
            sector=transport,
            status=Status.PLANNED,
            capacity=Decimal("1726"),
            capacity_unit="km",
            cost_usd_million=Decimal("6700"),
            start_date=datetime.date(2026, 1, 1),
            completion_date=None,
        ),
        "cable": ProjectFactory(
            phase=phase2,
            sector=fibre,
            capacity=Decimal("820"),
            capacity_unit="km",
            cost_usd_million=Decimal("44"),
            start_date=datetime.date(2016, 5, 1),
            completion_date=datetime.date(2018, 7, 1),
        ),
    }
    return {"phases": (phase1, phase2), "projects": projects}


def test_totals_count_operational_megawatts_and_road_and_rail_only(data):
    totals = selectors.dashboard_totals(projects=Project.objects.all())
    # The 600 MW plant is not yet operational; the 820 km cable is not a road.
    assert totals["operational_mw"] == Decimal("1320")
    assert totals["road_rail_km"] == Decimal("1846")


def test_totals_follow_the_filtered_projects(data):
    phase1, _ = data["phases"]
    totals = selectors.dashboard_totals(projects=Project.objects.filter(phase=phase1))
    assert totals["road_rail_km"] == Decimal("120")
    none = selectors.dashboard_totals(projects=Project.objects.none())
    assert none == {
        "operational_mw": None,
        "road_rail_km": None,
        "road_rail_new_km": None,
        "road_rail_upgrade_km": None,
        "road_rail_unstated_km": None,
    }


def test_investment_by_sector_and_phase_keeps_unknown_costs_apart(data):
    rows = selectors.investment_by_sector_and_phase(projects=Project.objects.all())
    by_key = {(r.sector_name, r.phase_number): r for r in rows}
    assert set(by_key) == {
        ("Digital", 2),
        ("Energy", 1),
        ("Transport", 1),
        ("Transport", 2),
    }
    energy = by_key[("Energy", 1)]
    assert (energy.projects, energy.with_cost, energy.unknown_cost) == (2, 1, 1)
    assert energy.investment_usd_million == Decimal("1912.00")
    assert energy.sector_slug == "energy"
    assert by_key[("Transport", 2)].investment_usd_million == Decimal("6700")


def test_investment_by_sector_and_phase_is_one_query(data, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.investment_by_sector_and_phase(projects=Project.objects.all())


def test_chart_rows_are_ordered_by_start_with_unknown_starts_last(data):
    rows = selectors.project_chart_rows(projects=Project.objects.all())
    road = data["projects"]["road"]
    assert rows[-1].slug == road.slug
    starts = [r.start_date for r in rows[:-1]]
    assert starts == sorted(starts)
    assert rows[0].sector_color == "#1d70b8"


def test_chart_rows_of_the_largest_are_one_query_in_order_of_start(
    data, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = selectors.project_chart_rows(projects=Project.objects.all(), limit=2)
    # The rail line (6,700) and the coal plant (1,912), the coal plant first.
    assert [r.slug for r in rows] == [
        data["projects"]["coal"].slug,
        data["projects"]["rail"].slug,
    ]


def test_a_project_read_alone_makes_the_same_row_as_the_chart_query(data):
    route = [
        {"place": "Multan", "latitude": 30.2, "longitude": 71.5},
        {"place": "Sukkur", "latitude": 27.7, "longitude": 68.9},
    ]
    road = data["projects"]["road"]
    road.route = route
    road.save()
    (row,) = [
        r
        for r in selectors.project_chart_rows(projects=Project.objects.all())
        if r.slug == road.slug
    ]
    project = selectors.project_detail_queryset().get(pk=road.pk)
    assert selectors.project_row(project) == row
    assert (row.sector_name, row.phase_number, row.route) == ("Transport", 1, route)


def test_largest_rows_keep_their_order_and_put_unknown_costs_last(data):
    rows = selectors.project_chart_rows(projects=Project.objects.all())
    largest = selectors.largest_rows(rows, 3)
    assert [r.cost_usd_million for r in largest] == [
        Decimal("1912.00"),
        Decimal("6700"),
        Decimal("1300"),
    ]
    assert selectors.largest_rows(rows, 10) is rows


def test_stat_rows_carry_the_choice_and_its_known_cost(data):
    stats = selectors.project_stats(projects=Project.objects.all())
    by_status = {r.value: r for r in selectors.stat_rows(stats["by_status"], "status")}
    assert by_status[Status.PLANNED].label == "Planned"
    assert by_status[Status.PLANNED].known_cost == Decimal("6700")
    assert by_status[Status.UNDER_CONSTRUCTION].known_cost is None
    assert by_status[Status.SUSPENDED].count == 0


def test_meeting_rows_narrow_to_a_phase(data):
    phase1, phase2 = data["phases"]
    MeetingFactory(title="First", phase=phase1)
    MeetingFactory(title="Second", phase=phase2)
    MeetingFactory(title="Without phase", phase=None)
    assert [m.title for m in selectors.meeting_chart_rows(phase_number=2)] == ["Second"]
    rows = selectors.meeting_chart_rows()
    assert len(rows) == 3
    first = Meeting.objects.get(title="First")
    assert selectors.meeting_row(first) in rows


def test_phase_rows_carry_the_reported_investment():
    PhaseFactory(number=1, reported_investment_usd_million=Decimal("33000"))
    (row,) = selectors.phase_rows()
    assert row["reported_investment_usd_million"] == Decimal("33000")


def test_sources_supporting_are_distinct_and_only_those_cited(data):
    coal = data["projects"]["coal"]
    cited = SourceFactory(title="Cited twice")
    CitationFactory(source=cited, content_object=coal, field="cost_usd_million")
    CitationFactory(source=cited, content_object=coal, field="capacity")
    SourceFactory(title="Not cited")
    meeting = MeetingFactory()
    about_meeting = SourceFactory(title="About the meeting")
    CitationFactory(source=about_meeting, content_object=meeting)

    found = selectors.sources_supporting(projects=Project.objects.all())
    assert [s.title for s in found] == ["Cited twice"]
    found = selectors.sources_supporting(meetings=[meeting.pk])
    assert [s.title for s in found] == ["About the meeting"]
    found = selectors.sources_supporting(
        projects=Project.objects.filter(pk=coal.pk), meetings=[meeting.pk]
    )
    assert [s.title for s in found] == ["About the meeting", "Cited twice"]
    found = selectors.sources_supporting(projects=Project.objects.exclude(pk=coal.pk))
    assert "Cited twice" not in [s.title for s in found]
    assert selectors.sources_supporting(indicators=[]) == []


def test_source_list_prefetches_every_supported_record(data, django_assert_num_queries):
    source = SourceFactory()
    for project in data["projects"].values():
        CitationFactory(source=source, content_object=project)
    CitationFactory(source=source, content_object=MeetingFactory())
    CitationFactory(source=source, content_object=IndicatorFactory())
    for model in (Project, Meeting, Indicator, Source, Citation):
        ContentType.objects.get_for_model(model)  # warm the content type cache

    # Sources with their citation counts, their first citations (ranked per
    # source), then one query per kind of record cited (projects, meetings,
    # indicators).
    with django_assert_num_queries(5):
        sources = list(selectors.source_list())
        records = [c.content_object for s in sources for c in s.shown_citations]
    assert len(records) == 7
    assert {type(r).__name__ for r in records} == {"Project", "Meeting", "Indicator"}
