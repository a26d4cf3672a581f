"""Shared API test data: four projects over two phases and three sectors, a
meeting, a source and an indicator, with figures the tests work out by hand."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from projects.choices import DatePrecision, MeetingKind, Province, Status
from tests.api.helpers import make_user, token_client
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)


@pytest.fixture
def api():
    return APIClient()


# The four projects, by slug, without their phase and sector.
PROJECTS = {
    "sahiwal": dict(
        name="Sahiwal Coal Power Plant",
        status=Status.OPERATIONAL,
        province=Province.PUNJAB,
        location="Sahiwal",
        sponsors="Huaneng Shandong Ruyi",
        cost_usd_million=Decimal("1912.00"),
        start_date=datetime.date(2014, 7, 31),
        start_date_precision=DatePrecision.DAY,
        completion_date=datetime.date(2017, 10, 28),
        completion_date_precision=DatePrecision.MONTH,
    ),
    "ml-1": dict(
        name="ML-1 Railway Upgrade",
        status=Status.PLANNED,
        province=Province.MULTIPLE,
        location="Karachi to Peshawar",
        latitude=None,
        longitude=None,
        capacity=Decimal("1726"),
        capacity_unit="km",
        cost_usd_million=Decimal("6700.00"),
        start_date=datetime.date(2016, 1, 1),
        start_date_precision=DatePrecision.YEAR,
        completion_date=None,
    ),
    "gwadar-airport": dict(
        name="New Gwadar International Airport",
        status=Status.OPERATIONAL,
        province=Province.BALOCHISTAN,
        location="Gwadar",
        latitude=Decimal("25.233000"),
        longitude=Decimal("62.328000"),
        capacity=None,
        capacity_unit="",
        cost_usd_million=Decimal("246.00"),
        start_date=datetime.date(2019, 3, 29),
        completion_date=datetime.date(2024, 10, 1),
        completion_date_precision=DatePrecision.MONTH,
    ),
    "rashakai": dict(
        name="Rashakai Special Economic Zone",
        status=Status.UNDER_CONSTRUCTION,
        province=Province.KHYBER_PAKHTUNKHWA,
        location="Nowshera",
        latitude=Decimal("34.100000"),
        longitude=Decimal("71.900000"),
        capacity=Decimal("1000"),
        capacity_unit="acres",
        cost_usd_million=None,
        start_date=datetime.date(2020, 5, 1),
        start_date_precision=DatePrecision.MONTH,
        completion_date=None,
    ),
}


@pytest.fixture
def data(db):
    """Four projects over two phases and three sectors, with known expectations."""
    phase1 = PhaseFactory(
        number=1,
        name="Phase I",
        slug="phase-i",
        reported_investment_usd_million=Decimal("33000"),
    )
    phase2 = PhaseFactory(number=2, name="Phase II", slug="phase-ii")
    energy = SectorFactory(name="Energy", slug="energy", color="#1d70b8")
    transport = SectorFactory(name="Transport", slug="transport", color="#00703c")
    industry = SectorFactory(name="Industry", slug="industry", color="#6f72af")
    where = {
        "sahiwal": (phase1, energy),
        "ml-1": (phase2, transport),
        "gwadar-airport": (phase1, transport),
        "rashakai": (phase2, industry),
    }
    sahiwal, ml1, airport, rashakai = (
        ProjectFactory(slug=slug, phase=phase, sector=sector, **PROJECTS[slug])
        for slug, (phase, sector) in where.items()
    )
    jcc = MeetingFactory(
        kind=MeetingKind.JCC,
        number=14,
        title="14th JCC",
        slug="14th-jcc",
        date=datetime.date(2025, 9, 26),
        phase=phase2,
    )
    jcc.projects.set([ml1, rashakai])
    source = SourceFactory(title="Dawn article", slug="dawn")
    CitationFactory(
        source=source,
        content_object=sahiwal,
        field="cost_usd_million",
        reported_value="$1.912bn",
        value_number=Decimal("1912"),
        locator="paragraph 2",
        is_headline=True,
    )
    indicator = IndicatorFactory(name="Exports to China", slug="exports", year=2024)
    CitationFactory(source=source, content_object=indicator, locator="table 1")
    return {
        "phases": (phase1, phase2),
        "sectors": (energy, transport, industry),
        "projects": (sahiwal, ml1, airport, rashakai),
        "meeting": jcc,
        "source": source,
        "indicator": indicator,
    }


@pytest.fixture
def editor(db):
    return make_user("editor", perms=True)


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def editor_api(editor):
    """A client that signs in as the editor with a token."""
    return token_client(editor)
