"""The data model: records, meetings, sources with their citations, the data
version, and API tokens as the admin lists them. Each figure a record holds is
backed by citations (sources.Citation)."""

from .base import (
    CONSTRAINT_FIELDS,
    HEX_COLOR,
    DataVersion,
    SluggedModel,
    TimeStampedModel,
    constraint_field,
    constraint_for_message,
)
from .imports import ImportJob
from .meetings import Meeting
from .records import (
    PHASE_EDITABLE_FIELDS,
    PROJECT_EDITABLE_FIELDS,
    ROUTE_POINT_KEYS,
    Indicator,
    Phase,
    Project,
    ProjectQuerySet,
    Sector,
    route_errors,
)
from .sources import SOURCE_EDITABLE_FIELDS, Citation, Source, excluded_host
from .tokens import APIToken

__all__ = [
    "CONSTRAINT_FIELDS",
    "HEX_COLOR",
    "PHASE_EDITABLE_FIELDS",
    "PROJECT_EDITABLE_FIELDS",
    "ROUTE_POINT_KEYS",
    "SOURCE_EDITABLE_FIELDS",
    "APIToken",
    "Citation",
    "DataVersion",
    "ImportJob",
    "Indicator",
    "Meeting",
    "Phase",
    "Project",
    "ProjectQuerySet",
    "Sector",
    "SluggedModel",
    "Source",
    "TimeStampedModel",
    "constraint_field",
    "constraint_for_message",
    "excluded_host",
    "route_errors",
]
