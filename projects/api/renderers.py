"""CSV and GeoJSON for the lists.

CSV is every row of the filtered set, streamed: a list view hands the renderer the
whole filtered queryset and its serializer instead of one page (see
`RecordViewSet.list`), and rows are serialized one at a time so a large export
never sits in memory. GeoJSON comes in pages of features with links (see
`ProjectViewSet._geojson`), each page cached until the data changes.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from rest_framework import renderers, serializers
from rest_framework.utils.encoders import JSONEncoder

CHUNK_SIZE = 500

# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _flat_value(value):
    """A nested summary or a list of them, as one cell."""
    if isinstance(value, dict):
        return value.get("slug") or value.get("name") or json.dumps(value)
    if isinstance(value, list):
        return "; ".join(str(_flat_value(item)) for item in value)
    return value


class ExportRenderer(renderers.BaseRenderer):
    """A renderer whose list output is streamed from a queryset."""

    def rows(self, queryset, serializer) -> Iterator[dict]:
        for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield serializer.to_representation(obj)

    def stream(self, rows: Iterable[dict], serializer) -> Iterator[str]:
        raise NotImplementedError

    def streaming_response(self, queryset, serializer, *, basename: str):
        response = StreamingHttpResponse(
            self.stream(self.rows(queryset, serializer), serializer),
            content_type=f"{self.media_type}; charset={self.charset}",
        )
        response["Content-Disposition"] = (
            f'{self.disposition}; filename="{basename}.{self.format}"'
        )
        return response

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Lists are streamed by the view; anything else here is a single record.
        view = (renderer_context or {}).get("view")
        serializer = view.get_serializer() if view is not None else None
        rows = data if isinstance(data, list) else [data]
        return "".join(self.stream(rows, serializer)).encode(self.charset)


class _Echo:
    """A file-like object whose write() returns what it was given."""

    def write(self, value):
        return value


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    disposition = "attachment"

    @staticmethod
    def columns(serializer) -> list[tuple[str, str | None, str]]:
        """(field, subfield, header) for each column; nested summaries flattened."""
        columns = []
        for name, field in serializer.fields.items():
            if isinstance(field, serializers.Serializer):
                for sub_name, sub_field in field.fields.items():
                    header = f"{field.label} {_lower_first(sub_field.label)}"
                    columns.append((name, sub_name, header))
            else:
                columns.append((name, None, field.label))
        return columns

    @staticmethod
    def cell(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        value = _flat_value(value)
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value

    def stream(self, rows, serializer):
        writer = csv.writer(_Echo())
        if serializer is None:
            return
        columns = self.columns(serializer)
        yield writer.writerow([header for _, _, header in columns])
        for row in rows:
            yield writer.writerow(
                [
                    self.cell((row.get(name) or {}).get(sub) if sub else row.get(name))
                    for name, sub, _ in columns
                ]
            )


class GeoJSONRenderer(ExportRenderer):
    """An RFC 7946 FeatureCollection of the records that have coordinates."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = "utf-8"
    disposition = "inline"

    @staticmethod
    def geometry(row: dict) -> dict | None:
        """A route as a LineString, else the point; RFC 7946 puts longitude first."""
        route = row.get("route") or []
        if len(route) >= 2:
            return {
                "type": "LineString",
                "coordinates": [
                    [float(p["longitude"]), float(p["latitude"])] for p in route
                ],
            }
        latitude, longitude = row.get("latitude"), row.get("longitude")
        if latitude is None or longitude is None:
            return None
        return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}

    @classmethod
    def feature(cls, row: dict) -> dict | None:
        geometry = cls.geometry(row)
        if geometry is None:
            return None
        properties = {}
        for name, value in row.items():
            # A line's representative point stays in its properties.
            if name == "route" or (
                name in {"latitude", "longitude"} and geometry["type"] == "Point"
            ):
                continue
            if isinstance(value, dict):
                # phase -> phase (its number or slug) and phase_name.
                properties[name] = value.get("number", value.get("slug"))
                if "name" in value:
                    properties[f"{name}_name"] = value["name"]
            else:
                properties[name] = value
        return {
            "type": "Feature",
            "id": row.get("slug"),
            "geometry": geometry,
            "properties": properties,
        }

    def stream(self, rows, serializer, paging: dict | None = None):
        yield '{"type": "FeatureCollection", '
        for name, value in (paging or {}).items():
            yield f"{json.dumps(name)}: {json.dumps(value, cls=JSONEncoder)}, "
        yield '"features": ['
        separator = ""
        for row in rows:
            feature = self.feature(row)
            if feature is None:
                continue
            yield separator + json.dumps(feature, cls=JSONEncoder)
            separator = ", "
        yield "]}"
