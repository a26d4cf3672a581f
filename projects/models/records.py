"""The tracked records: sectors, phases, projects and indicators."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from simple_history.models import HistoricalRecords

from ..choices import (
    CapacityUnit,
    DatePrecision,
    Province,
    Status,
    Works,
)
from ..dates import ProjectDatesMixin, truncate_date
from .base import HEX_COLOR, RecordQuerySet, SluggedModel


class Sector(SluggedModel):
    """A field of investment (energy, transport, ...), with the colour charts use."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    color = models.CharField(
        max_length=7, validators=[HEX_COLOR], default="#505a5f", help_text="#rrggbb"
    )
    citations = GenericRelation("Citation", related_query_name="sector")

    objects = RecordQuerySet.as_manager()
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

    objects = RecordQuerySet.as_manager()
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
        # In the active language, as the phase filter's options say it.
        return gettext("Phase %(number)s: %(name)s") % {
            "number": self.number,
            "name": self.name,
        }

    def get_absolute_url(self):
        return reverse("projects:phase-detail", kwargs={"slug": self.slug})


class ProjectQuerySet(RecordQuerySet):
    def with_related(self):
        return self.select_related("phase", "sector")


class Project(ProjectDatesMixin, SluggedModel):
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
    works = models.CharField(
        "kind of works",
        max_length=10,
        choices=Works.choices,
        blank=True,
        help_text="For a road, railway or line: new build or an upgrade of an "
        "existing one, as its sources state; blank when they do not say.",
    )
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text='Other names and spellings the project goes by, e.g. ["ML-1", '
        '"Main Line 1"]; search matches them.',
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
        problems = {}
        errors = route_errors(self.route)
        if errors:
            problems["route"] = errors
        if not isinstance(self.aliases, list) or not all(
            isinstance(alias, str) and alias.strip() and len(alias) <= 100
            for alias in self.aliases
        ):
            problems["aliases"] = "A list of names, each 1 to 100 characters."
        if problems:
            raise ValidationError(problems)


# A phase's fields that editors set, in the order the API shows them.
PHASE_EDITABLE_FIELDS = (
    "number",
    "name",
    "slug",
    "start_year",
    "end_year",
    "summary",
    "focus_sectors",
    "reported_investment_usd_million",
)


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
    "works",
    "aliases",
    "sponsors",
    "description",
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

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
