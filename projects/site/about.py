"""/about/: what the tracker holds beside the official counts, where its figures
come from, how to cite it and reuse it, and the latest edits day by day.

Every number on the page is read from the database when the page is built (and
the page is kept until the data changes, like the others): nothing is written
into the template.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..caching.policy import page_cache
from ..caching.store import cached
from ..caching.version import last_updated
from ..choices import EXCLUDED_SOURCE_HOSTS, SourceKind, Status
from ..models import Citation, Indicator, Project, Sector, Source
from ..selectors.changes import HISTORY_MODELS, HISTORY_TYPES

# The days of edits the change log lists; /changes/ has every edit.
CHANGE_LOG_DAYS = 7


@dataclass(frozen=True)
class Comparison:
    """An official count (an Indicator) and the status and sector this tracker
    counts beside it; no sector means every sector."""

    indicator: str
    status: str
    sector: str | None = None


# The planning ministry's list (as Business Recorder reports it) says "completed"
# and "under implementation"; the nearest statuses here are operational and
# under construction. Its "infrastructure" is the transport sector here, its
# "socio-economic development" the social sector.
COMPARISONS = (
    Comparison("cpec-completed-projects-count", Status.OPERATIONAL),
    Comparison("cpec-completed-energy-projects-count", Status.OPERATIONAL, "energy"),
    Comparison(
        "cpec-completed-infrastructure-projects-count",
        Status.OPERATIONAL,
        "transport-infrastructure",
    ),
    Comparison("cpec-completed-gwadar-projects-count", Status.OPERATIONAL, "gwadar"),
    Comparison(
        "cpec-completed-socio-economic-projects-count",
        Status.OPERATIONAL,
        "social-sector",
    ),
    Comparison("cpec-projects-under-implementation-count", Status.UNDER_CONSTRUCTION),
)


def _official_counts() -> dict[str, Indicator]:
    """The compared indicators by slug, each with its headline citation's source."""
    headline = Citation.objects.filter(field="value", is_headline=True)
    indicators = Indicator.objects.filter(
        slug__in=[c.indicator for c in COMPARISONS]
    ).prefetch_related(
        Prefetch(
            "citations",
            queryset=headline.select_related("source"),
            to_attr="headlines",
        )
    )
    return {indicator.slug: indicator for indicator in indicators}


def _tracked_counts() -> tuple[Counter, dict[str, Sector]]:
    """Projects by (sector slug, status), every sector counted under None too;
    and the compared sectors by slug."""
    counts: Counter = Counter()
    rows = Project.objects.order_by().values("sector__slug", "status")
    for row in rows.annotate(n=Count("id")):
        counts[(row["sector__slug"], row["status"])] += row["n"]
        counts[(None, row["status"])] += row["n"]
    slugs = {c.sector for c in COMPARISONS if c.sector}
    sectors = {s.slug: s for s in Sector.objects.filter(slug__in=slugs)}
    return counts, sectors


def _list_url(status: str, sector: str | None) -> str:
    query = {"status": status, **({"sector": sector} if sector else {})}
    return f"{reverse('projects:project-list')}?{urlencode(query)}"


def coverage() -> dict:
    """Each official count with its headline citation, beside the number of
    projects this tracker holds in the nearest status and sector; and the
    projects tracked in all.

    An official count missing from the database, or a sector that no longer
    exists, leaves its row out rather than compare it with nothing.
    """
    official = _official_counts()
    counts, sectors = _tracked_counts()
    labels = dict(Status.choices)
    rows = []
    for comparison in COMPARISONS:
        indicator = official.get(comparison.indicator)
        sector = sectors.get(comparison.sector) if comparison.sector else None
        if indicator is None or (comparison.sector and sector is None):
            continue
        rows.append(
            {
                "indicator": indicator,
                "citation": next(iter(indicator.headlines), None),
                "status": comparison.status,
                "status_label": labels[comparison.status],
                "sector": sector,
                "tracked": counts[(comparison.sector, comparison.status)],
                "url": _list_url(comparison.status, comparison.sector),
            }
        )
    total = sum(n for (sector, _), n in counts.items() if sector is None)
    return {"rows": rows, "total": total}


# What each kind of source covers, in the page's words.
SOURCE_KINDS = {
    SourceKind.OFFICIAL: (
        gettext_lazy("Official"),
        gettext_lazy(
            "governments, ministries, the CPEC Authority, embassies, regulators and "
            "project companies"
        ),
    ),
    SourceKind.NEWS: (
        gettext_lazy("News"),
        gettext_lazy("established news outlets and agencies"),
    ),
    SourceKind.RESEARCH: (
        gettext_lazy("Research"),
        gettext_lazy("research bodies, think tanks, universities and journals"),
    ),
    SourceKind.REFERENCE: (
        gettext_lazy("Reference"),
        gettext_lazy(
            "Wikipedia, never on its own but only beside a source of another kind"
        ),
    ),
}


def source_kinds() -> list[dict]:
    """How many sources of each kind the data cites, in the kinds' order."""
    found = dict(Source.objects.order_by().values_list("kind").annotate(n=Count("id")))
    return [
        {
            "kind": kind,
            "label": SOURCE_KINDS.get(kind, (label, ""))[0],
            "covers": SOURCE_KINDS.get(kind, (label, ""))[1],
            "count": found.get(kind, 0),
        }
        for kind, label in SourceKind.choices
    ]


def edits_by_day(*, days: int = CHANGE_LOG_DAYS) -> dict:
    """Records created, changed and deleted on each of the latest days with
    edits (UTC), newest first; and the edits and days with edits in all.

    One query: a count per day and kind of edit for each history table, joined
    with UNION ALL; the days are added up here.
    """
    parts = [
        model.history.order_by()
        .annotate(day=TruncDate("history_date"))
        .values_list("day", "history_type")
        .annotate(n=Count("history_id"))
        for model in HISTORY_MODELS
    ]
    by_day: dict[datetime.date, Counter] = defaultdict(Counter)
    for day, kind, n in parts[0].union(*parts[1:], all=True):
        by_day[day][HISTORY_TYPES.get(kind, kind)] += n
    latest = sorted(by_day, reverse=True)[:days]
    return {
        "days": [
            {
                "day": day,
                "created": by_day[day]["created"],
                "changed": by_day[day]["changed"],
                "deleted": by_day[day]["deleted"],
                "total": sum(by_day[day].values()),
            }
            for day in latest
        ],
        "total": sum(sum(counts.values()) for counts in by_day.values()),
        "day_count": len(by_day),
    }


def citation_text(*, version: int, changed_at, url: str) -> str:
    """The line to cite the data by: its version and the date of its last edit."""
    values = {"version": version, "url": url}
    if changed_at:
        values["date"] = f"{changed_at:%Y-%m-%d}"
        text = _(
            "CPEC Tracker, data version %(version)s, last updated %(date)s. "
            "%(url)s. CC BY 4.0."
        )
    else:
        text = _("CPEC Tracker, data version %(version)s. %(url)s. CC BY 4.0.")
    return text % values


@page_cache()
def about(request):
    version, changed_at = last_updated()
    page_url = request.build_absolute_uri(reverse("projects:about"))
    context = {
        "coverage": cached("about-coverage", coverage),
        "source_kinds": cached("about-source-kinds", source_kinds),
        "excluded_host_count": len(EXCLUDED_SOURCE_HOSTS),
        "change_log": cached("about-edits", edits_by_day),
        "version": version,
        "changed_at": changed_at,
        "citation": citation_text(version=version, changed_at=changed_at, url=page_url),
    }
    return render(request, "projects/about.html", context)
