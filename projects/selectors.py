"""Read-side queries shared by the pages and the API."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from .models import Citation, Meeting, Phase, Project, Sector, Source


def project_list(
    *, phase: Phase | None = None, sector: Sector | None = None
) -> QuerySet:
    qs = Project.objects.with_related()
    if phase is not None:
        qs = qs.filter(phase=phase)
    if sector is not None:
        qs = qs.filter(sector=sector)
    return qs


def project_detail_queryset() -> QuerySet:
    return Project.objects.with_related().prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source")),
        Prefetch("meetings", queryset=Meeting.objects.order_by("date")),
    )


def citations_for(obj) -> QuerySet:
    """Citations of one record, with their sources, in field order."""
    return Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("source")


def source_list() -> QuerySet:
    return Source.objects.all()
