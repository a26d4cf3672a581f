"""What the API takes to create or change a record.

Plain values (slugs, a full date plus its precision), validated as the admin does:
the serializer's field rules, then the record built in memory and checked by the
model (`full_clean()`: field validators, `clean()`, uniqueness and every database
constraint), then its headline citations. A broken rule is a 400 with its message.
Saving is separate (`create`, `update`), so it can move to a service layer alone.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from ... import services
from ...choices import DatePrecision
from ...content import translation_columns
from ...dates import PARTIAL_DATE_PATTERN, parse_partial_date
from ...lookups import SLUG_RE, is_number, phase_lookup
from ...models import (
    PHASE_EDITABLE_FIELDS,
    PROJECT_EDITABLE_FIELDS,
    SOURCE_EDITABLE_FIELDS,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
)
from .content import EnglishContent, translation_extra_kwargs


class SlugRefField(serializers.SlugRelatedField):
    """A related record by its slug; anything that is not a slug never reaches SQL."""

    default_error_messages = {
        "invalid": _("Give the slug of an existing record, as listed by the API."),
        "does_not_exist": _("No record has the slug {value}."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def to_internal_value(self, data):
        # The summary object a GET gives ({"slug": ..., "name": ...}) is taken
        # too, so a record read can be sent back as it is.
        if isinstance(data, dict) and "slug" in data:
            data = data["slug"]
        if not isinstance(data, str) or not SLUG_RE.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1, "maximum": 32767},
            {"type": "string", "pattern": SLUG_RE.pattern},
        ],
        "description": "A phase by its number (2) or its slug (phase-2); the "
        "phase object a GET gives is accepted too.",
    }
)
class PhaseRefField(serializers.RelatedField):
    """A phase by its number or its slug."""

    default_error_messages = {
        "does_not_exist": _(
            "Unknown phase {value}: give a number or slug listed at /api/phases/."
        ),
        "incorrect_type": _("Give a phase number or slug."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Phase.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            # The summary a GET gives: {"number": 2, "name": ..., "slug": ...}.
            data = data.get("slug", data.get("number"))
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


PARTIAL_DATE_WRITE_HELP = (
    "ISO 8601 at the precision the sources give, as the API shows it: a year "
    "(2016), a month (2016-04) or a day (2016-04-10). Without a precision, the "
    "precision is what the date gives; with one, a full date is cut to it."
)
FINER = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}


@extend_schema_field(
    {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "nullable": True,
        "description": PARTIAL_DATE_WRITE_HELP,
        "example": "2016-04",
    }
)
class PartialDateInputField(serializers.Field):
    """A date as the API shows it, read into (date, the precision it gives)."""

    default_error_messages = {
        "invalid": _("Give a date as YYYY, YYYY-MM or YYYY-MM-DD."),
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return parse_partial_date(data.strip())
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value):
        return value.isoformat() if value else None


def precision_field(date_field: str):
    return serializers.ChoiceField(
        choices=DatePrecision.choices,
        required=False,
        allow_null=True,
        help_text=f"How much of {date_field} the sources give. Left out or null: "
        f"what {date_field} gives (2016 is a year, 2016-04 a month).",
    )


def read_partial_dates(attrs: dict, pairs, instance) -> dict:
    """(date, precision) pairs in attrs made into the model's date and precision.

    A precision finer than the date sent (2016 with precision day) is refused;
    a coarser one cuts the date. A precision sent alone keeps the stored date.
    """
    errors = {}
    for date_name, precision_name in pairs:
        given = attrs.get(precision_name)
        if date_name not in attrs:
            if precision_name in attrs and given is None:
                del attrs[precision_name]
            continue
        parsed = attrs[date_name]
        if parsed is None:
            attrs[precision_name] = given or (
                getattr(instance, precision_name) if instance else DatePrecision.DAY
            )
            continue
        date, inferred = parsed
        if given and FINER[given] > FINER[inferred]:
            errors[precision_name] = [
                gettext(
                    "The date sent gives a %(inferred)s, not a %(given)s: send the "
                    "full date or a coarser precision."
                )
                % {"inferred": inferred, "given": given}
            ]
        attrs[date_name], attrs[precision_name] = date, given or inferred
    if errors:
        raise serializers.ValidationError(errors)
    return attrs


class ModelWriteSerializer(EnglishContent, serializers.ModelSerializer):
    """Checks and saves through the write path (services), as the admin does.

    After the serializer's own field checks, the record is built in memory and
    services.check() runs what the admin runs: the model's derivations, field
    validators, clean(), uniqueness, the database constraints and, for a change,
    the headline rule. Every refusal is a 400 that names its field.
    """

    # (date field, precision field) pairs sent as the API shows them.
    partial_dates = ()

    def validate(self, attrs):
        attrs = read_partial_dates(
            super().validate(attrs), self.partial_dates, self.instance
        )
        instance = self._built(attrs)
        headlines = None
        if self.instance is not None:
            headlines = services.stored_headlines(self.instance)
        try:
            services.check(instance, headlines=headlines)
        except DjangoValidationError as exc:
            detail = serializers.as_serializer_error(exc)
            if NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from exc
        return attrs

    def _many_names(self) -> set[str]:
        return {field.name for field in self.Meta.model._meta.many_to_many}

    def _built(self, attrs):
        """The record as it would be saved, in memory: a copy when it is changed."""
        many = self._many_names()
        instance = copy.copy(self.instance) if self.instance else self.Meta.model()
        for name, value in attrs.items():
            if name not in many:
                setattr(instance, name, value)
        return instance

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def _save(self, instance, validated_data):
        many = {
            name: validated_data.pop(name)
            for name in self._many_names()
            if name in validated_data
        }
        for name, value in validated_data.items():
            setattr(instance, name, value)
        # HistoryRequestMiddleware keeps the request from before DRF authenticates
        # a token, so the editor is named here, from DRF's request.
        request = self.context.get("request")
        editor = request.user if request is not None else None
        return services.save(instance, editor=editor, many=many)


OPTIONAL_SLUG = {
    "required": False,
    "help_text": "Derived from the name or title when left out.",
}
# Bounds the same on every database: SQLite would store a five-digit year, and
# PostgreSQL's smallint would refuse it.
YEAR = {"min_value": 1, "max_value": 9999}
SMALL_NUMBER = {"min_value": 1, "max_value": 32767}


class ProjectWriteSerializer(ModelWriteSerializer):
    """A project as sent to create or change it."""

    phase = PhaseRefField()
    sector = SlugRefField(queryset=Sector.objects.all())
    start_date = PartialDateInputField()
    start_date_precision = precision_field("start_date")
    completion_date = PartialDateInputField()
    completion_date_precision = precision_field("completion_date")
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=50,
        help_text=Project._meta.get_field("aliases").help_text,
    )
    partial_dates = (
        ("start_date", "start_date_precision"),
        ("completion_date", "completion_date_precision"),
    )

    class Meta:
        model = Project
        fields = [*PROJECT_EDITABLE_FIELDS, *translation_columns(Project)]
        extra_kwargs = {"slug": OPTIONAL_SLUG, **translation_extra_kwargs(Project)}


class PhaseWriteSerializer(ModelWriteSerializer):
    """A phase as sent to create or change it."""

    focus_sectors = SlugRefField(
        queryset=Sector.objects.all(), many=True, required=False
    )

    class Meta:
        model = Phase
        fields = [*PHASE_EDITABLE_FIELDS, *translation_columns(Phase)]
        extra_kwargs = {
            **translation_extra_kwargs(Phase),
            "slug": OPTIONAL_SLUG,
            "number": SMALL_NUMBER,
            "start_year": YEAR,
            "end_year": YEAR,
        }


class SectorWriteSerializer(ModelWriteSerializer):
    """A sector as sent to create or change it."""

    class Meta:
        model = Sector
        fields = ["slug", "name", "description", "color", *translation_columns(Sector)]
        extra_kwargs = {"slug": OPTIONAL_SLUG, **translation_extra_kwargs(Sector)}


class MeetingWriteSerializer(ModelWriteSerializer):
    """A meeting as sent to create or change it."""

    phase = PhaseRefField(required=False, allow_null=True)
    projects = SlugRefField(queryset=Project.objects.all(), many=True, required=False)
    date = PartialDateInputField()
    date_precision = precision_field("date")
    partial_dates = (("date", "date_precision"),)

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
            *translation_columns(Meeting),
        ]
        extra_kwargs = {
            **translation_extra_kwargs(Meeting),
            "slug": OPTIONAL_SLUG,
            "number": SMALL_NUMBER,
        }


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
        fields = [
            *["slug", "name", "value", "unit", "year", "description"],
            *translation_columns(Indicator),
        ]
        extra_kwargs = {
            **translation_extra_kwargs(Indicator),
            "slug": OPTIONAL_SLUG,
            "year": YEAR,
        }
