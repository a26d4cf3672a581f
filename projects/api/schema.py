"""OpenAPI pieces that drf-spectacular cannot infer: the CSV and GeoJSON bodies,
the format and lookup parameters, the read shape writes answer with, the errors.

Each body is a placeholder serializer mapped to a raw schema by an extension, and
marked `many=False` so it is not wrapped in the JSON pagination envelope.
"""

import copy

from django.conf import settings
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers

POSITION = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
GEOJSON_SCHEMA = {
    "type": "object",
    "description": "An RFC 7946 FeatureCollection of the projects that have "
    "coordinates or a route; each position is [longitude, latitude]. A road, railway, "
    "line or cable with a route is a LineString through its places (its "
    "representative point stays in latitude and longitude), any other project a "
    "Point. In pages of 1,000 features "
    "(page_size up to 5,000): numberMatched counts every located project of the "
    "filter, numberReturned this page, and links give the next and previous "
    "pages, as in OGC API Features.",
    "required": ["type", "features", "numberMatched", "numberReturned", "links"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "numberMatched": {"type": "integer"},
        "numberReturned": {"type": "integer"},
        "links": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["rel", "href", "type"],
                "properties": {
                    "rel": {"type": "string", "enum": ["next", "prev"]},
                    "href": {"type": "string", "format": "uri"},
                    "type": {"type": "string", "enum": ["application/geo+json"]},
                },
            },
        },
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string"},
                    "geometry": {
                        "oneOf": [
                            {
                                "type": "object",
                                "properties": {
                                    "type": {"type": "string", "enum": ["Point"]},
                                    "coordinates": POSITION,
                                },
                            },
                            {
                                "type": "object",
                                "properties": {
                                    "type": {
                                        "type": "string",
                                        "enum": ["LineString"],
                                    },
                                    "coordinates": {
                                        "type": "array",
                                        "items": POSITION,
                                        "minItems": 2,
                                    },
                                },
                            },
                        ]
                    },
                    "properties": {"type": "object", "additionalProperties": True},
                },
            },
        },
    },
}

CSV_SCHEMA = {
    "type": "string",
    "description": "CSV with a header row of readable labels and every row of the "
    "filtered list; nested records are flattened into columns.",
}


@extend_schema_serializer(many=False)
class CSVDocument(serializers.Serializer):
    """Placeholder for a CSV body."""


@extend_schema_serializer(many=False)
class GeoJSONDocument(serializers.Serializer):
    """Placeholder for a GeoJSON body."""


class CSVDocumentExtension(OpenApiSerializerExtension):
    target_class = CSVDocument

    def map_serializer(self, auto_schema, direction):
        # A copy: drf-spectacular's enum post-processing rewrites what it is given
        # in place, which would break every later generation in this process.
        return copy.deepcopy(CSV_SCHEMA)


class GeoJSONDocumentExtension(OpenApiSerializerExtension):
    target_class = GeoJSONDocument

    def map_serializer(self, auto_schema, direction):
        return copy.deepcopy(GEOJSON_SCHEMA)


# Parameters and responses, for the viewsets' extend_schema_view().

PHASE_LOOKUP = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    description="The phase's slug or its number.",
)


def _format_parameter(formats):
    return OpenApiParameter(
        "format",
        str,
        enum=["json", *formats],
        description="csv: every row of the filtered list (not one page), with "
        "readable column headers."
        + (
            " geojson: an RFC 7946 FeatureCollection of the projects that have "
            "coordinates, [longitude, latitude], in pages of 1,000 features with "
            "numberMatched, numberReturned and next/prev links."
            if "geojson" in formats
            else ""
        ),
    )


def list_schema(serializer, formats=("csv",)):
    """A list's formats: JSON pages of `serializer`, CSV and perhaps GeoJSON."""
    responses = {
        (200, "application/json"): serializer(many=True),
        (200, "text/csv"): CSVDocument,
    }
    if "geojson" in formats:
        responses[(200, "application/geo+json")] = GeoJSONDocument
    parameters = [_format_parameter(formats), *CSV_PARAMETERS]
    return extend_schema(parameters=parameters, responses=responses)


CSV_PARAMETERS = [
    OpenApiParameter(
        "bom",
        bool,
        required=False,
        description="With format=csv: start the file with a UTF-8 byte order mark "
        "(for Excel).",
    ),
    OpenApiParameter(
        "headers",
        str,
        enum=["labels", "keys"],
        required=False,
        description="With format=csv: head the columns with readable labels "
        "(default) or with the JSON field names.",
    ),
]


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag a signed-in GET of the record gave: the change is made "
    "only if the record has not changed since (else 412 Precondition Failed).",
)


def write_schemas(read_serializer, parameters=()):
    """Writes take the write serializer and answer in the read shape; changes
    and deletes take If-Match."""
    parameters = [*parameters, IF_MATCH]
    return {
        "create": extend_schema(responses={201: read_serializer}),
        "update": extend_schema(
            responses={200: read_serializer}, parameters=parameters
        ),
        "partial_update": extend_schema(
            responses={200: read_serializer}, parameters=parameters
        ),
        "destroy": extend_schema(parameters=parameters),
    }


def lookup_schemas(parameter):
    """The one-record reads, with `parameter` for the address's slug (deletes
    take it from write_schemas' parameters)."""
    return {"retrieve": extend_schema(parameters=[parameter])}


# Errors.

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong, in words.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "The messages for each parameter or field that was refused; "
    "rules about the record as a whole are under non_field_errors.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

BAD_REQUEST_SCHEMA = {
    "description": "Refused parameters or fields with their messages, or a body "
    "that could not be read.",
    "oneOf": [
        {"$ref": "#/components/schemas/ValidationError"},
        {"$ref": "#/components/schemas/Error"},
    ],
}


class APITokenScheme(KnoxTokenScheme):
    """The token header, with how tokens are issued and how long they last."""

    # drf-spectacular's extension for knox matches knox's own class only.
    target_class = "projects.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            **super().get_security_definition(auto_schema),
            "description": (
                "An editor's API token, sent as `Authorization: Token <key>`. "
                "Tokens are issued by `manage.py create_api_token`, shown once, and "
                f"expire (after {settings.API_TOKEN_TTL_DAYS} days unless issued "
                "for another term); an expired or revoked token is a 401."
            ),
        }


_ERRORS = {
    "400": ("BadRequest", "A parameter or field was refused; see the messages."),
    "401": (
        "Error",
        "No valid credentials: the token is missing, mistyped, revoked or expired "
        "(the message says which).",
    ),
    "403": ("Error", "Not allowed: writes need an account with the permission."),
    "404": ("Error", "No such record, page or format."),
    "409": ("Error", "Still referred to by other records."),
    "412": (
        "Error",
        "If-Match did not name the record's current ETag: it has changed since "
        "it was read. Read it again and resend the change.",
    ),
    "413": ("Error", "The request body is larger than the API accepts."),
    "429": ("Error", "Too many requests; see the Retry-After header."),
}


def _error_codes(method: str, path: str) -> list[str]:
    detail = path.endswith("}/")
    codes = {
        "get": ["404", "429"] if detail else ["400", "404", "429"],
        "post": ["400", "401", "403", "413", "429"],
        "put": ["400", "401", "403", "404", "412", "413", "429"],
        "patch": ["400", "401", "403", "404", "412", "413", "429"],
        "delete": ["401", "403", "404", "409", "412", "429"],
    }
    return codes.get(method, [])


def add_error_responses(result, generator, request, public):
    """A postprocessing hook: every API operation lists the errors it can answer."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", copy.deepcopy(ERROR_SCHEMA))
    schemas.setdefault("ValidationError", copy.deepcopy(VALIDATION_ERROR_SCHEMA))
    schemas.setdefault("BadRequest", copy.deepcopy(BAD_REQUEST_SCHEMA))
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _error_codes(method, path):
                name, description = _ERRORS[code]
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{name}"}
                            }
                        },
                    },
                )
    return result
