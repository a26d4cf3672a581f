"""Projects, meetings, phases and indicators: the querysets of the pages and the
API, and the typed rows the charts draw."""

import dataclasses

from django.db.models import F, Prefetch, Q, QuerySet

from ..charts.rows import MeetingRow, ProjectRow
from ..content import shown, shown_value
from ..models import (
    PROJECT_EDITABLE_FIELDS,
    Citation,
    Meeting,
    Phase,
    Project,
    Sector,
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


def synthetic_project_count() -> int:
    """How many projects are synthetic (seed_synthetic adds its meetings with them)."""
    return Project.objects.filter(is_synthetic=True).count()


# Chart rows ---------------------------------------------------------------------

# A ProjectRow's fields read across a relation, and (the rest) those read as
# they are: the dataclass is the one list of what a chart row holds.
PROJECT_ROW_RELATED = {
    "phase_number": "phase__number",
    "sector_name": "sector__name",
    "sector_slug": "sector__slug",
    "sector_color": "sector__color",
}
PROJECT_ROW_FIELDS = tuple(
    f.name for f in dataclasses.fields(ProjectRow) if f.name not in PROJECT_ROW_RELATED
)
# The fields a chart row holds in the page's language (content.shown), and the
# lookups they are read from.
PROJECT_ROW_SHOWN = {
    "name": "name",
    "location": "location",
    "sector_name": "sector__name",
}
MEETING_ROW_SHOWN = {"title": "title", "city": "city"}


def _values_shown(queryset: QuerySet, fields, related: dict, shown_fields: dict):
    """values() of the fields, with the translated ones in the page's language."""
    plain = [name for name in fields if name not in shown_fields]
    related = {k: v for k, v in related.items() if k not in shown_fields}
    texts = {f"shown_{name}": shown(lookup) for name, lookup in shown_fields.items()}
    for row in queryset.values(*plain, **related, **texts):
        for name in shown_fields:
            row[name] = row.pop(f"shown_{name}")
        yield row


def _largest_first(projects: QuerySet) -> QuerySet:
    return projects.order_by(F("cost_usd_million").desc(nulls_last=True), "name", "id")


def project_chart_rows(
    *, projects: QuerySet, limit: int | None = None
) -> list[ProjectRow]:
    """One row per project with what the timeline, the map and the tables draw.

    With a limit, the `limit` largest by known cost (unknown costs last), still in
    order of start: a chart of 100,000 projects would be neither readable nor
    light. One query either way.
    """
    if limit is not None:
        projects = Project.objects.filter(
            pk__in=_largest_first(projects).values("pk")[:limit]
        )
    related = {name: F(lookup) for name, lookup in PROJECT_ROW_RELATED.items()}
    ordered = projects.order_by(F("start_date").asc(nulls_last=True), "name", "id")
    values = _values_shown(ordered, PROJECT_ROW_FIELDS, related, PROJECT_ROW_SHOWN)
    return [ProjectRow(**row) for row in values]


def project_row(project: Project) -> ProjectRow:
    """One project (with its phase and sector loaded) as the charts take it."""
    return ProjectRow(
        **_attributes_shown(project, PROJECT_ROW_FIELDS, PROJECT_ROW_SHOWN),
        phase_number=project.phase.number,
        sector_name=shown_value(project.sector, "name"),
        sector_slug=project.sector.slug,
        sector_color=project.sector.color,
    )


def largest_rows(rows: list[ProjectRow], limit: int) -> list[ProjectRow]:
    """The `limit` largest rows by known cost, in their original order."""
    if len(rows) <= limit:
        return rows
    ranked = sorted(
        range(len(rows)),
        key=lambda i: (
            rows[i].cost_usd_million is None,
            -(rows[i].cost_usd_million or 0),
            i,
        ),
    )
    keep = set(ranked[:limit])
    return [row for i, row in enumerate(rows) if i in keep]


MEETING_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(MeetingRow))


def meeting_chart_rows(*, phase_number: int | None = None) -> list[MeetingRow]:
    meetings = Meeting.objects.all()
    if phase_number is not None:
        meetings = meetings.filter(phase__number=phase_number)
    values = _values_shown(meetings, MEETING_ROW_FIELDS, {}, MEETING_ROW_SHOWN)
    return [MeetingRow(**row) for row in values]


def meeting_row(meeting: Meeting) -> MeetingRow:
    """One meeting as the charts take it."""
    return MeetingRow(
        **_attributes_shown(meeting, MEETING_ROW_FIELDS, MEETING_ROW_SHOWN)
    )


def _attributes_shown(record, fields, shown_fields: dict) -> dict:
    """A loaded record's fields, with the translated ones in the page's language."""
    return {
        name: shown_value(record, name)
        if name in shown_fields
        else getattr(record, name)
        for name in fields
    }


def phase_rows() -> list[dict]:
    """Every phase as a dict: the filter forms and the pages read these."""
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
