"""The files' layout, their keys, and reading and writing YAML."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings

from ..models import (
    PROJECT_EDITABLE_FIELDS,
    SOURCE_EDITABLE_FIELDS,
)

DATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "data"

SOURCE_KEYS = SOURCE_EDITABLE_FIELDS
SECTOR_KEYS = ("slug", "name", "color", "description")
PHASE_KEYS = (
    "number",
    "slug",
    "name",
    "start_year",
    "end_year",
    "summary",
    "focus_sectors",
    "reported_investment_usd_million",
)
# A project file holds the editable fields (its slug is the file name; a date's
# precision is written in the date itself) and its route.
PROJECT_KEYS = (
    *(
        name
        for name in PROJECT_EDITABLE_FIELDS
        if name != "slug" and not name.endswith("_precision")
    ),
    "route",
)
MEETING_KEYS = (
    "slug",
    "kind",
    "number",
    "title",
    "date",
    "city",
    "country",
    "virtual",
    "co_chairs",
    "summary",
    "outcomes",
    "phase",
    "projects",
)
INDICATOR_KEYS = ("slug", "name", "value", "unit", "year", "description")
CITATION_KEYS = (
    "source",
    "field",
    "reported",
    "value",
    "locator",
    "headline",
    "planned",
    "note",
)
# Keys a file may leave out, with the value they then take.
OPTIONAL = {
    "author": "",
    "missing_reason": "",
    "outcomes": "",
    "virtual": False,
    "projects": [],
    "route": [],
    "works": "",
    "aliases": [],
    "field": "",
    "reported": "",
    "value": None,
    "headline": False,
    "planned": False,
    "note": "",
}


class DataFileError(Exception):
    """A data file breaks a rule; the message names the file, record and field."""

    def __init__(self, path: Path, record: str, field: str, message: str):
        self.path, self.record, self.field = path, record, field
        where = f"{_relative(path)}: {record}"
        super().__init__(
            f"{where}: {field}: {message}" if field else f"{where}: {message}"
        )


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path(settings.BASE_DIR)))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def to_decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"{value!r} is not a number")
    return Decimal(str(value))


def plain_number(value: Decimal | int | None):
    """A number as YAML should show it: 1912, not 1912.00."""
    if value is None:
        return None
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return int(number)
    return number


class _Dumper(yaml.SafeDumper):
    """Canonical YAML: decimals as plain numbers, block lists indented."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    Decimal,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:float", format(value, "f")
    ),
)


def dump_yaml(data) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )


def read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path, "file", "", "the file is missing") from None
    except yaml.YAMLError as exc:
        raise DataFileError(path, "file", "", f"not valid YAML: {exc}") from None
