"""The rows the charts take: typed, with plain attribute names.

The selectors build them from the database (projects.selectors); the charts read
them and nothing else, so a chart never depends on how a query names its columns.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from ..choices import MeetingKind, Status
from ..dates import ProjectDatesMixin, format_partial_date


def status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def kind_label(value: str) -> str:
    try:
        return str(MeetingKind(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class ProjectRow(ProjectDatesMixin):
    """One project, as the timeline, the map and the project table draw it.

    The table reads `status_label` and the `*_display` dates, the names a Project
    answers to as well, so one template lists either.
    """

    name: str
    slug: str
    status: str
    sector_name: str
    sector_slug: str = ""
    sector_color: str = ""
    phase_number: int | None = None
    province: str = ""
    location: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    capacity: Decimal | None = None
    capacity_unit: str = ""
    cost_usd_million: Decimal | None = None
    start_date: datetime.date | None = None
    start_date_precision: str = "day"
    completion_date: datetime.date | None = None
    completion_date_precision: str = "day"
    is_synthetic: bool = False
    # Points of a road or line: dicts with "place", "latitude" and "longitude".
    route: list[dict] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def has_date(self) -> bool:
        return bool(self.start_date or self.completion_date)

    def completion_is_planned(self, today: datetime.date) -> bool:
        """A completion date is a plan until the project operates and it is past."""
        if self.completion_date is None:
            return False
        return self.status != Status.OPERATIONAL or self.completion_date > today


@dataclass(frozen=True)
class MeetingRow:
    """One meeting, as the meetings chart and the timeline's marks draw it."""

    title: str
    kind: str
    date: datetime.date | None = None
    date_precision: str = "day"
    city: str = ""
    id: int | None = None
    number: int | None = None
    slug: str = ""

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def date_display(self) -> str | None:
        return format_partial_date(self.date, self.date_precision)


@dataclass(frozen=True)
class PhaseRow:
    """A phase as the timeline draws it: a span of years."""

    number: int
    start_year: int | None = None
    end_year: int | None = None


@dataclass(frozen=True)
class SectorPhaseRow:
    """Projects and their known cost in one sector and one phase."""

    sector_name: str
    sector_color: str
    phase_number: int
    projects: int
    with_cost: int
    investment_usd_million: Decimal | None
    sector_slug: str = ""

    @property
    def unknown_cost(self) -> int:
        return self.projects - self.with_cost


@dataclass(frozen=True)
class StatRow:
    """Projects and their known cost for one status or one province."""

    value: str
    label: str
    count: int
    known_cost_usd_million: Decimal | None
    unknown_cost_count: int

    @property
    def known_cost(self) -> Decimal | None:
        """The summed cost; None when no cost is known (never 0)."""
        if self.count == self.unknown_cost_count:
            return None
        return self.known_cost_usd_million
