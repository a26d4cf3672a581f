"""pandas reading the CSV export from a real server, as an analyst would."""

import json
import urllib.request

import pandas as pd
import pytest

from projects.datafiles import load_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curated(transactional_db):
    """The curated data set, as the site publishes it."""
    load_data()


def _count(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)["count"]


def _read(url: str) -> pd.DataFrame:
    return pd.read_csv(
        url,
        parse_dates=["start_date", "completion_date"],
        # Partial dates ("2016", "2024-10") read as their first day.
        date_format="ISO8601",
    )


def test_pandas_reads_the_csv_with_field_names_and_types(curated, live_server):
    """One test: loading the curated data into a live server's database is slow."""
    base = f"{live_server.url}/api/projects/"
    frame = _read(f"{base}?format=csv&headers=keys")
    assert len(frame) == _count(base) > 0
    assert frame.columns[0] == "slug"
    assert {"name", "phase_number", "sector_slug", "cost_usd_million"} <= set(
        frame.columns
    )
    assert pd.api.types.is_string_dtype(frame["slug"])
    assert frame["slug"].is_unique
    assert pd.api.types.is_float_dtype(frame["cost_usd_million"])
    assert frame["cost_usd_million"].notna().any()
    assert pd.api.types.is_integer_dtype(frame["phase_number"])
    for column in ("start_date", "completion_date"):
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    assert frame["start_date"].notna().any()

    # Filtered, and with the byte order mark a spreadsheet needs: the same frame.
    query = "status=operational"
    plain = _read(f"{base}?format=csv&headers=keys&{query}")
    marked = _read(f"{base}?format=csv&headers=keys&bom=1&{query}")
    assert len(plain) == _count(f"{base}?{query}") > 0
    # pandas drops the byte order mark: the first column is still "slug".
    assert list(marked.columns) == list(plain.columns)
    pd.testing.assert_frame_equal(marked, plain)
