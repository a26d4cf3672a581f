"""Small read-only summaries of records, nested in other records' answers."""

from rest_framework import serializers

from ...models import Citation, Meeting, Phase, Project, Sector, Source
from .content import EnglishContent
from .fields import (
    AbsoluteURLField,
    OptionalURLField,
    PartialDateField,
    PrecisionField,
    TypedValueField,
)

# Summaries nested in other records.


class PhaseSummarySerializer(EnglishContent, serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["number", "name", "slug"]
        read_only_fields = fields


class SectorSummarySerializer(EnglishContent, serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name"]
        read_only_fields = fields


class SourceSummarySerializer(serializers.ModelSerializer):
    url = OptionalURLField()

    class Meta:
        model = Source
        fields = ["slug", "kind", "title", "publisher", "url", "published_on"]
        read_only_fields = fields


CITATION_FIELDS = [
    "field",
    "reported_value",
    "value",
    "locator",
    "is_headline",
    "is_planned",
    "note",
]


class CitationSerializer(serializers.ModelSerializer):
    source = SourceSummarySerializer(read_only=True)
    value = TypedValueField()

    class Meta:
        model = Citation
        fields = ["source", *CITATION_FIELDS]
        read_only_fields = fields


class MeetingSummarySerializer(EnglishContent, serializers.ModelSerializer):
    date = PartialDateField(source="date_display")
    date_precision = PrecisionField("date", label="Date precision")
    url = AbsoluteURLField()

    class Meta:
        model = Meeting
        fields = ["slug", "kind", "number", "title", "date", "date_precision", "url"]
        read_only_fields = fields


class ProjectSummarySerializer(EnglishContent, serializers.ModelSerializer):
    url = AbsoluteURLField()

    class Meta:
        model = Project
        fields = ["slug", "name", "status", "url"]
        read_only_fields = fields
