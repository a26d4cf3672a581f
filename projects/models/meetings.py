"""Meetings: JCCs and other official talks, with the projects they discussed."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..choices import (
    DatePrecision,
    MeetingKind,
)
from ..dates import format_partial_date, truncate_date
from .base import RecordQuerySet, SluggedModel
from .records import Phase, Project


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

    objects = RecordQuerySet.as_manager()
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
