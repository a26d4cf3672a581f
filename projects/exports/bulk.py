"""The whole curated data set as files: CSV (one per kind of record), JSON, GeoJSON,
SQLite and OC4IDS, described by a Frictionless data package (datapackage.py).

Rows come from the API's read serializers and its list querysets, so a column here
is a field there; CSV cells and GeoJSON features come from the API's renderers
(CSVRenderer.columns and .cell, GeoJSONRenderer.stream), with field names as CSV
headers, as code reads them; a CSV's formula-like text is quoted for spreadsheets
(projects.exports.cells), the SQLite file's is not. Synthetic load-test records
are left out. Addresses of our pages (`url`) are site-relative: a build is not
tied to one host.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers
from rest_framework.utils.encoders import JSONEncoder

from ..api import serializers as s
from ..api import views
from ..api.renderers import CSVRenderer, GeoJSONRenderer
from ..api.serializers.fields import TypedValueField
from ..management.commands.seed_synthetic import SOURCE_SLUG as SYNTHETIC_SOURCE
from ..models import Citation, Project
from ..selectors import located_q
from .oc4ids import oc4ids_package

JSON_FILE = "cpec-tracker.json"
GEOJSON_FILE = "cpec-projects.geojson"
SQLITE_FILE = "cpec-tracker.sqlite"
OC4IDS_FILE = "cpec-oc4ids.json"
DATAPACKAGE_FILE = "datapackage.json"


class CitationRowSerializer(serializers.ModelSerializer):
    """A citation as one row: what it cites (type and slug), its source's slug,
    and the API's citation fields."""

    id = serializers.IntegerField(read_only=True)
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    record_type = serializers.CharField(source="content_type.model", read_only=True)
    record_slug = serializers.SerializerMethodField()
    value = TypedValueField()

    class Meta:
        model = Citation
        fields = [
            "id",
            "source",
            "record_type",
            "record_slug",
            *s.read.CITATION_FIELDS,
        ]
        read_only_fields = fields

    def get_record_slug(self, citation) -> str | None:
        record = citation.content_object
        return getattr(record, "slug", None) if record is not None else None


@dataclass
class Column:
    key: str  # the CSV header and SQLite column: field or field_subfield
    name: str
    sub: str | None
    field: serializers.Field


@dataclass
class Table:
    """One kind of record: its file, serializer, rows and primary key."""

    name: str
    title: str
    serializer: serializers.Serializer
    queryset: object
    primary_key: str
    description: str = ""
    columns: list[Column] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"cpec-{self.name}.csv"

    def records(self) -> list[dict]:
        # .all(): a viewset's class-level queryset must never keep its results.
        rows = self.queryset.all()
        return [self.serializer.to_representation(obj) for obj in rows]


CITATIONS_DESCRIPTION = (
    "Each figure's sources: the record cited (record_type, record_slug), the source "
    "(its slug in sources), the field, the value as the source states it and typed, "
    "and where in the source it stands."
)


def _querysets() -> dict[str, object]:
    """The API's list querysets, without synthetic records, in a stable order."""
    return {
        "projects": views.ProjectViewSet.queryset.filter(is_synthetic=False)
        .select_related("phase", "sector")
        .order_by("slug"),
        "phases": views.PhaseViewSet.queryset,
        "sectors": views.SectorViewSet.queryset,
        "meetings": views.MeetingViewSet.queryset.filter(is_synthetic=False).order_by(
            "slug"
        ),
        "sources": views.SourceViewSet.queryset.exclude(slug=SYNTHETIC_SOURCE),
        "citations": Citation.objects.select_related("source", "content_type")
        .prefetch_related("content_object")
        .exclude(project__is_synthetic=True)
        .exclude(meeting__is_synthetic=True)
        .order_by("id"),
        "indicators": views.IndicatorViewSet.queryset.order_by("slug"),
    }


def tables() -> list[Table]:
    """Every kind of record, in the API's list shape."""
    querysets = _querysets()
    items = [
        Table("projects", "Projects", s.ProjectSerializer(), None, "slug"),
        Table("phases", "Phases", s.PhaseSerializer(), None, "number"),
        Table("sectors", "Sectors", s.SectorSerializer(), None, "slug"),
        Table("meetings", "Meetings", s.MeetingSerializer(), None, "slug"),
        Table("sources", "Sources", s.SourceSerializer(), None, "slug"),
        Table(
            "citations",
            "Citations",
            CitationRowSerializer(),
            None,
            "id",
            CITATIONS_DESCRIPTION,
        ),
        Table("indicators", "Indicators", s.IndicatorSerializer(), None, "slug"),
    ]
    for table in items:
        table.queryset = querysets[table.name]
        table.columns = columns(table.serializer)
    return items


def columns(serializer) -> list[Column]:
    """The renderer's columns (nested summaries flattened), keyed by field name."""
    out = []
    for name, sub, _label in CSVRenderer.columns(serializer):
        field_ = serializer.fields[name]
        if sub:
            out.append(Column(f"{name}_{sub}", name, sub, field_.fields[sub]))
        else:
            out.append(Column(name, name, None, field_))
    return out


def cells(table: Table, record: dict, *, spreadsheet: bool = True) -> list:
    """A record's cells; for a CSV (`spreadsheet`), formula-like text is quoted.

    The SQLite file takes the values unquoted: code reads it, not a spreadsheet.
    """
    cell = CSVRenderer.cell if spreadsheet else CSVRenderer.plain_cell
    row = []
    for column in table.columns:
        value = record.get(column.name)
        if column.sub:
            value = (value or {}).get(column.sub)
        row.append(cell(value))
    return row


def write_csv(path: Path, table: Table, records: list[dict]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.key for column in table.columns])
        writer.writerows(cells(table, record) for record in records)


SQLITE_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def write_sqlite(path: Path, content: list[tuple[Table, list[dict]]]) -> None:
    """One table per CSV, the same columns, typed; the primary key declared."""
    from .datapackage import field_type

    connection = sqlite3.connect(path)
    try:
        for table, records in content:
            types = [field_type(column.field)[0] for column in table.columns]
            definition = ", ".join(
                f'"{column.key}" {SQLITE_TYPES.get(kind, "TEXT")}'
                + (" PRIMARY KEY" if column.key == table.primary_key else "")
                for column, kind in zip(table.columns, types, strict=True)
            )
            connection.execute(f'CREATE TABLE "{table.name}" ({definition})')
            marks = ", ".join("?" for _ in table.columns)
            connection.executemany(
                f'INSERT INTO "{table.name}" VALUES ({marks})',
                (
                    [
                        _sqlite_value(v, k)
                        for v, k in zip(
                            cells(table, r, spreadsheet=False), types, strict=True
                        )
                    ]
                    for r in records
                ),
            )
        connection.commit()
    finally:
        connection.close()


def _sqlite_value(cell, kind: str):
    if cell == "":
        return None
    if kind == "boolean":
        return 1 if cell == "true" else 0
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    return cell


def write_geojson(path: Path) -> int:
    """Every located project in one FeatureCollection, as the API draws them."""
    renderer, serializer = GeoJSONRenderer(), s.ProjectSerializer()
    located = (
        Project.objects.filter(located_q(), is_synthetic=False)
        .select_related("phase", "sector")
        .order_by("slug")
    )
    rows = (serializer.to_representation(p) | {"route": p.route} for p in located)
    with path.open("w", encoding="utf-8") as handle:
        for chunk in renderer.stream(rows, serializer):
            handle.write(chunk)
    return located.count()


def write_json(path: Path, content: list[tuple[Table, list[dict]]], meta: dict) -> None:
    """Every record in one file, nested as the API gives them; projects with routes."""
    routes = dict(
        Project.objects.filter(is_synthetic=False).values_list("slug", "route")
    )
    document = dict(meta)
    for table, records in content:
        if table.name == "projects":
            records = [r | {"route": routes.get(r["slug"]) or []} for r in records]
        document[table.name] = records
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, cls=JSONEncoder, ensure_ascii=False, indent=1)


def write_files(directory: Path, *, base_url: str, meta: dict) -> dict:
    """Write every file into ``directory``; return what datapackage.json needs."""
    directory.mkdir(parents=True, exist_ok=True)
    ContentType.objects.clear_cache()
    content = [(table, table.records()) for table in tables()]
    for table, records in content:
        write_csv(directory / table.path, table, records)
    write_json(directory / JSON_FILE, content, meta)
    located = write_geojson(directory / GEOJSON_FILE)
    write_sqlite(directory / SQLITE_FILE, content)
    package = oc4ids_package(f"{base_url.rstrip('/')}/data/files/{OC4IDS_FILE}")
    with (directory / OC4IDS_FILE).open("w", encoding="utf-8") as handle:
        json.dump(package, handle, ensure_ascii=False, indent=1)
    return {
        "tables": [(table, len(records)) for table, records in content],
        "located": located,
    }
