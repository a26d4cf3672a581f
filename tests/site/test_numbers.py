"""Money as each language's readers count it: 亿 and 万 on Chinese pages."""

from decimal import Decimal

import pytest
from django.utils import translation

from projects.numbers import usd_million_text, usd_table_value
from tests.site.conftest import corridor  # noqa: F401  (the pages' data)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en-gb", Decimal("1912.5"), "US$1,912.5 million"),
        ("en-gb", Decimal("0.25"), "US$0.25 million"),
        ("zh-hans", Decimal("1912.5"), "19.125亿美元"),
        ("zh-hans", Decimal("62000"), "620亿美元"),
        ("zh-hans", Decimal("100"), "1亿美元"),
        ("zh-hans", Decimal("45.25"), "4525万美元"),
        ("zh-hans", Decimal("0.001"), "0.1万美元"),
        ("ur", Decimal("1912.5"), "1,912.5 ملین امریکی ڈالر"),
    ],
)
def test_a_sum_in_a_sentence(language, value, expected):
    with translation.override(language):
        assert usd_million_text(value) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en-gb", Decimal("1912.512"), "1,912.512"),
        ("ur", Decimal("1912.512"), "1,912.512"),
        # Exact to the thousand dollars: nothing rounded away.
        ("zh-hans", Decimal("1912.512"), "19.12512"),
        ("zh-hans", Decimal("6700"), "67"),
    ],
)
def test_a_cost_in_a_table(language, value, expected):
    with translation.override(language):
        assert usd_table_value(value) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("corridor")
def test_the_chinese_project_list_counts_costs_in_yi(client):
    page = client.get("/zh-hans/projects/").content.decode()
    assert "成本（亿美元）" in page
    assert ">67</td>" in page  # ML-1, US$6,700 million
    assert ">16</td>" in page  # the Orange Line, US$1,600 million
    english = client.get("/projects/").content.decode()
    assert ">6,700</td>" in english


@pytest.mark.django_db
@pytest.mark.usefixtures("corridor")
def test_the_chinese_project_page_says_its_cost_in_yi(client):
    page = client.get("/zh-hans/projects/ml-1/").content.decode()
    assert "67亿美元" in page
    assert "US$6,700 million" in client.get("/projects/ml-1/").content.decode()


@pytest.mark.parametrize("language", ["en-gb", "ur", "zh-hans"])
def test_django_groups_figures_as_the_pages_do(language):
    from django.template.defaultfilters import floatformat

    with translation.override(language):
        assert floatformat(Decimal("9483.4"), "0g") == "9,483"
