"""Loading the data files into an empty database, all or nothing."""

from __future__ import annotations

import datetime
from collections import defaultdict
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .. import services
from ..choices import PRIMARY_SOURCE_KINDS, DatePrecision
from ..dates import parse_partial_date
from ..models import (
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
from ..reported import FIGURE_FIELDS
from .files import (
    CITATION_KEYS,
    DATA_DIR,
    INDICATOR_KEYS,
    MEETING_KEYS,
    OPTIONAL,
    PHASE_KEYS,
    PROJECT_KEYS,
    SECTOR_KEYS,
    SOURCE_KEYS,
    DataFileError,
    read_yaml,
    to_decimal,
)
from .translations import KEY, check_cited_translations, read_translations

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

    def _fields(self, path, record, data, keys, extra=("citations", KEY)) -> dict:
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
            services.check(instance)
            services.save(instance)
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
        values.update(read_translations(path, record, data, Sector))
        sector = Sector(**values)
        self._save(path, record, sector)
        self.sectors[sector.slug] = sector
        self._citations(path, record, sector, data.get("citations") or [])

    def _phase(self, path, record, data) -> None:
        values = self._fields(path, record, data, PHASE_KEYS)
        values.update(read_translations(path, record, data, Phase))
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
        values.update(read_translations(path, record, data, Project))
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
        for key in ("location", "capacity_unit", "works", "sponsors"):
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
        values.update(read_translations(path, record, data, Meeting))
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
        values.update(read_translations(path, record, data, Indicator))
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
        try:
            services.check_headlines(target, saved, require=True)
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise DataFileError(path, record, field, messages[0]) from None
        check_cited_translations(path, record, target, saved)
        if kind == "project":
            _check_works(path, record, target, saved)
        _check_primary_sources(path, record, target, saved)


def _check_primary_sources(path, record, target, citations) -> None:
    """Every figure the record holds rests on an official, news or research source."""
    for field in FIGURE_FIELDS.get(target._meta.model_name, {}):
        if field in ("latitude", "longitude") or getattr(target, field) is None:
            continue
        kinds = {c.source.kind for c in citations if c.field == field}
        if not kinds & set(PRIMARY_SOURCE_KINDS):
            raise DataFileError(
                path,
                record,
                field,
                "this figure rests only on reference sources; cite an official, "
                "news or research source beside them",
            )


def _check_works(path, record, project, citations) -> None:
    """New build or upgrade rests on a primary source's own words.

    `works` is a choice, not a figure: its citations keep the wording and no typed
    value (a `value` is refused above), so the rule is checked here.
    """
    cited = [c for c in citations if c.field == "works"]
    for citation in cited:
        if not citation.reported_value.strip():
            raise DataFileError(
                path,
                record,
                "works",
                "quote in `reported` the words the source uses for the works",
            )
    if project.works and not any(c.source.kind in PRIMARY_SOURCE_KINDS for c in cited):
        raise DataFileError(
            path,
            record,
            "works",
            "cite the official, news or research source that states new build or "
            "upgrade (a citation with field: works)",
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
