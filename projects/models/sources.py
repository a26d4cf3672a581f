"""Sources and the citations that tie their figures to records."""

from urllib.parse import urlsplit

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import (
    EXCLUDED_SOURCE_HOSTS,
    DatePrecision,
    SourceKind,
)
from ..dates import format_partial_date, truncate_date
from .base import SluggedModel, TimeStampedModel

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
        # The list is paged: the filter finds the source whatever page it is on.
        return reverse("projects:source-list") + f"?source={self.slug}#{self.slug}"

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
        from ..reported import read_typed_value

        super().derive()
        if self.typed_value is None and self.field and self.content_type_id:
            # From the per-process cache: a save should not query for its type.
            model_name = ContentType.objects.get_for_id(self.content_type_id).model
            read_typed_value(self, model_name)
        self.value_date = truncate_date(self.value_date, self.value_date_precision)

    def clean(self):
        from ..reported import fill_typed_value

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
