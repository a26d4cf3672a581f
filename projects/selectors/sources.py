"""Sources and citations: what supports a record, and what a source supports."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from ..caching.store import cached
from ..models import Citation, Indicator, Meeting, Project, Source

# A source cited by 100,000 synthetic projects would fill the page with them.
SUPPORTS_SHOWN = 100


def citations_for(obj) -> QuerySet:
    """Citations of one record, with their sources, in field order."""
    return Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("source")


def sources_with_counts() -> QuerySet:
    """Sources, each with how many facts it supports (`citation_count`)."""
    # Meta.ordering does not apply to a query with GROUP BY: ordered here.
    return Source.objects.annotate(citation_count=Count("citations")).order_by(
        *Source._meta.ordering
    )


def publisher_choices() -> list[tuple[str, str]]:
    """Each outlet that has sources, as (value, "name (count)"), by name."""
    rows = (
        Source.objects.exclude(publisher="")
        .values_list("publisher")
        .annotate(n=Count("pk"))
        .order_by("publisher")
    )
    return [(name, f"{name} ({n})") for name, n in rows]


def with_shown_citations(sources: list[Source], *, cache: bool = False) -> list:
    """The sources with, as `shown_citations`, their first SUPPORTS_SHOWN
    citations, each with the record it supports. With cache, the citations are
    kept until the data changes, under the sources' ids (a page of the list):
    ranking those of a source that supports 100,000 synthetic projects takes a
    while."""
    ids = [source.pk for source in sources]
    if not ids:
        shown = {}
    elif cache:
        digest = hashlib.blake2b(repr(ids).encode(), digest_size=16).hexdigest()
        shown = cached("source-list", lambda: _shown_citations(ids), digest)
    else:
        shown = _shown_citations(ids)
    for source in sources:
        source.shown_citations = shown.get(source.pk, [])
    return sources


def _shown_citations(source_ids: list[int]) -> dict[int, list]:
    rank = Window(
        RowNumber(),
        partition_by=F("source_id"),
        order_by=[F(name).asc() for name in Citation._meta.ordering],
    )
    citations = (
        Citation.objects.filter(source__in=source_ids)
        .annotate(rank=rank)
        .filter(rank__lte=SUPPORTS_SHOWN)
        .select_related("content_type")
        .prefetch_related("content_object")
    )
    shown: dict[int, list] = {}
    for citation in citations:
        shown.setdefault(citation.source_id, []).append(citation)
    return shown


def source_list() -> list[Source]:
    """Every source with its citation count and its first SUPPORTS_SHOWN citations
    (see with_shown_citations)."""
    return with_shown_citations(list(sources_with_counts()))


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
