"""Reading a source's wording into typed values, and comparing them."""

import datetime
from decimal import Decimal

import pytest

from projects.models import Citation
from projects.reported import (
    read_coordinate,
    read_date,
    read_money,
    read_number,
    sources_disagree,
)


@pytest.mark.parametrize(
    ("text", "millions"),
    [
        ("$1.912bn", Decimal("1912")),
        ("US$ 1,420 million", Decimal("1420")),
        ("about US$1.74 billion", Decimal("1740")),
        ("1.6 billion dollars", Decimal("1600")),
        ("$356m", Decimal("356")),
        ("$2.085-billion", Decimal("2085")),
        ("US $ 2 trillion", Decimal("2000000")),
    ],
)
def test_money_is_read_in_us_dollar_millions(text, millions):
    assert read_money(text).number == millions


def test_a_rupee_figure_is_not_read_as_dollars():
    assert read_money("Rs 162bn") is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("720 Mega Watt", Decimal("720")),
        ("2 x 660 MW", Decimal("1320")),
        ("1,320 MW (2 × 660 MW)", Decimal("1320")),
        ("two units of 660 MW each", Decimal("1320")),
        ("4x275MW plus 2x12MW", Decimal("1124")),
        ("1.4GW", Decimal("1400")),
        ("392 km", Decimal("392")),
    ],
)
def test_numbers_are_read_with_their_multiples(text, number):
    assert read_number(text).number == number


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("June 29, 2022", datetime.date(2022, 6, 29), "day"),
        ("29th June 2022", datetime.date(2022, 6, 29), "day"),
        ("December 2016", datetime.date(2016, 12, 1), "month"),
        ("end of 2021", datetime.date(2021, 1, 1), "year"),
        ("from 4-8 June 2024", datetime.date(2024, 6, 4), "day"),
        ("August 31 to September 1, 2025", datetime.date(2025, 8, 31), "day"),
        ("2026-27", datetime.date(2027, 1, 1), "year"),
        ("2016-12", datetime.date(2016, 12, 1), "month"),
    ],
)
def test_dates_are_read_at_the_precision_the_wording_gives(text, date, precision):
    reading = read_date(text)
    assert (reading.date, reading.precision) == (date, precision)


def test_coordinates_are_read_from_degrees_minutes_and_seconds():
    reading = read_coordinate("33°35′59″ N")
    assert abs(reading.number - Decimal("33.599722")) < Decimal("0.000001")
    assert read_coordinate("30.71422").number == Decimal("30.71422")
    middle = read_coordinate("24° 44'N to 24° 51'N")
    assert abs(middle.number - Decimal("24.791667")) < Decimal("0.000001")


def cite(reported, number=None, date=None, precision="", planned=False, field="x"):
    return Citation(
        field=field,
        reported_value=reported,
        value_number=number,
        value_date=date,
        value_date_precision=precision,
        is_planned=planned,
    )


def test_the_same_figure_in_other_words_is_no_conflict():
    citations = [
        cite("1,320 MW (2 x 660 MW)", Decimal("1320"), field="capacity"),
        cite("1,320 MW", Decimal("1320"), field="capacity"),
    ]
    assert not sources_disagree(citations, "project")


def test_figures_within_the_wordings_rounding_agree():
    citations = [
        cite("about $1.8bn", Decimal("1800"), field="cost_usd_million"),
        cite("$1.78bn", Decimal("1780"), field="cost_usd_million"),
    ]
    assert not sources_disagree(citations, "project")


def test_figures_beyond_rounding_disagree():
    citations = [
        cite("$1.912bn", Decimal("1912"), field="cost_usd_million"),
        cite("about $1.8bn", Decimal("1800"), field="cost_usd_million"),
    ]
    assert sources_disagree(citations, "project")


def test_a_planned_date_is_not_set_against_what_happened():
    actual = cite("28 October 2017", date=datetime.date(2017, 10, 28), precision="day")
    plan = cite(
        "25 December 2017",
        date=datetime.date(2017, 12, 25),
        precision="day",
        planned=True,
    )
    assert not sources_disagree([actual, plan], "x")
    other = cite("5 May 2018", date=datetime.date(2018, 5, 5), precision="day")
    assert sources_disagree([actual, other], "x")


def test_a_year_agrees_with_a_day_in_that_year():
    year = cite("2017", date=datetime.date(2017, 1, 1), precision="year")
    day = cite("28 October 2017", date=datetime.date(2017, 10, 28), precision="day")
    assert not sources_disagree([year, day], "x")
