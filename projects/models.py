"""The CPEC data model: phases, sectors, projects, meetings, sources and citations."""

from urllib.parse import urlsplit

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

from .choices import (
    EXCLUDED_SOURCE_HOSTS,
    CapacityUnit,
    DatePrecision,
    MeetingKind,
    Province,
    SourceKind,
    Status,
)
from .dates import format_partial_date, truncate_date

HEX_COLOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb.")


class TimeStampedModel(models.Model):
    """Creation and last-change times; defaults keep raw fixture loads valid."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.derive()
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """Fill the fields a record derives from its others.

        Before every validation and every save, so what is checked is what is
        stored, whichever path the write takes (see services).
        """

    def full_clean(self, *args, **kwargs):
        self.derive()
        super().full_clean(*args, **kwargs)


class SluggedModel(TimeStampedModel):
    """A record with a unique slug, derived from its name when left blank."""

    slug_source = "name"

    class Meta:
        abstract = True

    def derive(self) -> None:
        super().derive()
        if not self.slug:
            self.slug = slugify(getattr(self, self.slug_source))[:80]


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
        "reported investment (US$ million)",
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
    route = models.JSONField(
        default=list,
        blank=True,
        help_text="For roads, railways, lines and cables: the end points and main "
        "places on the way, in order, each "
        '{"place", "latitude", "longitude", "source", "locator"}.',
    )
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

    def get_absolute_url(self):
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    def derive(self) -> None:
        super().derive()
        self.start_date = truncate_date(self.start_date, self.start_date_precision)
        self.completion_date = truncate_date(
            self.completion_date, self.completion_date_precision
        )

    def clean(self):
        super().clean()
        errors = route_errors(self.route)
        if errors:
            raise ValidationError({"route": errors})

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

# A source's fields that editors set, in the order the API and the data files use.
SOURCE_EDITABLE_FIELDS = (
    "slug",
    "kind",
    "title",
    "publisher",
    "author",
    "url",
    "published_on",
    "accessed_on",
    "missing_reason",
)

ROUTE_POINT_KEYS = ("place", "latitude", "longitude", "source", "locator")


def route_errors(route) -> list[str]:
    """What is wrong with a route: a list of sourced points, at least two."""
    if route in (None, []):
        return []
    if not isinstance(route, list) or len(route) < 2:
        return ["A route is a list of at least two points."]
    errors = []
    for number, point in enumerate(route, start=1):
        if not isinstance(point, dict) or set(point) != set(ROUTE_POINT_KEYS):
            errors.append(
                f"Point {number} needs exactly the keys {', '.join(ROUTE_POINT_KEYS)}."
            )
            continue
        lat, lon = point["latitude"], point["longitude"]
        if not all(isinstance(v, int | float) for v in (lat, lon)):
            errors.append(f"Point {number}: latitude and longitude are numbers.")
        elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errors.append(f"Point {number}: coordinates out of range.")
        if not all(str(point[key]).strip() for key in ("place", "source", "locator")):
            errors.append(f"Point {number}: give its place, source and locator.")
    return errors


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
    is_virtual = models.BooleanField(
        "held by video link", default=False, help_text="Held by video link."
    )
    co_chairs = models.CharField(max_length=300, blank=True)
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

    def get_absolute_url(self):
        return reverse("projects:meeting-detail", kwargs={"slug": self.slug})

    def derive(self) -> None:
        super().derive()
        self.date = truncate_date(self.date, self.date_precision)

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
    kind = models.CharField(max_length=10, choices=SourceKind.choices)
    publisher = models.CharField("outlet", max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField("address", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(
        "read on", null=True, blank=True, help_text="When the page was read."
    )
    missing_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why there is no address or publication date, where one is missing.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:source-list") + f"#{self.slug}"

    def clean(self):
        super().clean()
        host = excluded_host(self.url)
        if host:
            raise ValidationError(
                {
                    "url": f"{host} is not a source: forums, mirrors, digests and "
                    "content farms are not cited."
                }
            )
        if (not self.url or self.published_on is None) and not self.missing_reason:
            missing = "address" if not self.url else "publication date"
            raise ValidationError(
                {"missing_reason": f"Say why the source has no {missing}."}
            )


def excluded_host(url: str) -> str | None:
    """The excluded host a source address is on, if any."""
    host = (urlsplit(url).hostname or "").lower() if url else ""
    for excluded in EXCLUDED_SOURCE_HOSTS:
        if host == excluded or host.endswith("." + excluded):
            return excluded
    return None


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
    reported_value = models.CharField(
        max_length=200,
        blank=True,
        help_text='The figure and its unit as the source states it, e.g. "$1.912bn".',
    )
    # 15 digits: SQLite keeps decimals as doubles and cannot read back more.
    value_number = models.DecimalField(
        "typed value",
        max_digits=15,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="The reported figure in the field's unit (US$ million for costs); "
        "read from the reported value when left blank.",
    )
    value_date = models.DateField("typed date", null=True, blank=True)
    value_date_precision = models.CharField(
        "typed date precision", max_length=5, choices=DatePrecision.choices, blank=True
    )
    is_planned = models.BooleanField(
        "planned",
        default=False,
        help_text="A plan, target or expected date rather than what happened.",
    )
    locator = models.CharField(
        max_length=120,
        help_text="Where in the source the figure stands: paragraph, section or page.",
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

    def derive(self) -> None:
        from .reported import read_typed_value

        super().derive()
        if self.typed_value is None and self.field and self.content_type_id:
            # From the per-process cache: a save should not query for its type.
            model_name = ContentType.objects.get_for_id(self.content_type_id).model
            read_typed_value(self, model_name)
        self.value_date = truncate_date(self.value_date, self.value_date_precision)

    def clean(self):
        from .reported import fill_typed_value

        super().clean()
        model = None
        if self.field and self.content_type_id:
            model = self.content_type.model_class()
            names = {f.name for f in model._meta.get_fields()} if model else set()
            if self.field not in names:
                raise ValidationError(
                    {"field": f"{self.content_type.model} has no field {self.field!r}."}
                )
        if model is not None:
            fill_typed_value(self, model)

    @property
    def typed_value(self):
        """The typed value: a number, a (date, precision) pair, or None."""
        if self.value_number is not None:
            return self.value_number
        if self.value_date is not None:
            return (self.value_date, self.value_date_precision)
        return None

    @property
    def typed_value_display(self) -> str | None:
        if self.value_date is not None:
            return format_partial_date(self.value_date, self.value_date_precision)
        if self.value_number is not None:
            return format(self.value_number.normalize(), "f")
        return None


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


# The field a violated constraint belongs to, where its condition names several.
CONSTRAINT_FIELDS = {
    "projects_phase_end_year_after_start": "end_year",
    "projects_project_capacity_has_unit": "capacity_unit",
    "projects_project_completion_after_start": "completion_date",
    "projects_project_coordinates_paired": ("latitude", "longitude"),
    "projects_meeting_unique_number_per_kind": "number",
    "projects_citation_one_headline_per_field": "is_headline",
}


def constraint_field(constraint) -> str | tuple[str, ...] | None:
    """The form field that a violation of this constraint belongs to, if one."""
    if constraint.name in CONSTRAINT_FIELDS:
        return CONSTRAINT_FIELDS[constraint.name]
    condition = getattr(constraint, "condition", None)
    fields = getattr(constraint, "fields", ())
    if isinstance(constraint, models.CheckConstraint):
        referenced = condition.referenced_base_fields
        return next(iter(referenced)) if len(referenced) == 1 else None
    if len(fields) == 1:
        return fields[0]
    return None


def constraint_for_message(model, message: str):
    """The constraint of a model whose violation message this is, if any."""
    for constraint in model._meta.constraints:
        if str(constraint.get_violation_error_message()) == message:
            return constraint
    return None
