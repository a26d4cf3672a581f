"""The site tests' shared data: a small corridor of phases, sectors, projects
(some with unknowns), meetings, sources with conflicting citations, and the two
trade figures."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from projects.choices import MeetingKind, Province, Status
from projects.models import Citation, Indicator, Meeting, Phase, Project, Source
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)


def warm_content_types():
    """Content types are cached per process; warm them so counts do not depend on
    which test ran first."""
    for model in (Project, Phase, Meeting, Indicator, Source, Citation):
        ContentType.objects.get_for_model(model)


def build_phases():
    phase1 = PhaseFactory(
        number=1,
        name="Early harvest",
        slug="phase-i",
        start_year=2015,
        end_year=2020,
        reported_investment_usd_million=Decimal("33000"),
    )
    phase2 = PhaseFactory(
        number=2, name="Industrial", slug="phase-ii", start_year=2021, end_year=None
    )
    return phase1, phase2


def build_sectors():
    energy = SectorFactory(name="Energy", slug="energy", color="#b35c00")
    transport = SectorFactory(name="Transport", slug="transport", color="#1d70b8")
    zones = SectorFactory(name="Special economic zones", slug="sez", color="#00703c")
    return energy, transport, zones


def build_phase_one_projects(phase1, energy, transport):
    """Sahiwal, Port Qasim and the Orange Line: built and with known figures."""
    sahiwal = ProjectFactory(
        name="Sahiwal power plant", slug="sahiwal", phase=phase1, sector=energy
    )
    qasim = ProjectFactory(
        name="Port Qasim power plant",
        slug="port-qasim",
        phase=phase1,
        sector=energy,
        province=Province.SINDH,
        start_date=datetime.date(2015, 5, 1),
        start_date_precision="month",
    )
    orange = ProjectFactory(
        name="Orange Line",
        slug="orange-line",
        phase=phase1,
        sector=transport,
        capacity=Decimal("27"),
        capacity_unit="km",
        cost_usd_million=Decimal("1600"),
    )
    return sahiwal, qasim, orange


def build_phase_two_projects(phase2, transport, zones):
    """ML-1, Rashakai and a bare project: planned or building, with unknowns."""
    ml1 = ProjectFactory(
        name="ML-1 railway",
        slug="ml-1",
        phase=phase2,
        sector=transport,
        status=Status.PLANNED,
        province=Province.MULTIPLE,
        capacity=Decimal("1726"),
        capacity_unit="km",
        cost_usd_million=Decimal("6700"),
        latitude=None,
        longitude=None,
        start_date=datetime.date(2026, 1, 1),
        start_date_precision="year",
        completion_date=datetime.date(2032, 1, 1),
        completion_date_precision="year",
    )
    rashakai = ProjectFactory(
        name="Rashakai zone",
        slug="rashakai",
        phase=phase2,
        sector=zones,
        status=Status.UNDER_CONSTRUCTION,
        province=Province.KHYBER_PAKHTUNKHWA,
        cost_usd_million=None,
        capacity=None,
        capacity_unit="",
        completion_date=None,
    )
    bare = ProjectFactory(
        name="Bare project",
        slug="bare",
        phase=phase2,
        sector=zones,
        status=Status.PLANNED,
        province=Province.BALOCHISTAN,
        location="",
        latitude=None,
        longitude=None,
        capacity=None,
        capacity_unit="",
        cost_usd_million=None,
        start_date=None,
        completion_date=None,
    )
    return ml1, rashakai, bare


def build_meetings(phase2, projects):
    """Two JCCs of phase 2 with their projects, and an undated summit."""
    sahiwal, _, _, ml1, rashakai, _ = projects
    jcc14 = MeetingFactory(
        kind=MeetingKind.JCC,
        number=14,
        title="14th JCC",
        slug="jcc-14",
        date=datetime.date(2025, 9, 26),
        phase=phase2,
    )
    jcc13 = MeetingFactory(
        kind=MeetingKind.JCC,
        number=13,
        title="13th JCC",
        slug="jcc-13",
        date=datetime.date(2024, 7, 1),
        date_precision="month",
        phase=phase2,
    )
    summit = MeetingFactory(
        kind=MeetingKind.SUMMIT, number=None, title="Summit", slug="summit", date=None
    )
    jcc14.projects.add(sahiwal, ml1)
    jcc13.projects.add(rashakai)
    return jcc14, jcc13, summit


def build_sources(projects, jcc14):
    """Two sources that disagree on Sahiwal's cost, and the two trade figures."""
    sahiwal, _, orange, _, _, _ = projects
    article = SourceFactory(title="The article", slug="article")
    other = SourceFactory(title="Another report", slug="other")
    CitationFactory(
        source=article,
        content_object=sahiwal,
        field="cost_usd_million",
        reported_value="$1.912bn",
        locator="paragraph 3",
        is_headline=True,
    )
    CitationFactory(
        source=other,
        content_object=sahiwal,
        field="cost_usd_million",
        reported_value="about $1.8bn",
        locator="paragraph 5",
    )
    CitationFactory(source=article, content_object=sahiwal, locator="paragraph 1")
    CitationFactory(source=article, content_object=orange, field="capacity")
    imports = IndicatorFactory(
        name="China's annual imports", value=Decimal("2"), unit="US$ trillion"
    )
    IndicatorFactory(
        name="Pakistan's exports to China", value=Decimal("3"), unit="US$ billion"
    )
    CitationFactory(source=article, content_object=imports, locator="paragraph 6")
    CitationFactory(source=other, content_object=jcc14, locator="paragraph 1")
    return article, other


@pytest.fixture
def corridor():
    """Two phases, three sectors, six projects (some with unknowns), meetings,
    sources with conflicting citations, and the two trade figures."""
    phase1, phase2 = build_phases()
    energy, transport, zones = build_sectors()
    projects = (
        *build_phase_one_projects(phase1, energy, transport),
        *build_phase_two_projects(phase2, transport, zones),
    )
    meetings = build_meetings(phase2, projects)
    sources = build_sources(projects, meetings[0])
    warm_content_types()
    return {
        "phases": (phase1, phase2),
        "sectors": (energy, transport, zones),
        "projects": projects,
        "meetings": meetings,
        "sources": sources,
    }
