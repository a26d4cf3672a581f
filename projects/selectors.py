"""Read-side queries shared by the pages and the API."""

import dataclasses
import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.text import capfirst
from simple_history.template_utils import ObjDiffDisplay

from .choices import CapacityUnit, Province, Status
from .models import (
    PROJECT_EDITABLE_FIELDS,
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
)


def project_list(
    *, phase: Phase | None = None, sector: Sector | None = None
) -> QuerySet:
    qs = Project.objects.with_related()
    if phase is not None:
        qs = qs.filter(phase=phase)
    if sector is not None:
        qs = qs.filter(sector=sector)
    return qs


# What the API's project list (JSON, CSV, GeoJSON) shows, and nothing else: the
# timestamps it leaves out would cost six datetime conversions a row.
PROJECT_LIST_FIELDS = tuple(
    name
    for field in (*PROJECT_EDITABLE_FIELDS, "is_synthetic")
    for name in {
        "phase": ("phase__number", "phase__name", "phase__slug"),
        "sector": ("sector__slug", "sector__name"),
    }.get(field, (field,))
)


def located_q() -> Q:
    """Projects that can be drawn: a point, a route, or both."""
    return Q(latitude__isnull=False, longitude__isnull=False) | ~Q(route=[])


def project_list_rows() -> QuerySet:
    """project_list(), loading only the fields the API's list shows."""
    return project_list().only(*PROJECT_LIST_FIELDS)


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


# A source cited by 100,000 synthetic projects would fill the page with them.
SUPPORTS_SHOWN = 100


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


# Dashboard: headline numbers and chart rows. Each takes the (already filtered)
# project queryset so that the phase and sector filters apply to every figure.

# Kilometres outside these sectors are road or rail; inside them they are cables
# and power lines.
NOT_ROAD_RAIL_SECTOR_SLUGS = (
    "energy",
    "science-and-technology",
    "digital",
    "telecommunications",
)


def dashboard_totals(*, projects: QuerySet) -> dict:
    """Operational megawatts and road and rail kilometres, in one aggregate query.

    Counts and costs come from project_stats(); these are the capacity figures.
    """
    return projects.order_by().aggregate(
        operational_mw=Sum(
            "capacity",
            filter=Q(status=Status.OPERATIONAL, capacity_unit=CapacityUnit.MW),
        ),
        road_rail_km=Sum(
            "capacity",
            filter=Q(capacity_unit=CapacityUnit.KM)
            & ~Q(sector__slug__in=NOT_ROAD_RAIL_SECTOR_SLUGS),
        ),
    )


def investment_by_sector_and_phase(*, projects: QuerySet) -> list[dict]:
    """Project count and known cost per sector and phase, crossed."""
    fields = ("sector__name", "sector__slug", "sector__color", "phase__number")
    return list(
        projects.order_by()
        .values(*fields)
        .annotate(
            projects=Count("id"),
            with_cost=Count("id", filter=Q(cost_usd_million__isnull=False)),
            investment_usd_million=Sum("cost_usd_million"),
        )
        .order_by(*fields)
    )


def _largest_first(projects: QuerySet) -> QuerySet:
    return projects.order_by(F("cost_usd_million").desc(nulls_last=True), "name", "id")


def project_chart_rows(*, projects: QuerySet, limit: int | None = None) -> list[dict]:
    """One row per project with what the timeline, the map and the tables draw.

    With a limit, the `limit` largest by known cost (unknown costs last), still in
    order of start: a chart of 100,000 projects would be neither readable nor
    light. One query either way.
    """
    if limit is not None:
        projects = Project.objects.filter(
            pk__in=_largest_first(projects).values("pk")[:limit]
        )
    return list(
        projects.order_by(F("start_date").asc(nulls_last=True), "name", "id").values(
            "name",
            "slug",
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
            "phase__number",
            "sector__name",
            "sector__slug",
            "sector__color",
            "is_synthetic",
            "route",
        )
    )


def largest_rows(rows: list[dict], limit: int) -> list[dict]:
    """The `limit` largest rows by known cost, in their original order."""
    if len(rows) <= limit:
        return rows
    ranked = sorted(
        range(len(rows)),
        key=lambda i: (
            rows[i]["cost_usd_million"] is None,
            -(rows[i]["cost_usd_million"] or 0),
            i,
        ),
    )
    keep = set(ranked[:limit])
    return [row for i, row in enumerate(rows) if i in keep]


def synthetic_project_count() -> int:
    """How many projects are synthetic (seed_synthetic adds its meetings with them)."""
    return Project.objects.filter(is_synthetic=True).count()


def meeting_chart_rows(*, phase_number: int | None = None) -> list[dict]:
    meetings = Meeting.objects.all()
    if phase_number is not None:
        meetings = meetings.filter(phase__number=phase_number)
    return list(
        meetings.values(
            "id", "kind", "number", "title", "slug", "date", "date_precision", "city"
        )
    )


def phase_rows() -> list[dict]:
    return list(
        Phase.objects.values(
            "number",
            "name",
            "slug",
            "start_year",
            "end_year",
            "reported_investment_usd_million",
        )
    )


def trade_indicators() -> list[dict]:
    """The trade figures the article sets side by side: imports and exports."""
    return list(
        Indicator.objects.filter(
            Q(name__icontains="import") | Q(name__icontains="export")
        ).values("id", "name", "slug", "value", "unit", "year")
    )


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


def _stat_measures() -> dict:
    return {
        "count": Count("id"),
        "known_cost_usd_million": Sum("cost_usd_million"),
        "unknown_cost_count": Count("id", filter=Q(cost_usd_million__isnull=True)),
    }


def _stat_row(row: dict, **keys) -> dict:
    return {
        **keys,
        "count": row["count"],
        "known_cost_usd_million": row["known_cost_usd_million"] or Decimal("0"),
        "unknown_cost_count": row["unknown_cost_count"],
    }


def _stat_by_choice(projects: QuerySet, field: str, choices) -> list[dict]:
    """One row per choice, in the choices' order, zero where no project has it."""
    found = {
        row[field]: row
        for row in projects.values(field).annotate(**_stat_measures()).order_by()
    }
    empty = {"count": 0, "known_cost_usd_million": None, "unknown_cost_count": 0}
    return [
        _stat_row(found.get(value, empty), **{field: value, "label": label})
        for value, label in choices
    ]


def project_stats(*, projects: QuerySet | None = None) -> dict:
    """Project counts and known cost, in total and by sector, phase, status, province.

    Five queries, each an aggregate in the database. A project without a cost is
    counted in `unknown_cost_count`, never added as zero.
    """
    projects = (Project.objects.all() if projects is None else projects).order_by()
    measures = _stat_measures()
    by_sector = (
        projects.values("sector__slug", "sector__name", "sector__color")
        .annotate(**measures)
        .order_by("sector__name", "sector__slug")
    )
    by_phase = (
        projects.values(
            "phase__number",
            "phase__name",
            "phase__slug",
            "phase__reported_investment_usd_million",
        )
        .annotate(**measures)
        .order_by("phase__number")
    )
    return {
        "total": _stat_row(projects.aggregate(**measures)),
        "by_sector": [
            _stat_row(
                row,
                slug=row["sector__slug"],
                name=row["sector__name"],
                color=row["sector__color"],
            )
            for row in by_sector
        ],
        "by_phase": [
            _stat_row(
                row,
                number=row["phase__number"],
                name=row["phase__name"],
                slug=row["phase__slug"],
                reported_investment_usd_million=row[
                    "phase__reported_investment_usd_million"
                ],
            )
            for row in by_phase
        ],
        "by_status": _stat_by_choice(projects, "status", Status.choices),
        "by_province": _stat_by_choice(projects, "province", Province.choices),
    }


# The change feed: recent edits across every history-tracked model.

HISTORY_MODELS = (Project, Phase, Sector, Meeting, Source, Citation, Indicator)
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
_SHORTEN = ObjDiffDisplay(max_length=120)


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One field of one edit, from and to, as text (None where blank)."""

    name: str
    label: str
    old: str | None
    new: str | None


@dataclasses.dataclass(frozen=True)
class ChangeEntry:
    """One historical record, ready for the /changes/ page and the API."""

    history_id: int
    when: datetime.datetime
    model: str
    model_label: str
    object_id: int
    object_name: str
    url: str | None
    type: str
    changes: list[FieldChange] = dataclasses.field(default_factory=list)
    editor: str | None = None


def _display(model, name: str, value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, ContentType):
        return value.name
    if isinstance(value, bool):
        return "yes" if value else "no"
    choices = model._meta.get_field(name).flatchoices
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _field_changes(model, record, previous) -> list[FieldChange]:
    delta = record.diff_against(previous, foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        old = _display(model, change.field, change.old)
        new = _display(model, change.field, change.new)
        if old is not None and new is not None:
            old, new = _SHORTEN.common_shorten_repr(old, new)
        changes.append(
            FieldChange(
                name=change.field,
                label=capfirst(model._meta.get_field(change.field).verbose_name),
                old=old,
                new=new,
            )
        )
    return changes


def _editor_name(user) -> str | None:
    """A display name only: the first name, else the username; never the email."""
    if user is None:
        return None
    return user.first_name or user.get_username()


class ChangeFeed:
    """Newest-first historical records of several models, sliced without N+1.

    Paginator and DRF pagination only need count() and slicing. A slice costs one
    query for its keys (a UNION over the history tables), then per model on the
    page one query for the records (with their editor, related objects, previous
    version id and current slug) and one for the previous versions to diff against.
    """

    def __init__(self, models=HISTORY_MODELS, *, object_id: int | None = None):
        self.models = tuple(models)
        self.object_id = object_id

    def _history(self, model) -> QuerySet:
        qs = model.history.all()
        if self.object_id is not None:
            qs = qs.filter(id=self.object_id)
        return qs

    def _keys(self) -> QuerySet:
        parts = [
            self._history(model)
            .order_by()
            .annotate(tag=Value(index, output_field=IntegerField()))
            .values_list("tag", "history_id", "history_date")
            for index, model in enumerate(self.models)
        ]
        keys = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return keys

    def count(self) -> int:
        return self._keys().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("ChangeFeed supports slicing only.")
        rows = list(self._keys().order_by("-history_date", "-history_id", "tag")[key])
        wanted: dict[int, list[int]] = {}
        for tag, history_id, _ in rows:
            wanted.setdefault(tag, []).append(history_id)
        entries = {}
        for tag, ids in wanted.items():
            for entry in self._entries(self.models[tag], ids):
                entries[(tag, entry.history_id)] = entry
        return [entries[(tag, history_id)] for tag, history_id, _ in rows]

    def _entries(self, model, history_ids: list[int]) -> list[ChangeEntry]:
        history = model.history.model
        earlier = history.objects.filter(id=OuterRef("id")).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(
                history_date=OuterRef("history_date"),
                history_id__lt=OuterRef("history_id"),
            )
        )
        records = (
            model.history.filter(history_id__in=history_ids)
            ._select_related_history_tracked_objs()
            .select_related("history_user")
            .annotate(
                previous_id=Subquery(
                    earlier.order_by("-history_date", "-history_id").values(
                        "history_id"
                    )[:1]
                )
            )
        )
        has_page = hasattr(model, "get_absolute_url")
        if has_page:
            records = records.annotate(
                current_slug=Subquery(
                    model.objects.filter(pk=OuterRef("id")).values("slug")[:1]
                )
            )
        records = list(records)
        wanted = [
            r.previous_id for r in records if r.history_type == "~" and r.previous_id
        ]
        previous = (
            {
                p.history_id: p
                for p in model.history.filter(
                    history_id__in=wanted
                )._select_related_history_tracked_objs()
            }
            if wanted
            else {}
        )
        entries = []
        for record in records:
            before = previous.get(record.previous_id)
            slug = getattr(record, "current_slug", None)
            entries.append(
                ChangeEntry(
                    history_id=record.history_id,
                    when=record.history_date,
                    model=model._meta.model_name,
                    model_label=str(model._meta.verbose_name),
                    object_id=record.id,
                    # A historical record has the model's fields, so the model's
                    # __str__ applies to it without building an instance.
                    object_name=model.__str__(record),
                    url=model(pk=record.id, slug=slug).get_absolute_url()
                    if has_page and slug
                    else None,
                    type=HISTORY_TYPES.get(record.history_type, record.history_type),
                    changes=_field_changes(model, record, before) if before else [],
                    editor=_editor_name(record.history_user),
                )
            )
        return entries


def change_list(*, instance=None) -> ChangeFeed:
    """Recent edits, newest first: of everything, or of one record."""
    if instance is not None:
        return ChangeFeed([type(instance)], object_id=instance.pk)
    return ChangeFeed()
