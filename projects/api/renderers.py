"""CSV and GeoJSON for the lists.

CSV is every row of the filtered set, streamed: a list view hands the renderer the
whole filtered queryset and its serializer instead of one page (see
`RecordViewSet.list`), and rows are serialized one at a time so a large export
never sits in memory. GeoJSON comes in pages of features with links (see
`ProjectViewSet._geojson`), each page cached until the data changes.

CSV options, for spreadsheets and for code:
- `?bom=1` starts the file with a UTF-8 byte order mark, without which Excel
  reads UTF-8 as Windows-1252 ("2025–29" shows as "2025â€“29"). Off by default:
  a BOM is a stray character to most CSV readers that code uses (Python's csv
  module, sqlite-utils, a shell pipeline), and the file is UTF-8 either way.
- `?headers=keys` heads the columns with the JSON field names (`phase_number`,
  `cost_usd_million`) instead of their labels ("Phase number").
A text cell a spreadsheet would run as a formula starts with a "'" (see
projects.exports.cells); numbers are left as they are.
The file is named after the list and its filters
(`cpec-projects-status-operational.csv`), in letters, digits, "-" and "_" only.
Its first row is the header row (a contract for code); the source, licence, data
version and time of the last update come as HTTP headers instead (`Link` with
rel="license" and rel="describedby", `X-Data-Source`, `X-Data-Version`,
`X-Data-Updated`; see projects.exports.provenance).
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.text import slugify
from rest_framework import renderers, serializers
from rest_framework.utils.encoders import JSONEncoder

from ..exports.cells import spreadsheet_cell
from ..exports.provenance import Provenance

CHUNK_SIZE = 500

# Parameters that shape an export rather than select its rows.
EXPORT_PARAMS = ("bom", "headers")
NOT_FILTERS = frozenset({"format", "page", "page_size", *EXPORT_PARAMS})
FILENAME_MAX = 120
UTF8_BOM = "\ufeff"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _flat_value(value):
    """A nested summary or a list of them, as one cell."""
    if isinstance(value, dict):
        return value.get("slug") or value.get("name") or json.dumps(value)
    if isinstance(value, list):
        return "; ".join(str(_flat_value(item)) for item in value)
    return value


def export_filename(request, basename: str, extension: str) -> str:
    """`cpec-<list>-<filter>-<value>...<.extension>`, in safe characters only.

    The list is the address's last segment (`projects`), else the basename; each
    filter in name order, a comma-separated value as its parts. Cut at
    FILENAME_MAX characters.
    """
    path = getattr(request, "path", "") or ""
    segments = [part for part in path.split("/") if part]
    parts = ["cpec", slugify(segments[-1] if segments else basename) or "export"]
    query = getattr(request, "query_params", None) or getattr(request, "GET", {})
    for name in sorted(set(query) - NOT_FILTERS):
        values = [
            slugify(piece)
            for value in query.getlist(name)
            for piece in value.split(",")
        ]
        values = [value for value in values if value]
        if values:
            parts += [slugify(name), *values]
    stem = "-".join(parts)[:FILENAME_MAX].rstrip("-_")
    return f"{stem}.{extension}"


def _flag(request, name: str, *, default: bool = False) -> bool:
    raw = request.query_params.get(name, "") if request is not None else ""
    value = raw.strip().lower()
    if value == "":
        return default
    if value in {"1", "true", "yes"}:
        return True
    if value in {"0", "false", "no"}:
        return False
    raise serializers.ValidationError({name: ["Use 1 or 0."]})


class ExportRenderer(renderers.BaseRenderer):
    """A renderer whose list output is streamed from a queryset."""

    def rows(self, queryset, serializer) -> Iterator[dict]:
        for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield serializer.to_representation(obj)

    def stream(self, rows: Iterable[dict], serializer, **options) -> Iterator[str]:
        raise NotImplementedError

    def options(self, request) -> dict:
        """This format's options read from the query; a 400 if one is invalid."""
        return {}

    def streaming_response(self, queryset, serializer, *, basename: str):
        request = serializer.context.get("request")
        # Read before the first byte is sent, so a bad option is a 400.
        options = self.options(request)
        response = StreamingHttpResponse(
            self.stream(self.rows(queryset, serializer), serializer, **options),
            content_type=f"{self.media_type}; charset={self.charset}",
        )
        return self.dress(response, request, basename)

    def dress(self, response, request, basename: str):
        """The export's headers on a response carrying its body: its file name."""
        filename = export_filename(request, basename, self.format)
        response["Content-Disposition"] = f'{self.disposition}; filename="{filename}"'
        return response

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Lists are streamed by the view; anything else here is a single record.
        view = (renderer_context or {}).get("view")
        serializer = view.get_serializer() if view is not None else None
        rows = data if isinstance(data, list) else [data]
        options = self.options((renderer_context or {}).get("request"))
        return "".join(self.stream(rows, serializer, **options)).encode(self.charset)


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
    def provenance_headers(request) -> dict[str, str]:
        """The source, licence, data version and date, for the HTTP headers."""
        if request is None:
            return {}
        provenance = Provenance.current(request.build_absolute_uri())
        sources = request.build_absolute_uri(reverse("projects:source-list"))
        return provenance.http_headers(sources)

    def dress(self, response, request, basename: str):
        response = super().dress(response, request, basename)
        for name, value in self.provenance_headers(request).items():
            response[name] = value
        return response

    def options(self, request) -> dict:
        headers = request.query_params.get("headers", "") if request is not None else ""
        if headers not in {"", "labels", "keys"}:
            raise serializers.ValidationError({"headers": ["Use labels or keys."]})
        return {"bom": _flag(request, "bom"), "keys": headers == "keys"}

    @staticmethod
    def columns(serializer, keys: bool = False) -> list[tuple[str, str | None, str]]:
        """(field, subfield, header) for each column; nested summaries flattened.

        The header is the field's label, or with `keys` its name (`phase_number`
        for a nested summary's field).
        """
        columns = []
        for name, field in serializer.fields.items():
            if isinstance(field, serializers.Serializer):
                for sub_name, sub_field in field.fields.items():
                    header = (
                        f"{name}_{sub_name}"
                        if keys
                        else f"{field.label} {_lower_first(sub_field.label)}"
                    )
                    columns.append((name, sub_name, header))
            else:
                columns.append((name, None, name if keys else field.label))
        return columns

    @staticmethod
    def plain_cell(value):
        """The value as one cell, as code reads it (the SQLite file's too)."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return _flat_value(value)

    @classmethod
    def cell(cls, value):
        """The value as one CSV cell, safe to open in a spreadsheet."""
        return spreadsheet_cell(cls.plain_cell(value))

    def stream(self, rows, serializer, *, bom: bool = False, keys: bool = False):
        writer = csv.writer(_Echo())
        if serializer is None:
            return
        columns = self.columns(serializer, keys=keys)
        header = writer.writerow([header for _, _, header in columns])
        yield (UTF8_BOM + header) if bom else header
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


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """The browsable API, whose format menu lists every format the view renders.

    DRF's menu lists the view's renderer_classes, which leaves out the exports a
    list adds in get_renderers() (CSV; GeoJSON on projects).
    """

    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        view = renderer_context["view"]
        context["available_formats"] = [r.format for r in view.get_renderers()]
        return context
