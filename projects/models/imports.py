"""Admin CSV imports run in the background, with their progress and result."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..choices import ImportState


class ImportJob(models.Model):
    """One large CSV import's preview (dry run) or its apply, run in a thread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_jobs",
    )
    file_name = models.CharField(max_length=200)
    stored_name = models.CharField(
        max_length=32,
        blank=True,
        help_text="The uploaded file in the import folder, while it is kept.",
    )
    format_index = models.PositiveSmallIntegerField(default=0)
    resource_index = models.PositiveSmallIntegerField(default=0)
    dry_run = models.BooleanField(
        default=True, help_text="A preview: checks every row and saves none."
    )
    state = models.CharField(
        max_length=10, choices=ImportState.choices, default=ImportState.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    totals = models.JSONField(default=dict, blank=True)
    row_errors = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("rows_total")),
                name="%(app_label)s_%(class)s_rows_done_within_total",
            ),
        ]

    def __str__(self):
        kind = "Preview" if self.dry_run else "Import"
        return f"{kind} of {self.file_name} ({self.get_state_display().lower()})"

    def get_absolute_url(self):
        return reverse("admin:projects_importjob_change", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in {ImportState.DONE, ImportState.FAILED}

    @property
    def confirmable(self) -> bool:
        """A preview that found every row valid, whose file is still kept."""
        return (
            self.dry_run
            and self.state == ImportState.DONE
            and not self.row_errors
            and bool(self.stored_name)
        )
