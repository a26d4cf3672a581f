"""Read-only fields the read serializers share: dates, addresses, cited records."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...choices import DatePrecision
from ...dates import PARTIAL_DATE_PATTERN

PARTIAL_DATE_HELP = (
    "ISO 8601 at the precision the sources give: a year (2016), a month (2016-04) "
    "or a day (2016-04-10); a year-only date is never padded to 2016-01-01. "
    "The matching *_precision field says which."
)
TYPED_VALUE_HELP = (
    "The reported value in the field's unit: a number (US$ million for costs) or an "
    "ISO 8601 date at the precision the source gives."
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


def page_address(record) -> str | None:
    """The record's public page in the default language, whatever the API's
    language: ?lang= changes labels and messages, never a value."""
    page = getattr(record, "get_absolute_url", None)
    if page is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        return page()


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteURLField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        url = page_address(value)
        return request.build_absolute_uri(url) if request else url


@extend_schema_field(
    {"type": "string", "format": "uri", "nullable": True, "example": "https://..."}
)
class OptionalURLField(serializers.CharField):
    """A web address, or null where none is recorded (never an empty string)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


class TypedValueField(serializers.CharField):
    """A citation's reported value, typed to its field (typed_value_display)."""

    def __init__(self, **kwargs):
        super().__init__(
            source="typed_value_display",
            read_only=True,
            allow_null=True,
            help_text=TYPED_VALUE_HELP,
            **kwargs,
        )


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
        url = page_address(value)
        if url and request is not None:
            url = request.build_absolute_uri(url)
        return {
            "type": value._meta.model_name,
            "slug": getattr(value, "slug", ""),
            "name": str(value),
            "url": url,
        }


@extend_schema_field(OpenApiTypes.URI)
class APIURLField(serializers.Field):
    """The absolute API address of the record (its detail), by its slug."""

    def __init__(self, basename: str, **kwargs):
        self.basename = basename
        kwargs.setdefault("label", "API address")
        super().__init__(source="slug", read_only=True, **kwargs)

    def to_representation(self, value):
        path = reverse(f"{self.basename}-detail", kwargs={"slug": value})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


@extend_schema_field(
    {"type": "string", "format": "uri", "nullable": True, "example": "https://..."}
)
class HTMLURLField(serializers.Field):
    """The absolute address of the record's public page; null if it has none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Page address")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        url = page_address(instance)
        if url is None:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class PrecisionField(serializers.ChoiceField):
    """A date's precision (day, month or year); null when the date is null."""

    def __init__(self, date_field: str, **kwargs):
        self.date_field = date_field
        kwargs.setdefault(
            "help_text", f"How much of {date_field} the sources give; null without it."
        )
        super().__init__(
            choices=DatePrecision.choices,
            source="*",
            read_only=True,
            allow_null=True,
            **kwargs,
        )

    def to_representation(self, instance):
        if getattr(instance, self.date_field) is None:
            return None
        return getattr(instance, f"{self.date_field}_precision")
