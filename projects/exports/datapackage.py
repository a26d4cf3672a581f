"""The Frictionless data package (datapackage.json) that describes the bulk files.

Every CSV is a tabular resource with a Table Schema whose fields are the API's
fields (types from the serializers: integer, number, boolean, date, string with
the allowed values of a choice); the JSON, GeoJSON, SQLite and OC4IDS files are
plain file resources. Each resource carries its size and SHA-256, so `frictionless
validate datapackage.json` checks the bytes as well as every row.

The data is published under CC BY 4.0 (the code under MIT, in LICENSE).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.utils.translation import gettext_noop
from rest_framework import serializers

from ..api.serializers.fields import PartialDateField
from .bulk import (
    DATAPACKAGE_FILE,
    GEOJSON_FILE,
    JSON_FILE,
    OC4IDS_FILE,
    SQLITE_FILE,
    Table,
)
from .provenance import LICENCE, SITE_NAME, source_line

NAME = "cpec-tracker"
TITLE = "CPEC Tracker: projects, phases, meetings, sources and citations"
# The compilation's licence (provenance.LICENCE): the figures are facts reported
# by the cited sources, gathered, typed and checked here; no text of any source is
# included.
LICENCE_STATEMENT = gettext_noop(
    "The data is published under the Creative Commons Attribution 4.0 "
    "International licence (CC BY 4.0): reuse it freely, naming CPEC Tracker and "
    "the data version. The figures are facts reported by the cited sources; no "
    "text of any source is included."
)

FILES = [
    {
        "name": "all-records",
        "path": JSON_FILE,
        "title": "Every record in one JSON file",
        "format": "json",
        "mediatype": "application/json",
    },
    {
        "name": "project-features",
        "path": GEOJSON_FILE,
        "title": "Projects with coordinates or a route (GeoJSON, RFC 7946)",
        "format": "geojson",
        "mediatype": "application/geo+json",
    },
    {
        "name": "database",
        "path": SQLITE_FILE,
        "title": "Every table in one SQLite database",
        "format": "sqlite",
        "mediatype": "application/vnd.sqlite3",
    },
    {
        "name": "oc4ids",
        "path": OC4IDS_FILE,
        "title": "Projects as an OC4IDS 0.9.5 project package",
        "format": "json",
        "mediatype": "application/json",
    },
]


def field_type(field) -> tuple[str, dict]:
    """A Table Schema type (and constraints) for a serializer field."""
    if isinstance(field, serializers.BooleanField):
        return "boolean", {}
    if isinstance(field, serializers.IntegerField):
        return "integer", {}
    if isinstance(field, serializers.DecimalField | serializers.FloatField):
        return "number", {}
    if isinstance(field, serializers.DateTimeField):
        return "datetime", {}
    if isinstance(field, serializers.DateField):
        return "date", {}
    if isinstance(field, serializers.ChoiceField):
        return "string", {"enum": [str(key) for key in field.choices]}
    return "string", {}


def _description(field) -> str:
    if isinstance(field, PartialDateField):
        return (
            "ISO 8601 at the precision the sources give: 2016, 2016-04 or "
            "2016-04-10 (the *_precision column says which)."
        )
    if isinstance(field, serializers.ListSerializer | serializers.ManyRelatedField):
        return "Several values, separated by '; '."
    return str(field.help_text or "")


def table_schema(table: Table) -> dict:
    fields = []
    for column in table.columns:
        kind, constraints = field_type(column.field)
        entry = {"name": column.key, "type": kind}
        label = column.field.label
        if label:
            entry["title"] = str(label)
        if description := _description(column.field):
            entry["description"] = description
        if kind == "boolean":
            entry |= {"trueValues": ["true"], "falseValues": ["false"]}
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    return {"fields": fields, "primaryKey": [table.primary_key]}


def _integrity(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest.hexdigest()}"}


def _sources(meta: dict) -> list[dict]:
    """Where the data comes from: this site, and through it the cited sources."""
    homepage = meta.get("homepage", "")
    site = homepage.removesuffix("data/") if homepage else ""
    source = {"title": source_line(site) if site else SITE_NAME}
    if site:
        source["path"] = f"{site}sources/"
    return [source]


def write_datapackage(directory: Path, written: dict, meta: dict) -> dict:
    """Describe the files in ``directory``; ``meta`` holds the version and dates."""
    resources = []
    for table, count in written["tables"]:
        resources.append(
            {
                "name": table.name,
                "path": table.path,
                "title": f"{table.title} ({count} rows)",
                **({"description": table.description} if table.description else {}),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(table),
                **_integrity(directory / table.path),
            }
        )
    for entry in FILES:
        resources.append(
            {
                **entry,
                "profile": "data-resource",
                **_integrity(directory / entry["path"]),
            }
        )
    package = {
        "profile": "data-package",
        "name": NAME,
        "title": TITLE,
        "description": (
            f"Data version {meta['data_version']}, last changed "
            f"{meta['data_changed']}, written {meta['created']}. "
            f"{written['located']} projects have coordinates or a route. "
            f"{LICENCE_STATEMENT}"
        ),
        "version": str(meta["data_version"]),
        "created": meta["created"],
        "homepage": meta.get("homepage", ""),
        "cpec:dataVersion": meta["data_version"],
        "cpec:dataChanged": meta["data_changed"],
        "licenses": [LICENCE],
        "sources": _sources(meta),
        "resources": resources,
    }
    if not package["homepage"]:
        del package["homepage"]
    path = directory / DATAPACKAGE_FILE
    path.write_text(json.dumps(package, indent=1, ensure_ascii=False), "utf-8")
    return package
