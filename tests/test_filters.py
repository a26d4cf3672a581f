"""The FilterSets shared by the HTML lists and the API, one test per filter."""

import datetime
from decimal import Decimal

import pytest

from projects.choices import DatePrecision, MeetingKind, Province, Status
from projects.filters import MeetingFilterSet, ProjectFilterSet
from projects.models import Meeting, Project
from tests.factories import MeetingFactory, PhaseFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    phase1 = PhaseFactory(number=1, name="Phase I", slug="phase-i")
    phase2 = PhaseFactory(number=2, name="Phase II", slug="phase-ii")
    energy = SectorFactory(name="Energy", slug="energy")
    roads = SectorFactory(name="Roads", slug="roads")
    return {
        "port-qasim": ProjectFactory(
            name="Port Qasim Power Plant",
            slug="port-qasim",
            phase=phase1,
            sector=energy,
            status=Status.OPERATIONAL,
            province=Province.SINDH,
            sponsors="Power China",
            cost_usd_million=Decimal("2085.00"),
            start_date=datetime.date(2015, 5, 1),
            start_date_precision=DatePrecision.MONTH,
        ),
        "karakoram": ProjectFactory(
            name="Karakoram Highway Phase II",
            slug="karakoram",
            phase=phase1,
            sector=roads,
            status=Status.UNDER_CONSTRUCTION,
            province=Province.KHYBER_PAKHTUNKHWA,
            location="Thakot to Havelian",
            cost_usd_million=Decimal("1315.00"),
            start_date=datetime.date(2016, 1, 1),
            start_date_precision=DatePrecision.YEAR,
        ),
        "kohala": ProjectFactory(
            name="Kohala Hydropower",
            slug="kohala",
            phase=phase2,
            sector=energy,
            status=Status.PLANNED,
            province=Province.AZAD_JAMMU_KASHMIR,
            description="A run-of-river plant on the Jhelum.",
            cost_usd_million=None,
            start_date=None,
        ),
    }


def filtered(params, filterset=ProjectFilterSet, queryset=None):
    fs = filterset(
        params, queryset=Project.objects.all() if queryset is None else queryset
    )
    assert fs.is_valid(), fs.errors
    return [obj.slug for obj in fs.qs]


def errors(params, filterset=ProjectFilterSet, model=Project):
    fs = filterset(params, queryset=model.objects.all())
    assert not fs.is_valid()
    return fs.errors


def test_phase_by_number(projects):
    assert filtered({"phase": "2"}) == ["kohala"]


def test_phase_by_slug(projects):
    assert filtered({"phase": "phase-i"}) == ["karakoram", "port-qasim"]


def test_unknown_phase_lists_the_phases(projects):
    assert errors({"phase": "3"})["phase"] == [
        "Unknown phase. Allowed: 1 or phase-i, 2 or phase-ii."
    ]


def test_phase_with_a_huge_number_or_odd_digits_is_an_error(projects):
    for value in ["9" * 5000, "١", "²", "-1", "phase i"]:
        assert "phase" in errors({"phase": value}), value


def test_sector_by_slug(projects):
    assert filtered({"sector": "energy"}) == ["kohala", "port-qasim"]


def test_unknown_sector_lists_the_sectors(projects):
    assert errors({"sector": "water"})["sector"] == [
        "Unknown sector. Allowed: energy, roads."
    ]


def test_status(projects):
    assert filtered({"status": "planned"}) == ["kohala"]


def test_unknown_status_lists_the_statuses(projects):
    message = errors({"status": "built"})["status"][0]
    assert message.startswith("Unknown status. Allowed: planned, under_construction")


def test_province(projects):
    assert filtered({"province": "sindh"}) == ["port-qasim"]


def test_unknown_province_is_an_error(projects):
    assert "khyber_pakhtunkhwa" in errors({"province": "kpk"})["province"][0]


def test_q_searches_name_location_sponsors_and_description(projects):
    assert filtered({"q": "karakoram"}) == ["karakoram"]
    assert filtered({"q": "havelian"}) == ["karakoram"]
    assert filtered({"q": "power china"}) == ["port-qasim"]
    assert filtered({"q": "jhelum"}) == ["kohala"]


def test_q_is_bounded_and_refuses_nul(projects):
    assert "q" in errors({"q": "x" * 201})
    assert "q" in errors({"q": "a\x00b"})


def test_min_cost(projects):
    assert filtered({"min_cost": "1315"}) == ["karakoram", "port-qasim"]


def test_max_cost_leaves_out_unknown_costs(projects):
    assert filtered({"max_cost": "2000"}) == ["karakoram"]


@pytest.mark.parametrize("value", ["-1", "1e999999", "1e-999999", "NaN", "inf", "x"])
def test_cost_bounds_refuse_what_the_database_would(projects, value):
    assert "min_cost" in errors({"min_cost": value})


def test_started_after_takes_a_year_month_or_day(projects):
    assert filtered({"started_after": "2016"}) == ["karakoram"]
    assert filtered({"started_after": "2015-05"}) == ["karakoram", "port-qasim"]
    assert filtered({"started_after": "2015-05-02"}) == ["karakoram"]


def test_started_before_includes_the_whole_period(projects):
    # Port Qasim started in May 2015 (month precision, stored as 2015-05-01).
    assert filtered({"started_before": "2015"}) == ["port-qasim"]
    assert filtered({"started_before": "2015-05"}) == ["port-qasim"]
    assert filtered({"started_before": "2015-04-30"}) == []


@pytest.mark.parametrize(
    "value", ["2016-13", "2015-02-30", "0000", "99999", "2016-1-1", "16", "\x00"]
)
def test_malformed_dates_are_errors(projects, value):
    assert "started_after" in errors({"started_after": value})


def test_a_malformed_date_error_says_what_is_allowed(projects):
    assert errors({"started_before": "2016-13"})["started_before"] == [
        "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."
    ]


def test_ordering_puts_unknown_values_last_both_ways(projects):
    assert filtered({"ordering": "cost_usd_million"}) == [
        "karakoram",
        "port-qasim",
        "kohala",
    ]
    assert filtered({"ordering": "-cost_usd_million"}) == [
        "port-qasim",
        "karakoram",
        "kohala",
    ]


def test_ordering_breaks_ties_by_primary_key(projects):
    extra = ProjectFactory(
        name="Port Qasim Power Plant", slug="port-qasim-2", cost_usd_million=None
    )
    slugs = filtered({"ordering": "name"})
    assert slugs.index("port-qasim") < slugs.index(extra.slug)


def test_unknown_ordering_lists_the_choices(projects):
    message = errors({"ordering": "price"})["ordering"][0]
    assert "cost_usd_million, -cost_usd_million" in message


def test_no_filter_keeps_every_project(projects):
    assert len(filtered({})) == 3


@pytest.fixture
def meetings(projects):
    phase1, phase2 = (p.phase for p in (projects["port-qasim"], projects["kohala"]))
    return [
        MeetingFactory(
            kind=MeetingKind.JCC,
            number=5,
            title="5th JCC",
            slug="jcc-5",
            date=datetime.date(2015, 11, 12),
            phase=phase1,
        ),
        MeetingFactory(
            kind=MeetingKind.SUMMIT,
            number=None,
            title="Beijing summit",
            slug="summit",
            date=datetime.date(2025, 9, 1),
            phase=phase2,
        ),
    ]


def meeting_slugs(params):
    return filtered(params, MeetingFilterSet, Meeting.objects.all())


def test_meeting_kind(meetings):
    assert meeting_slugs({"kind": "summit"}) == ["summit"]


def test_meeting_phase(meetings):
    assert meeting_slugs({"phase": "1"}) == ["jcc-5"]
    assert meeting_slugs({"phase": "phase-ii"}) == ["summit"]


def test_meeting_year(meetings):
    assert meeting_slugs({"year": "2025"}) == ["summit"]


@pytest.mark.parametrize("value", ["2015.5", "0", "10000", "1e3", "-2015"])
def test_meeting_year_must_be_a_whole_year(meetings, value):
    assert "year" in errors({"year": value}, MeetingFilterSet, Meeting)


def test_meeting_ordering(meetings):
    assert meeting_slugs({"ordering": "-date"}) == ["summit", "jcc-5"]
    assert meeting_slugs({"ordering": "title"}) == ["jcc-5", "summit"]


def test_a_trailing_newline_does_not_pass_for_a_slug(projects):
    assert "sector" in errors({"sector": "energy\n"})


def test_text_filters_ignore_surrounding_spaces(projects):
    assert filtered({"started_after": " 2016\n", "phase": " 1 "}) == ["karakoram"]
