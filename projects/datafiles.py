"""The curated data as reviewable YAML files: load them into the database, export back.

Layout under ``fixtures/data/``: ``sources.yaml``, ``sectors.yaml``, ``phases.yaml``,
``meetings.yaml``, ``indicators.yaml`` and ``projects/<slug>.yaml``. Loading runs every
record through ``full_clean()`` (field validation, ``clean()`` and the named database
constraints, as the admin and the API do), checks that each figure equals its headline
citation and rests on a non-reference source, and commits all or nothing. An error
names the file, the record and the field. Exporting writes the same files back in one
canonical form, so load then export gives identical bytes and an admin edit shows up
as a diff of one file.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .choices import PRIMARY_SOURCE_KINDS, DatePrecision
from .dates import format_partial_date, parse_partial_date
from .models import (
    PROJECT_EDITABLE_FIELDS,
    ROUTE_POINT_KEYS,
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
    constraint_field,
    constraint_for_message,
)
from .reported import FIGURE_FIELDS, headline_errors, sources_disagree

DATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "data"

SOURCE_KEYS = (
    "slug",
    "kind",
    "publisher",
    "title",
    "author",
    "url",
    "published_on",
    "accessed_on",
    "missing_reason",
)
SECTOR_KEYS = ("slug", "name", "color", "description")
PHASE_KEYS = (
    "number",
    "slug",
    "name",
    "start_year",
    "end_year",
    "summary",
    "focus_sectors",
    "reported_investment_usd_million",
)
# A project file holds the editable fields (its slug is the file name; a date's
# precision is written in the date itself) and its route.
PROJECT_KEYS = (
    *(
        name
        for name in PROJECT_EDITABLE_FIELDS
        if name != "slug" and not name.endswith("_precision")
    ),
    "route",
)
MEETING_KEYS = (
    "slug",
    "kind",
    "number",
    "title",
    "date",
    "city",
    "country",
    "virtual",
    "co_chairs",
    "summary",
    "outcomes",
    "phase",
    "projects",
)
INDICATOR_KEYS = ("slug", "name", "value", "unit", "year", "description")
CITATION_KEYS = (
    "source",
    "field",
    "reported",
    "value",
    "locator",
    "headline",
    "planned",
    "note",
)
# Keys a file may leave out, with the value they then take.
OPTIONAL = {
    "author": "",
    "missing_reason": "",
    "outcomes": "",
    "virtual": False,
    "projects": [],
    "route": [],
    "field": "",
    "reported": "",
    "value": None,
    "headline": False,
    "planned": False,
    "note": "",
}


class DataFileError(Exception):
    """A data file breaks a rule; the message names the file, record and field."""

    def __init__(self, path: Path, record: str, field: str, message: str):
        self.path, self.record, self.field = path, record, field
        where = f"{_relative(path)}: {record}"
        super().__init__(
            f"{where}: {field}: {message}" if field else f"{where}: {message}"
        )


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path(settings.BASE_DIR)))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def to_decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"{value!r} is not a number")
    return Decimal(str(value))


def plain_number(value: Decimal | int | None):
    """A number as YAML should show it: 1912, not 1912.00."""
    if value is None:
        return None
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return int(number)
    return number


class _Dumper(yaml.SafeDumper):
    """Canonical YAML: decimals as plain numbers, block lists indented."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    Decimal,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:float", format(value, "f")
    ),
)


def dump_yaml(data) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )


def read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path, "file", "", "the file is missing") from None
    except yaml.YAMLError as exc:
        raise DataFileError(path, "file", "", f"not valid YAML: {exc}") from None


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


class Loader:
    """Reads the data files into an empty database, all or nothing."""

    def __init__(self, data_dir: Path = DATA_DIR):
        self.data_dir = Path(data_dir)
        self.sources: dict[str, Source] = {}
        self.sectors: dict[str, Sector] = {}
        self.phases: dict[int, Phase] = {}
        self.projects: dict[str, Project] = {}
        self.counts: dict[str, int] = defaultdict(int)

    def load(self) -> dict[str, int]:
        with transaction.atomic():
            self._load_list("sources.yaml", self._source)
            self._load_list("sectors.yaml", self._sector)
            self._load_list("phases.yaml", self._phase)
            folder = self.data_dir / "projects"
            for path in sorted(folder.glob("*.yaml")):
                data = read_yaml(path)
                self._project(path, path.stem, data)
            self._load_list("meetings.yaml", self._meeting)
            self._load_list("indicators.yaml", self._indicator)
        return dict(self.counts)

    def _load_list(self, name: str, build) -> None:
        path = self.data_dir / name
        records = read_yaml(path) or []
        if not isinstance(records, list):
            raise DataFileError(path, "file", "", "expected a list of records")
        for index, data in enumerate(records, start=1):
            label = f"record {index}"
            if isinstance(data, dict) and data.get("slug"):
                label = f"{label} ({data['slug']})"
            build(path, label, data)

    # -- helpers ------------------------------------------------------------

    def _fields(self, path, record, data, keys, extra=("citations",)) -> dict:
        if not isinstance(data, dict):
            raise DataFileError(path, record, "", "expected a mapping of fields")
        unknown = sorted(set(data) - set(keys) - set(extra))
        if unknown:
            raise DataFileError(path, record, unknown[0], "unknown field")
        values = {}
        for key in keys:
            if key in data:
                values[key] = data[key]
            elif key in OPTIONAL:
                values[key] = OPTIONAL[key]
            else:
                raise DataFileError(path, record, key, "this field is required")
        return values

    def _convert(self, path, record, field, convert, value):
        try:
            return convert(value)
        except (ValueError, TypeError) as exc:
            raise DataFileError(path, record, field, str(exc)) from None

    def _save(self, path, record, instance) -> None:
        try:
            instance.full_clean()
            instance.save()
        except ValidationError as exc:
            raise _validation_error(path, record, exc, type(instance)) from None
        except IntegrityError as exc:
            raise DataFileError(
                path, record, "", f"database constraint: {exc}"
            ) from None
        self.counts[instance._meta.verbose_name_plural] += 1

    def _lookup(self, path, record, field, table, key, what):
        try:
            return table[key]
        except (KeyError, TypeError):
            raise DataFileError(
                path, record, field, f"unknown {what} {key!r}"
            ) from None

    # -- records --------------------------------------------------------------

    def _source(self, path, record, data) -> None:
        values = self._fields(path, record, data, SOURCE_KEYS, extra=())
        for key in ("published_on", "accessed_on"):
            values[key] = self._convert(path, record, key, _iso_date, values[key])
        for key in ("publisher", "author", "url", "missing_reason"):
            values[key] = values[key] or ""
        source = Source(**values)
        self._save(path, record, source)
        self.sources[source.slug] = source

    def _sector(self, path, record, data) -> None:
        values = self._fields(path, record, data, SECTOR_KEYS)
        sector = Sector(**values)
        self._save(path, record, sector)
        self.sectors[sector.slug] = sector
        self._citations(path, record, sector, data.get("citations") or [])

    def _phase(self, path, record, data) -> None:
        values = self._fields(path, record, data, PHASE_KEYS)
        focus = values.pop("focus_sectors") or []
        values["reported_investment_usd_million"] = self._convert(
            path,
            record,
            "reported_investment_usd_million",
            to_decimal,
            values["reported_investment_usd_million"],
        )
        phase = Phase(**values)
        self._save(path, record, phase)
        phase.focus_sectors.set(
            [
                self._lookup(path, record, "focus_sectors", self.sectors, s, "sector")
                for s in focus
            ]
        )
        self.phases[phase.number] = phase
        self._citations(path, record, phase, data.get("citations") or [])

    def _project(self, path, slug, data) -> None:
        record = f"project {slug}"
        values = self._fields(path, record, data, PROJECT_KEYS)
        values["phase"] = self._lookup(
            path, record, "phase", self.phases, values["phase"], "phase"
        )
        values["sector"] = self._lookup(
            path, record, "sector", self.sectors, values["sector"], "sector"
        )
        for key in ("latitude", "longitude", "capacity", "cost_usd_million"):
            values[key] = self._convert(path, record, key, to_decimal, values[key])
        for key in ("start_date", "completion_date"):
            parsed = self._convert(path, record, key, parse_partial_date, values[key])
            values[key], values[f"{key}_precision"] = parsed or (
                None,
                DatePrecision.DAY,
            )
        for key in ("location", "capacity_unit", "sponsors"):
            values[key] = values[key] or ""
        project = Project(slug=slug, **values)
        self._save(path, record, project)
        self.projects[slug] = project
        self._citations(path, record, project, data.get("citations") or [])
        self._route_sources(path, record, project)

    def _route_sources(self, path, record, project) -> None:
        for number, point in enumerate(project.route, start=1):
            self._lookup(
                path,
                record,
                f"route point {number} source",
                self.sources,
                point["source"],
                "source",
            )

    def _meeting(self, path, record, data) -> None:
        values = self._fields(path, record, data, MEETING_KEYS)
        projects = values.pop("projects") or []
        values["is_virtual"] = bool(values.pop("virtual"))
        parsed = self._convert(path, record, "date", parse_partial_date, values["date"])
        values["date"], values["date_precision"] = parsed or (None, DatePrecision.DAY)
        if values["phase"] is not None:
            values["phase"] = self._lookup(
                path, record, "phase", self.phases, values["phase"], "phase"
            )
        for key in ("city", "country", "co_chairs", "summary", "outcomes"):
            values[key] = values[key] or ""
        meeting = Meeting(**values)
        self._save(path, record, meeting)
        meeting.projects.set(
            [
                self._lookup(path, record, "projects", self.projects, s, "project")
                for s in projects
            ]
        )
        self._citations(path, record, meeting, data.get("citations") or [])

    def _indicator(self, path, record, data) -> None:
        values = self._fields(path, record, data, INDICATOR_KEYS)
        values["value"] = self._convert(
            path, record, "value", to_decimal, values["value"]
        )
        indicator = Indicator(**values)
        self._save(path, record, indicator)
        self._citations(path, record, indicator, data.get("citations") or [])

    def _citations(self, path, record, target, items) -> None:
        content_type = ContentType.objects.get_for_model(target)
        kind = target._meta.model_name
        saved = []
        for index, data in enumerate(items, start=1):
            where = f"{record}, citation {index}"
            values = self._fields(path, where, data, CITATION_KEYS, extra=())
            field = values["field"] or ""
            citation = Citation(
                source=self._lookup(
                    path, where, "source", self.sources, values["source"], "source"
                ),
                content_type=content_type,
                object_id=target.pk,
                field=field,
                reported_value=values["reported"] or "",
                locator=values["locator"] or "",
                is_headline=bool(values["headline"]),
                is_planned=bool(values["planned"]),
                note=values["note"] or "",
            )
            value = values["value"]
            if value is not None and field in FIGURE_FIELDS.get(kind, {}):
                if FIGURE_FIELDS[kind][field] == "date":
                    parsed = self._convert(
                        path, where, "value", parse_partial_date, value
                    )
                    citation.value_date, citation.value_date_precision = parsed
                else:
                    citation.value_number = self._convert(
                        path, where, "value", to_decimal, value
                    )
            elif value is not None:
                raise DataFileError(
                    path,
                    where,
                    "value",
                    f"{field or 'the record'} takes no typed value",
                )
            self._save(path, where, citation)
            saved.append(citation)
        errors = headline_errors(target, saved, require=True)
        if errors:
            field, message = next(iter(errors.items()))
            raise DataFileError(path, record, field, message)
        for field in FIGURE_FIELDS.get(kind, {}):
            if field in ("latitude", "longitude") or getattr(target, field) is None:
                continue
            kinds = {c.source.kind for c in saved if c.field == field}
            if not kinds & set(PRIMARY_SOURCE_KINDS):
                raise DataFileError(
                    path,
                    record,
                    field,
                    "this figure rests only on reference sources; cite an official, "
                    "news or research source beside them",
                )


def _iso_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _validation_error(path, record, exc: ValidationError, model) -> DataFileError:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        message = " ".join(errors[0].messages)
        if field == "__all__":
            constraint = constraint_for_message(model, message)
            named = constraint_field(constraint) if constraint else None
            field = (named[0] if isinstance(named, tuple) else named) or ""
        return DataFileError(path, record, field, message)
    return DataFileError(path, record, "", " ".join(exc.messages))


def load_data(data_dir: Path = DATA_DIR) -> dict[str, int]:
    return Loader(data_dir).load()


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
    rows = _citation_rows(target)
    return {"citations": rows} if rows else {}


def _source_row(source: Source) -> dict:
    return _compact(
        {
            "slug": source.slug,
            "kind": source.kind,
            "publisher": source.publisher,
            "title": source.title,
            "author": source.author,
            "url": source.url,
            "published_on": _iso(source.published_on),
            "accessed_on": _iso(source.accessed_on),
            "missing_reason": source.missing_reason,
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
    """Every file's content, keyed by its path relative to the data folder."""
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
