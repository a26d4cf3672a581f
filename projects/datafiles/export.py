"""Writing the database back to the data files, and CONFLICTS.md."""

from __future__ import annotations

import datetime
from collections import defaultdict
from pathlib import Path

from django.contrib.contenttypes.models import ContentType

from ..content import in_english
from ..dates import format_partial_date
from ..models import (
    ROUTE_POINT_KEYS,
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
)
from ..reported import FIGURE_FIELDS, sources_disagree
from .files import (
    DATA_DIR,
    OPTIONAL,
    SOURCE_KEYS,
    dump_yaml,
    plain_number,
)
from .translations import translations_key

# ---------------------------------------------------------------------------
# Exporting
# ---------------------------------------------------------------------------


def _citation_rows(target) -> list[dict]:
    rows = []
    figures = FIGURE_FIELDS.get(target._meta.model_name, {})
    citations = (
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )
        .select_related("source")
        .order_by("id")
    )
    for citation in citations:
        row = {"source": citation.source.slug, "field": citation.field}
        row["reported"] = citation.reported_value
        if citation.field in figures:
            if citation.value_date is not None:
                row["value"] = format_partial_date(
                    citation.value_date, citation.value_date_precision
                )
            else:
                row["value"] = plain_number(citation.value_number)
        row["locator"] = citation.locator
        row["headline"] = citation.is_headline
        row["planned"] = citation.is_planned
        row["note"] = citation.note
        rows.append(_compact(row))
    return rows


def _compact(row: dict) -> dict:
    """Leave out optional keys that hold their default, as a hand-written file would."""
    return {
        key: value
        for key, value in row.items()
        if key not in OPTIONAL or key == "field" or value != OPTIONAL[key]
    }


def _citations_key(target) -> dict:
    """The record's translations, then its citations (those of a cited name too)."""
    rows = _citation_rows(target)
    return translations_key(target) | ({"citations": rows} if rows else {})


def _source_row(source: Source) -> dict:
    return _compact(
        {
            name: _iso(value) if isinstance(value, datetime.date) else value
            for name in SOURCE_KEYS
            for value in [getattr(source, name)]
        }
    )


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _phase_row(phase: Phase) -> dict:
    return {
        "number": phase.number,
        "slug": phase.slug,
        "name": phase.name,
        "start_year": phase.start_year,
        "end_year": phase.end_year,
        "summary": phase.summary,
        "focus_sectors": [s.slug for s in phase.focus_sectors.order_by("id")],
        "reported_investment_usd_million": plain_number(
            phase.reported_investment_usd_million
        ),
        **_citations_key(phase),
    }


def _project_row(project: Project) -> dict:
    return {
        "name": project.name,
        "phase": project.phase.number,
        "sector": project.sector.slug,
        "status": project.status,
        "province": project.province,
        "location": project.location,
        "latitude": plain_number(project.latitude),
        "longitude": plain_number(project.longitude),
        "capacity": plain_number(project.capacity),
        "capacity_unit": project.capacity_unit,
        "cost_usd_million": plain_number(project.cost_usd_million),
        "start_date": project.start_date_display,
        "completion_date": project.completion_date_display,
        **({"works": project.works} if project.works else {}),
        **({"aliases": list(project.aliases)} if project.aliases else {}),
        "sponsors": project.sponsors,
        "description": project.description,
        # In a fixed key order: PostgreSQL's jsonb keeps keys in an order of its own.
        **(
            {"route": [{k: p[k] for k in ROUTE_POINT_KEYS} for p in project.route]}
            if project.route
            else {}
        ),
        **_citations_key(project),
    }


def _meeting_row(meeting: Meeting) -> dict:
    row = _compact(
        {
            "slug": meeting.slug,
            "kind": meeting.kind,
            "number": meeting.number,
            "title": meeting.title,
            "date": meeting.date_display,
            "city": meeting.city,
            "country": meeting.country,
            "virtual": meeting.is_virtual,
            "co_chairs": meeting.co_chairs,
            "summary": meeting.summary,
            "outcomes": meeting.outcomes,
            "phase": meeting.phase.number if meeting.phase else None,
            "projects": [p.slug for p in meeting.projects.order_by("slug")],
        }
    )
    return row | _citations_key(meeting)


def _indicator_row(indicator: Indicator) -> dict:
    return {
        "slug": indicator.slug,
        "name": indicator.name,
        "value": plain_number(indicator.value),
        "unit": indicator.unit,
        "year": indicator.year,
        "description": indicator.description,
        **_citations_key(indicator),
    }


def _sector_row(sector: Sector) -> dict:
    return {
        "slug": sector.slug,
        "name": sector.name,
        "color": sector.color,
        "description": sector.description,
        **_citations_key(sector),
    }


def export_rows() -> dict[str, object]:
    """Every file's content, keyed by its path relative to the data folder.

    In English whatever the active language: `name` is the English name.
    """
    with in_english():
        return _rows()


def _rows() -> dict[str, object]:
    files: dict[str, object] = {
        "sources.yaml": [_source_row(s) for s in Source.objects.order_by("slug")],
        "sectors.yaml": [_sector_row(s) for s in Sector.objects.order_by("id")],
        "phases.yaml": [_phase_row(p) for p in Phase.objects.order_by("number")],
        "meetings.yaml": [
            _meeting_row(m)
            for m in Meeting.objects.filter(is_synthetic=False)
            .select_related("phase")
            .order_by("id")
        ],
        "indicators.yaml": [
            _indicator_row(i) for i in Indicator.objects.order_by("id")
        ],
    }
    projects = Project.objects.filter(is_synthetic=False).select_related(
        "phase", "sector"
    )
    for project in projects.order_by("slug"):
        files[f"projects/{project.slug}.yaml"] = _project_row(project)
    return files


CONFLICTS_HEADER = """# Where sources disagree

Written by `manage.py export_data` from the data files; do not edit by hand. Each row
is a figure whose sources report different facts (compared as typed values, within
the rounding of each source's wording; plans and targets are not set against what
happened). Every reported value is kept; the one in **bold** is the headline the
record holds, chosen by the headline rule in the README's data notes.

| Record | Field | Reported values | Held |
|---|---|---|---|
"""


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def conflicts_markdown() -> str:
    """A table of every figure on which the sources disagree, and the value held."""
    groups: dict[tuple, list[Citation]] = defaultdict(list)
    citations = Citation.objects.select_related("source", "content_type").order_by(
        "content_type_id", "object_id", "field", "id"
    )
    for citation in citations:
        model_name = citation.content_type.model
        if citation.field in FIGURE_FIELDS.get(model_name, {}):
            groups[(model_name, citation.object_id, citation.field)].append(citation)
    rows = []
    for (model_name, _, field), items in groups.items():
        if not sources_disagree(items, model_name):
            continue
        record = items[0].content_object
        reported = "; ".join(
            ("**{}**" if c.is_headline else "{}").format(_cell(c.reported_value))
            + f" ({_cell(c.source.publisher or c.source.title)}"
            + (
                f", {c.source.published_on.isoformat()}"
                if c.source.published_on
                else ""
            )
            + (", planned" if c.is_planned else "")
            + ")"
            for c in items
        )
        headline = next((c for c in items if c.is_headline), None)
        held = _cell(headline.typed_value_display) if headline else "none"
        rows.append(
            (str(record), f"| {_cell(record)} | {field} | {reported} | {held} |\n")
        )
    return CONFLICTS_HEADER + "".join(row for _, row in sorted(rows))


def export_data(data_dir: Path = DATA_DIR) -> list[Path]:
    """Write the database to the data files; returns the files written or removed."""
    data_dir = Path(data_dir)
    (data_dir / "projects").mkdir(parents=True, exist_ok=True)
    changed = []
    files = export_rows()
    texts = {name: dump_yaml(content) for name, content in files.items()}
    with in_english():
        texts["CONFLICTS.md"] = conflicts_markdown()
    for name, text in texts.items():
        path = data_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for path in sorted((data_dir / "projects").glob("*.yaml")):
        if f"projects/{path.name}" not in files:
            path.unlink()
            changed.append(path)
    return changed
