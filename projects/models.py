"""The CPEC data model: phases, sectors, projects, meetings, sources and citations."""

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .choices import CapacityUnit, DatePrecision, MeetingKind, Province, Status

HEX_COLOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb.")


def truncate_date(value: datetime.date | None, precision: str) -> datetime.date | None:
    """Drop the parts of a date that its precision says are unknown."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def format_partial_date(value: datetime.date | None, precision: str) -> str | None:
    """ISO 8601 at the stored precision: 2016, 2016-04 or 2016-04-10."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class TimeStampedModel(models.Model):
    """Creation and last-change times; defaults keep raw fixture loads valid."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class SluggedModel(TimeStampedModel):
    """A record with a unique slug, derived from its name when left blank."""

    slug_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(getattr(self, self.slug_source))[:80]
        super().save(*args, **kwargs)


class Sector(SluggedModel):
    """A field of investment (energy, transport, ...), with the colour charts use."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    color = models.CharField(
        max_length=7, validators=[HEX_COLOR], default="#505a5f", help_text="#rrggbb"
    )
    citations = GenericRelation("Citation", related_query_name="sector")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:sector-detail", kwargs={"slug": self.slug})


class Phase(SluggedModel):
    """A phase of CPEC, with the investment figure reported for it as a whole."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True)
    focus_sectors = models.ManyToManyField(
        Sector, related_name="focus_phases", blank=True
    )
    reported_investment_usd_million = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=(
            "The figure a source gives for the whole phase, not the sum of the "
            "tracked projects."
        ),
    )
    citations = GenericRelation("Citation", related_query_name="phase")

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="%(app_label)s_%(class)s_end_year_after_start",
                violation_error_message="The end year cannot be before the start year.",
            ),
            models.CheckConstraint(
                condition=Q(reported_investment_usd_million__isnull=True)
                | Q(reported_investment_usd_million__gte=0),
                name="%(app_label)s_%(class)s_investment_not_negative",
                violation_error_message="The reported investment cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"Phase {self.number}: {self.name}"

    def get_absolute_url(self):
        return reverse("projects:phase-detail", kwargs={"slug": self.slug})


class ProjectQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("phase", "sector")


class Project(SluggedModel):
    """A CPEC project: a plant, road, port, zone or line, with its figures."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="projects")
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="projects"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    province = models.CharField(max_length=20, choices=Province.choices)
    location = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    capacity = models.DecimalField(
        max_digits=12, decimal_places=3, null=True, blank=True
    )
    capacity_unit = models.CharField(
        max_length=20, choices=CapacityUnit.choices, blank=True
    )
    cost_usd_million = models.DecimalField(
        "cost (US$ million)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The headline figure; every reported figure is kept as a citation.",
    )
    start_date = models.DateField(null=True, blank=True)
    start_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    completion_date = models.DateField(null=True, blank=True)
    completion_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    sponsors = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    is_synthetic = models.BooleanField(
        default=False,
        editable=False,
        help_text="Generated by seed_synthetic for load tests; never real data.",
    )
    citations = GenericRelation("Citation", related_query_name="project")

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_usd_million__isnull=True) | Q(cost_usd_million__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message="The cost cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="%(app_label)s_%(class)s_capacity_not_negative",
                violation_error_message="The capacity cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | ~Q(capacity_unit=""),
                name="%(app_label)s_%(class)s_capacity_has_unit",
                violation_error_message="A capacity needs its unit.",
            ),
            models.CheckConstraint(
                condition=Q(completion_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(completion_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_completion_after_start",
                violation_error_message="The completion date cannot be before the "
                "start date.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90),
                name="%(app_label)s_%(class)s_latitude_in_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_longitude_in_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="%(app_label)s_%(class)s_coordinates_paired",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["province"]),
            models.Index(fields=["start_date"]),
            models.Index(fields=["cost_usd_million"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.start_date = truncate_date(self.start_date, self.start_date_precision)
        self.completion_date = truncate_date(
            self.completion_date, self.completion_date_precision
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    @property
    def start_date_display(self) -> str | None:
        return format_partial_date(self.start_date, self.start_date_precision)

    @property
    def completion_date_display(self) -> str | None:
        return format_partial_date(self.completion_date, self.completion_date_precision)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


# A project's fields that editors set, in the order the API, CSV import and export
# show them (part of the API contract).
PROJECT_EDITABLE_FIELDS = (
    "slug",
    "name",
    "phase",
    "sector",
    "status",
    "province",
    "location",
    "latitude",
    "longitude",
    "capacity",
    "capacity_unit",
    "cost_usd_million",
    "start_date",
    "start_date_precision",
    "completion_date",
    "completion_date_precision",
    "sponsors",
    "description",
)


class Meeting(SluggedModel):
    """A meeting that steers CPEC: a JCC session, a summit, a state visit."""

    slug_source = "title"

    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For example 14 for the 14th JCC."
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    summary = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    projects = models.ManyToManyField(Project, related_name="meetings", blank=True)
    is_synthetic = models.BooleanField(default=False, editable=False)
    citations = GenericRelation("Citation", related_query_name="meeting")

    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("date").asc(nulls_last=True), "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"],
                name="%(app_label)s_%(class)s_unique_number_per_kind",
                violation_error_message="A meeting of this kind with this number "
                "already exists.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.date = truncate_date(self.date, self.date_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:meeting-detail", kwargs={"slug": self.slug})

    @property
    def date_display(self) -> str | None:
        return format_partial_date(self.date, self.date_precision)

    @property
    def is_upcoming(self) -> bool:
        """Held or upcoming follows from the date; an unknown date counts as held."""
        if self.date is None:
            return False
        return self.date > timezone.localdate()


class Source(SluggedModel):
    """A document that reports facts: an article, an official page, a report."""

    slug_source = "title"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80, unique=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    text = models.TextField(
        blank=True,
        help_text="The full text, where it is held; quotes are checked in it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:source-list") + f"#{self.slug}"


class Citation(TimeStampedModel):
    """Ties a source to a record, and optionally to one field and its reported value."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations"
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="cpec_citations"
    )
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=60,
        blank=True,
        help_text="The field this citation supports, e.g. cost_usd_million; "
        "blank for the record as a whole.",
    )
    quote = models.TextField(blank=True, help_text="A verbatim excerpt of the source.")
    reported_value = models.CharField(
        max_length=200,
        blank=True,
        help_text='As the source states it, e.g. "$1.912bn".',
    )
    is_headline = models.BooleanField(
        default=False,
        help_text="This is the value the record's field holds, where sources disagree.",
    )
    note = models.CharField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type_id", "object_id", "field", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"],
                condition=Q(is_headline=True),
                name="%(app_label)s_%(class)s_one_headline_per_field",
                violation_error_message="Only one citation can hold the headline "
                "value of a field.",
            ),
        ]

    def __str__(self):
        target = f"{self.field} of " if self.field else ""
        return f"{self.source} → {target}{self.content_type.model} #{self.object_id}"

    def clean(self):
        super().clean()
        if self.quote and self.source_id:
            text = self.source.text
            if text and self.quote not in text:
                raise ValidationError(
                    {"quote": "This quote is not found in the source's held text."}
                )
        if self.field and self.content_type_id:
            model = self.content_type.model_class()
            names = {f.name for f in model._meta.get_fields()} if model else set()
            if self.field not in names:
                raise ValidationError(
                    {"field": f"{self.content_type.model} has no field {self.field!r}."}
                )


class Indicator(SluggedModel):
    """A headline figure that is not a project, such as a trade total."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    # 15 digits: SQLite keeps decimals as doubles and cannot read back more.
    value = models.DecimalField(max_digits=15, decimal_places=3)
    unit = models.CharField(max_length=50, help_text='For example "US$ billion".')
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    citations = GenericRelation("Citation", related_query_name="indicator")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class DataVersion(models.Model):
    """A counter bumped after every committed write to the data; keys caches and ETags.

    It lives in the database rather than the cache so that every process agrees on it
    whatever the cache backend, and a flushed cache can never resurrect stale figures.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"data version {self.version}"
