"""Sources and citations: what supports a record, and what a source supports."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from ..models import Citation, Indicator, Meeting, Project, Source

# A source cited by 100,000 synthetic projects would fill the page with them.
SUPPORTS_SHOWN = 100


def citations_for(obj) -> QuerySet:
    """Citations of one record, with their sources, in field order."""
    return Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("source")


def source_list() -> list[Source]:
    """Every source with its citation count and, as `shown_citations`, its first
    SUPPORTS_SHOWN citations, each with the record it supports."""
    sources = list(Source.objects.annotate(citation_count=Count("citations")))
    rank = Window(
        RowNumber(),
        partition_by=F("source_id"),
        order_by=[F(name).asc() for name in Citation._meta.ordering],
    )
    citations = (
        Citation.objects.filter(source__in=sources)
        .annotate(rank=rank)
        .filter(rank__lte=SUPPORTS_SHOWN)
        .select_related("content_type")
        .prefetch_related("content_object")
    )
    shown: dict[int, list] = {}
    for citation in citations:
        shown.setdefault(citation.source_id, []).append(citation)
    for source in sources:
        source.shown_citations = shown.get(source.pk, [])
    return sources


def sources_supporting(*, projects=None, meetings=None, indicators=None) -> list:
    """Distinct sources cited by any of the given records (querysets or ids).

    One EXISTS per kind of record rather than a join made distinct: a source
    that supports 100,000 synthetic projects counts once, at its first citation.
    """
    conditions = [
        Exists(
            Citation.objects.filter(
                source=OuterRef("pk"),
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=(
                    records.values("pk") if isinstance(records, QuerySet) else records
                ),
            )
        )
        for model, records in (
            (Project, projects),
            (Meeting, meetings),
            (Indicator, indicators),
        )
        # No ids at all: nothing to ask the database.
        if records is not None and (isinstance(records, QuerySet) or records)
    ]
    if not conditions:
        return []
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return list(Source.objects.filter(condition).order_by("title", "id"))
