"""Dashboard figures: headline numbers and aggregates in the database.

Each takes the (already filtered) project queryset so that the phase and sector
filters apply to every figure.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from ..charts.rows import SectorPhaseRow, StatRow
from ..choices import CapacityUnit, Province, Status, Works
from ..content import shown
from ..models import Phase, Project, Sector

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
    The kilometres are split by `works`: new build, upgrade of an existing line,
    and those whose sources do not say (blank), so an upgrade is never read as
    new track.
    """
    road_rail = Q(capacity_unit=CapacityUnit.KM) & ~Q(
        sector__slug__in=NOT_ROAD_RAIL_SECTOR_SLUGS
    )
    return projects.order_by().aggregate(
        operational_mw=Sum(
            "capacity",
            filter=Q(status=Status.OPERATIONAL, capacity_unit=CapacityUnit.MW),
        ),
        road_rail_km=Sum("capacity", filter=road_rail),
        road_rail_new_km=Sum("capacity", filter=road_rail & Q(works=Works.NEW)),
        road_rail_upgrade_km=Sum("capacity", filter=road_rail & Q(works=Works.UPGRADE)),
        road_rail_unstated_km=Sum("capacity", filter=road_rail & Q(works="")),
    )


def investment_by_sector_and_phase(*, projects: QuerySet) -> list[SectorPhaseRow]:
    """Project count and known cost per sector and phase, crossed."""
    fields = ("sector__name", "sector__slug", "sector__color", "phase__number")
    rows = (
        projects.order_by()
        .values(*fields[1:], sector_shown=shown("sector__name"))
        .annotate(
            projects=Count("id"),
            with_cost=Count("id", filter=Q(cost_usd_million__isnull=False)),
            investment_usd_million=Sum("cost_usd_million"),
        )
        .order_by(*fields)
    )
    return [
        SectorPhaseRow(
            sector_name=row["sector_shown"],
            sector_slug=row["sector__slug"],
            sector_color=row["sector__color"],
            phase_number=row["phase__number"],
            projects=row["projects"],
            with_cost=row["with_cost"],
            investment_usd_million=row["investment_usd_million"],
        )
        for row in rows
    ]


def _stat_measures(path: str = "") -> dict:
    """How many projects, their known costs' sum, how many have no known cost.

    path: the way from the rows being annotated to their projects ("projects__"
    from a phase or a sector).
    """
    return {
        "count": Count(f"{path}id"),
        "known_cost_usd_million": Sum(f"{path}cost_usd_million"),
        "unknown_cost_count": Count(
            f"{path}id", filter=Q(**{f"{path}cost_usd_million__isnull": True})
        ),
    }


def sector_choices() -> list[tuple[str, str, int]]:
    """(slug, name, projects) of each sector that has projects, by name."""
    return [
        (s.slug, s.name, s.project_count)
        for s in Sector.objects.annotate(project_count=Count("projects"))
        .filter(project_count__gt=0)
        .order_by("name")
    ]


def phase_project_counts() -> dict[str, int]:
    """{slug: projects} of each phase that has projects."""
    return dict(
        Phase.objects.annotate(project_count=Count("projects"))
        .filter(project_count__gt=0)
        .values_list("slug", "project_count")
    )


def with_project_totals(queryset: QuerySet) -> QuerySet:
    """Phases or sectors with their projects' totals, as /api/stats/ counts them.

    The sum is 0 when no cost is known. A GROUP BY drops Meta.ordering, so each
    caller orders again.
    """
    measures = _stat_measures("projects__")
    return queryset.annotate(
        project_count=measures["count"],
        known_cost_usd_million=Coalesce(
            measures["known_cost_usd_million"],
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=16, decimal_places=2),
        ),
        unknown_cost_count=measures["unknown_cost_count"],
    )


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
    counted in `unknown_cost_count`, never added as zero. Plain dicts: the API
    returns them as they are.
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


def stat_rows(rows: list[dict], field: str) -> list[StatRow]:
    """project_stats()'s rows by "status" or "province", as the charts take them."""
    return [
        StatRow(
            value=row[field],
            label=row["label"],
            count=row["count"],
            known_cost_usd_million=row["known_cost_usd_million"],
            unknown_cost_count=row["unknown_cost_count"],
        )
        for row in rows
    ]
