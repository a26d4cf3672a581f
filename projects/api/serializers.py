"""API serializers.

Reads: every field listed, related records nested as small read-only summaries,
dates as ISO 8601 at the precision the sources give. Writes: separate serializers
that take plain values (slugs, a full date plus its precision) and validate as the
admin does, field rules and then the model's clean() and database constraints, so a
broken rule is a 400 with its message.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from ..choices import CapacityUnit
from ..dates import PARTIAL_DATE_PATTERN
from ..lookups import SLUG_RE, is_number, phase_lookup
from ..models import (
    PROJECT_EDITABLE_FIELDS,
    SOURCE_EDITABLE_FIELDS,
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
    truncate_date,
)
from ..reported import headline_errors
from ..selectors import SUPPORTS_SHOWN

# Stands for the slug while a project address is reversed once per serializer.
SLUG_SLOT = "__slug__"

PARTIAL_DATE_HELP = (
    "ISO 8601 at the precision the sources give: a year (2016), a month (2016-04) "
    "or a day (2016-04-10); a year-only date is never padded to 2016-01-01. "
    "The matching *_precision field says which."
)


@extend_schema_field(
    {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "nullable": True,
        "description": PARTIAL_DATE_HELP,
        "example": "2016-04",
    }
)
class PartialDateField(serializers.CharField):
    """A date shown at its stored precision (read from the model's *_display)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteURLField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", read_only=True, **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


@extend_schema_field(
    {"type": "string", "format": "uri", "nullable": True, "example": "https://..."}
)
class OptionalURLField(serializers.CharField):
    """A web address, or null where none is recorded (never an empty string)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


# Summaries nested in other records.


class PhaseSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["number", "name", "slug"]
        read_only_fields = fields


class SectorSummarySerializer(serializers.ModelSerializer):
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


TYPED_VALUE_HELP = (
    "The reported value in the field's unit: a number (US$ million for costs) or an "
    "ISO 8601 date at the precision the source gives."
)
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
    value = serializers.CharField(
        source="typed_value_display",
        read_only=True,
        allow_null=True,
        help_text=TYPED_VALUE_HELP,
    )

    class Meta:
        model = Citation
        fields = ["source", *CITATION_FIELDS]
        read_only_fields = fields


class MeetingSummarySerializer(serializers.ModelSerializer):
    date = PartialDateField(source="date_display")
    url = AbsoluteURLField()

    class Meta:
        model = Meeting
        fields = ["slug", "kind", "number", "title", "date", "date_precision", "url"]
        read_only_fields = fields


class ProjectSummarySerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()

    class Meta:
        model = Project
        fields = ["slug", "name", "status", "url"]
        read_only_fields = fields


# Read serializers.


class ProjectSerializer(serializers.ModelSerializer):
    phase = PhaseSummarySerializer(read_only=True)
    sector = SectorSummarySerializer(read_only=True)
    # Declared for its allow_blank, which a read-only model field loses: no
    # capacity, no unit.
    capacity_unit = serializers.ChoiceField(
        choices=CapacityUnit.choices, allow_blank=True, read_only=True
    )
    start_date = PartialDateField(source="start_date_display")
    completion_date = PartialDateField(source="completion_date_display")
    url = AbsoluteURLField(label="Page")
    is_synthetic = serializers.BooleanField(
        read_only=True,
        label="Synthetic",
        help_text="Generated by seed_synthetic for load tests: not real data.",
    )

    class Meta:
        model = Project
        fields = [*PROJECT_EDITABLE_FIELDS, "url", "is_synthetic"]
        read_only_fields = fields

    @cached_property
    def _page_url(self) -> tuple[str, str]:
        """A project page's absolute address, around its slug, worked out once."""
        path = reverse("projects:project-detail", kwargs={"slug": SLUG_SLOT})
        request = self.context.get("request")
        url = request.build_absolute_uri(path) if request is not None else path
        before, after = url.split(SLUG_SLOT)
        return before, after

    def to_representation(self, instance):
        """What the declared fields give, written out: the lists' hot path.

        DRF's field-by-field machinery and a reverse() per row cost about 0.7 ms
        a project; a page of 500, or a CSV of 100,000, adds up. The detail
        serializer, which nests citations and meetings, keeps the generic path.
        test_api checks the two give the same for every field.
        """
        if type(self) is not ProjectSerializer:
            return super().to_representation(instance)
        phase, sector = instance.phase, instance.sector
        before, after = self._page_url
        return {
            "slug": instance.slug,
            "name": instance.name,
            "phase": {"number": phase.number, "name": phase.name, "slug": phase.slug},
            "sector": {"slug": sector.slug, "name": sector.name},
            "status": instance.status,
            "province": instance.province,
            "location": instance.location,
            "latitude": instance.latitude,
            "longitude": instance.longitude,
            "capacity": instance.capacity,
            "capacity_unit": instance.capacity_unit,
            "cost_usd_million": instance.cost_usd_million,
            "start_date": instance.start_date_display,
            "start_date_precision": instance.start_date_precision,
            "completion_date": instance.completion_date_display,
            "completion_date_precision": instance.completion_date_precision,
            "sponsors": instance.sponsors,
            "description": instance.description,
            "url": f"{before}{instance.slug}{after}",
            "is_synthetic": instance.is_synthetic,
        }


class ProjectDetailSerializer(ProjectSerializer):
    route = serializers.JSONField(
        read_only=True,
        help_text="For linear projects: the places on the way, in order, each with "
        "latitude, longitude and the source that gives them.",
    )
    citations = CitationSerializer(many=True, read_only=True)
    meetings = MeetingSummarySerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "route", "citations", "meetings"]
        read_only_fields = fields


class ProjectTotalsFields(serializers.Serializer):
    """The annotated project totals that phases and sectors both carry."""

    project_count = serializers.IntegerField(read_only=True)
    known_cost_usd_million = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        help_text="The sum of the tracked projects' known costs (0 when none is "
        "known).",
    )
    unknown_cost_count = serializers.IntegerField(
        read_only=True, help_text="How many of the projects have no known cost."
    )


class PhaseSerializer(ProjectTotalsFields, serializers.ModelSerializer):
    focus_sectors = SectorSummarySerializer(many=True, read_only=True)
    url = AbsoluteURLField(label="Page")

    class Meta:
        model = Phase
        fields = [
            "number",
            "name",
            "slug",
            "start_year",
            "end_year",
            "summary",
            "focus_sectors",
            "reported_investment_usd_million",
            "project_count",
            "known_cost_usd_million",
            "unknown_cost_count",
            "url",
        ]
        read_only_fields = fields


class SectorSerializer(ProjectTotalsFields, serializers.ModelSerializer):
    url = AbsoluteURLField(label="Page")

    class Meta:
        model = Sector
        fields = [
            "slug",
            "name",
            "description",
            "color",
            "project_count",
            "known_cost_usd_million",
            "unknown_cost_count",
            "url",
        ]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    date = PartialDateField(source="date_display")
    phase = PhaseSummarySerializer(read_only=True, allow_null=True)
    projects = ProjectSummarySerializer(many=True, read_only=True)
    url = AbsoluteURLField(label="Page")
    is_synthetic = serializers.BooleanField(
        read_only=True,
        label="Synthetic",
        help_text="Generated by seed_synthetic for load tests: not real data.",
    )

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "kind",
            "number",
            "title",
            "date",
            "date_precision",
            "is_upcoming",
            "city",
            "country",
            "is_virtual",
            "co_chairs",
            "phase",
            "summary",
            "outcomes",
            "projects",
            "url",
            "is_synthetic",
        ]
        read_only_fields = fields


class MeetingDetailSerializer(MeetingSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "citations"]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    url = OptionalURLField()
    citation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        fields = [*SOURCE_EDITABLE_FIELDS, "citation_count"]
        read_only_fields = fields


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "description": "The cited record; null if it has been deleted.",
        "properties": {
            "type": {
                "type": "string",
                "enum": ["project", "phase", "sector", "meeting", "indicator"],
            },
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "url": {"type": "string", "format": "uri", "nullable": True},
        },
    }
)
class CitedRecordField(serializers.Field):
    """The record a citation supports, as type, slug, name and page address."""

    def __init__(self, **kwargs):
        super().__init__(source="content_object", read_only=True, **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        page = getattr(value, "get_absolute_url", None)
        url = page() if page else None
        if url and request is not None:
            url = request.build_absolute_uri(url)
        return {
            "type": value._meta.model_name,
            "slug": getattr(value, "slug", ""),
            "name": str(value),
            "url": url,
        }


class SupportSerializer(serializers.ModelSerializer):
    """One fact a source supports: the record, its field, the value and where."""

    record = CitedRecordField()
    value = serializers.CharField(
        source="typed_value_display",
        read_only=True,
        allow_null=True,
        help_text=TYPED_VALUE_HELP,
    )

    class Meta:
        model = Citation
        fields = ["record", *CITATION_FIELDS]
        read_only_fields = fields


class SourceDetailSerializer(SourceSerializer):
    supports = SupportSerializer(
        source="shown_citations",
        many=True,
        read_only=True,
        help_text=f"The first {SUPPORTS_SHOWN} facts the source supports, by record "
        "and field; citation_count counts them all.",
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "supports"]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["slug", "name", "value", "unit", "year", "description"]
        read_only_fields = fields


class IndicatorDetailSerializer(IndicatorSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(IndicatorSerializer.Meta):
        fields = [*IndicatorSerializer.Meta.fields, "citations"]
        read_only_fields = fields


# Write serializers.


class SlugRefField(serializers.SlugRelatedField):
    """A related record by its slug; anything that is not a slug never reaches SQL."""

    default_error_messages = {
        "invalid": "Give the slug of an existing record, as listed by the API.",
        "does_not_exist": "No record has the slug {value}.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not SLUG_RE.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1, "maximum": 32767},
            {"type": "string", "pattern": SLUG_RE.pattern},
        ],
        "description": "A phase by its number (2) or its slug (phase-2).",
    }
)
class PhaseRefField(serializers.RelatedField):
    """A phase by its number or its slug."""

    default_error_messages = {
        "does_not_exist": "Unknown phase {value}: give a number or slug listed at "
        "/api/phases/.",
        "incorrect_type": "Give a phase number or slug.",
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Phase.objects.all(), **kwargs)

    def to_internal_value(self, data):
        lookup = phase_lookup(data)
        if lookup is None:
            if is_number(data):
                self.fail("does_not_exist", value=str(data)[:10])
            self.fail("incorrect_type")
        try:
            return self.get_queryset().get(**lookup)
        except Phase.DoesNotExist:
            self.fail("does_not_exist", value=next(iter(lookup.values())))

    def to_representation(self, value):
        return value.number


class ModelWriteSerializer(serializers.ModelSerializer):
    """Validates like the admin and records the editor in the history.

    After the serializer's own field checks, the record is built in memory and
    `full_clean()` runs the model's field validators, `clean()`, uniqueness and
    every database constraint, so the API accepts exactly what the admin does.
    """

    date_fields: tuple[tuple[str, str], ...] = ()

    def _many_names(self) -> set[str]:
        return {field.name for field in self.Meta.model._meta.many_to_many}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        many = self._many_names()
        instance = copy.copy(self.instance) if self.instance else self.Meta.model()
        for name, value in attrs.items():
            if name not in many:
                setattr(instance, name, value)
        # Derived as save() derives them, so the checks see the stored values.
        if not instance.slug:
            instance.slug = slugify(getattr(instance, instance.slug_source))[:80]
            if not instance.slug:
                raise serializers.ValidationError(
                    {
                        "slug": [
                            f"Give a slug: the {instance.slug_source} has no "
                            "letters or digits to make one from."
                        ]
                    }
                )
        for date_name, precision_name in self.date_fields:
            setattr(
                instance,
                date_name,
                truncate_date(
                    getattr(instance, date_name), getattr(instance, precision_name)
                ),
            )
        try:
            instance.full_clean()
        except DjangoValidationError as exc:
            detail = serializers.as_serializer_error(exc)
            if NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from exc
        if self.instance is not None:
            self._check_headlines(instance)
        attrs["slug"] = instance.slug
        for date_name, _ in self.date_fields:
            if date_name in attrs:
                attrs[date_name] = getattr(instance, date_name)
        return attrs

    def _check_headlines(self, instance) -> None:
        """A changed figure must still equal its headline citation's typed value."""
        citations = getattr(instance, "citations", None)
        if citations is None:
            return
        headlines = [c for c in citations.all() if c.is_headline]
        errors = headline_errors(instance, headlines)
        if errors:
            raise serializers.ValidationError(
                {field: [message] for field, message in errors.items()}
            )

    def _stamp(self, instance):
        # HistoryRequestMiddleware keeps the request from before DRF authenticates
        # a token; DRF does copy the user onto it later, but naming the user on the
        # instance does not depend on that internal detail.
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            instance._history_user = request.user

    def create(self, validated_data):
        many = {
            name: validated_data.pop(name)
            for name in self._many_names()
            if name in validated_data
        }
        instance = self.Meta.model(**validated_data)
        self._stamp(instance)
        with transaction.atomic():
            instance.save()
            for name, values in many.items():
                getattr(instance, name).set(values)
        return instance

    def update(self, instance, validated_data):
        self._stamp(instance)
        with transaction.atomic():
            return super().update(instance, validated_data)


OPTIONAL_SLUG = {
    "required": False,
    "help_text": "Derived from the name or title when left out.",
}


class ProjectWriteSerializer(ModelWriteSerializer):
    """A project as sent to create or change it."""

    phase = PhaseRefField()
    sector = SlugRefField(queryset=Sector.objects.all())
    date_fields = (
        ("start_date", "start_date_precision"),
        ("completion_date", "completion_date_precision"),
    )

    class Meta:
        model = Project
        fields = list(PROJECT_EDITABLE_FIELDS)
        extra_kwargs = {
            "slug": OPTIONAL_SLUG,
            "start_date": {
                "help_text": "A full date; the precision says how much of it the "
                "sources give (2016 is sent as 2016-01-01 with precision year)."
            },
            "completion_date": {"help_text": "A full date, as for start_date."},
        }


# Bounds the same on every database: SQLite would store a five-digit year, and
# PostgreSQL's smallint would refuse it.
YEAR = {"min_value": 1, "max_value": 9999}
SMALL_NUMBER = {"min_value": 1, "max_value": 32767}


class PhaseWriteSerializer(ModelWriteSerializer):
    """A phase as sent to create or change it."""

    focus_sectors = SlugRefField(
        queryset=Sector.objects.all(), many=True, required=False
    )

    class Meta:
        model = Phase
        fields = [
            "number",
            "name",
            "slug",
            "start_year",
            "end_year",
            "summary",
            "focus_sectors",
            "reported_investment_usd_million",
        ]
        extra_kwargs = {
            "slug": OPTIONAL_SLUG,
            "number": SMALL_NUMBER,
            "start_year": YEAR,
            "end_year": YEAR,
        }


class SectorWriteSerializer(ModelWriteSerializer):
    """A sector as sent to create or change it."""

    class Meta:
        model = Sector
        fields = ["slug", "name", "description", "color"]
        extra_kwargs = {"slug": OPTIONAL_SLUG}


class MeetingWriteSerializer(ModelWriteSerializer):
    """A meeting as sent to create or change it."""

    phase = PhaseRefField(required=False, allow_null=True)
    projects = SlugRefField(queryset=Project.objects.all(), many=True, required=False)
    date_fields = (("date", "date_precision"),)

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "kind",
            "number",
            "title",
            "date",
            "date_precision",
            "city",
            "country",
            "is_virtual",
            "co_chairs",
            "phase",
            "summary",
            "outcomes",
            "projects",
        ]
        extra_kwargs = {"slug": OPTIONAL_SLUG, "number": SMALL_NUMBER}


class SourceWriteSerializer(ModelWriteSerializer):
    """A source as sent to create or change it."""

    class Meta:
        model = Source
        fields = list(SOURCE_EDITABLE_FIELDS)
        extra_kwargs = {"slug": OPTIONAL_SLUG}


class IndicatorWriteSerializer(ModelWriteSerializer):
    """An indicator as sent to create or change it."""

    # One digit fewer than the model allows: SQLite keeps decimals as doubles, and
    # a 16-digit value cannot be read back (decimal.InvalidOperation, a 500).
    value = serializers.DecimalField(max_digits=15, decimal_places=3)

    class Meta:
        model = Indicator
        fields = ["slug", "name", "value", "unit", "year", "description"]
        extra_kwargs = {"slug": OPTIONAL_SLUG, "year": YEAR}


# Aggregates.


class _StatMeasures(serializers.Serializer):
    count = serializers.IntegerField()
    known_cost_usd_million = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text="The sum of the known costs; projects without one are not in it.",
    )
    unknown_cost_count = serializers.IntegerField(
        help_text="How many of the projects have no known cost."
    )


class SectorStatSerializer(_StatMeasures):
    slug = serializers.SlugField()
    name = serializers.CharField()
    color = serializers.CharField()


class PhaseStatSerializer(_StatMeasures):
    number = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    reported_investment_usd_million = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )


class StatusStatSerializer(_StatMeasures):
    status = serializers.CharField()
    label = serializers.CharField()


class ProvinceStatSerializer(_StatMeasures):
    province = serializers.CharField()
    label = serializers.CharField()


class StatsSerializer(serializers.Serializer):
    total = _StatMeasures()
    by_sector = SectorStatSerializer(many=True)
    by_phase = PhaseStatSerializer(many=True)
    by_status = StatusStatSerializer(many=True)
    by_province = ProvinceStatSerializer(many=True)
