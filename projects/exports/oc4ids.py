"""The projects as an OC4IDS 0.9.5 project package.

Open Contracting for Infrastructure Data Standard, project level: one package with
every curated project (synthetic load-test projects are left out). What maps and
what does not is in the README (API, OC4IDS); in short:

- ``id``: ``<prefix>-<slug>``. OC4IDS asks for a prefix assigned by its Helpdesk;
  until one is assigned, settings.OC4IDS_PREFIX is unset and the placeholder
  UNREGISTERED_PREFIX is used (it says so in the package's publisher block).
- ``status`` from the closed projectStatus codelist; a suspended project has no
  code there and is given no status.
- ``sector`` from the projectSector codelist: our sector, refined by the project's
  name (SECTOR_RULES).
- dates: OC4IDS takes full date-times only, so only dates known to the day are
  given (our data never pads a year or a month to a day).
- ``parties``: our sponsors text as one party, without a role (the text names
  owners, funders and proposers without saying which is which).
- ``documents``: every source cited for the project; no documentType, since none
  of the codelist's codes says what a news report or an official page is.
"""

from __future__ import annotations

import csv
import datetime
import functools
import json
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation

from ..choices import DatePrecision, Province, SourceKind, Status
from ..models import Citation, DataVersion, Project

SCHEMA_DIR = Path(__file__).resolve().parent / "oc4ids_schema"
PACKAGE_SCHEMA = "project-package-schema.json"
PROJECT_SCHEMA = "project-schema.json"
OC4IDS_VERSION = "0.9"
PUBLISHER = "CPEC Tracker"
# Not a registered prefix: OC4IDS's Helpdesk (data@open-contracting.org) assigns
# one ("oc4ids-" and six characters); set OC4IDS_PREFIX to it once assigned.
UNREGISTERED_PREFIX = "oc4ids-000000"

STATUS_CODES = {
    Status.PLANNED: "preparation",
    Status.UNDER_CONSTRUCTION: "implementation",
    # "Maintenance ... is also called operation" (projectStatus codelist).
    Status.OPERATIONAL: "maintenance",
    Status.CANCELLED: "cancelled",
    # Status.SUSPENDED: no code; left out.
}

# Our sector's codes, then codes from words in the project's name.
SECTOR_BASE = {
    "energy": ["energy"],
    "transport-infrastructure": ["transport"],
    "special-economic-zones": ["economy"],
    "agriculture": ["economy"],
    "science-and-technology": ["economy"],
}
PORT_CODES = ["transport", "transport.water"]
PORT_SECTORS = ("gwadar", "transport-infrastructure")
SECTOR_RULES = [
    (r"hydropower|\bdam\b", ["energy", "energy.hydropower"], None),
    (r"\bsolar", ["energy", "energy.solar"], None),
    (r"wind farm", ["energy", "energy.wind"], None),
    (r"optical fibre|terrestrial tv", ["communications"], None),
    (r"metro|mass transit|circular railway", ["transport", "transport.urban"], None),
    (r"railway|\brail\b|metro train", ["transport", "transport.rail"], None),
    (r"motorway|\broad\b|highway|expressway", ["transport", "transport.road"], None),
    (r"airport", ["transport", "transport.air"], None),
    # A port in an energy project's name is its site, not its sector.
    (r"(?<!dry )\bport\b|berth|dredging|breakwater", PORT_CODES, PORT_SECTORS),
    (r"hospital|burn unit", ["health"], None),
    (r"school|universit|vocational|tvet|institute", ["education"], None),
    (r"desalination|water supply|fresh water|tube wells", ["waterAndWaste"], None),
    (
        r"free zone|industrial|economic zone|research|laboratory|farming",
        ["economy"],
        None,
    ),
]


def _read_json(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@functools.cache
def codelist(name: str) -> frozenset[str]:
    """The codes of one of the standard's codelists (codelists/<name>.csv)."""
    path = SCHEMA_DIR / "codelists" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["Code"] for row in csv.DictReader(handle))


def oc4ids_validator():
    """A validator for project packages, every $ref resolved from the copies here.

    The schemas say draft 4; the package schema refers to project-schema.json by
    its id (a web address), registered here so nothing is fetched.
    """
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package, project = _read_json(PACKAGE_SCHEMA), _read_json(PROJECT_SCHEMA)
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in (package, project)
    )
    return Draft4Validator(
        package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


def project_prefix() -> str:
    return getattr(settings, "OC4IDS_PREFIX", "") or UNREGISTERED_PREFIX


def _datetime(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(date: datetime.date | None, precision: str) -> str | None:
    """A date known to the day as a date-time; None for a year or a month."""
    if date is None or precision != DatePrecision.DAY:
        return None
    return f"{date.isoformat()}T00:00:00Z"


def sector_codes(project: Project) -> list[str]:
    codes = list(SECTOR_BASE.get(project.sector.slug, []))
    name = project.name.lower()
    for pattern, rule_codes, only_in in SECTOR_RULES:
        if only_in and project.sector.slug not in only_in:
            continue
        if re.search(pattern, name):
            codes += rule_codes
    return list(dict.fromkeys(codes))


def _english(label) -> str:
    """A choice's label as the package's value: the same in every API language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)


def _locations(project: Project) -> list[dict]:
    address = {"countryName": "Pakistan"}
    if project.province and project.province != Province.MULTIPLE:
        address["region"] = _english(Province(project.province).label)
    locations = []
    if project.latitude is not None and project.longitude is not None:
        point = [float(project.longitude), float(project.latitude)]
        location = {"id": "site", "geometry": {"type": "Point", "coordinates": point}}
        if project.location:
            location["description"] = project.location
        locations.append(location | {"address": address})
    if len(project.route or []) >= 2:
        places = [point["place"] for point in project.route]
        line = [[float(p["longitude"]), float(p["latitude"])] for p in project.route]
        locations.append(
            {
                "id": "route",
                "description": "Route: " + " – ".join(places),
                "geometry": {"type": "LineString", "coordinates": line},
                "address": address,
            }
        )
    if not locations:
        location = {"id": "area", "address": address}
        if project.location:
            location["description"] = project.location
        locations.append(location)
    return locations


def _periods(project: Project) -> dict:
    """period (the plan), completion (what happened) where known to the day."""
    start = _day(project.start_date, project.start_date_precision)
    end = _day(project.completion_date, project.completion_date_precision)
    period = {"startDate": start} if start else {}
    out = {}
    if end and project.status == Status.OPERATIONAL:
        out["completion"] = {"endDate": end}
    elif end:
        period["endDate"] = end
    if period:
        out["period"] = period
    return out


def _budget(project: Project, citations: list[Citation]) -> dict:
    if project.cost_usd_million is None:
        return {}
    amount = project.cost_usd_million * Decimal(1_000_000)
    budget = {"amount": {"amount": int(amount), "currency": "USD"}}
    headline = next(
        (c for c in citations if c.field == "cost_usd_million" and c.is_headline),
        None,
    )
    if headline is not None:
        outlet = headline.source.publisher or headline.source.title
        budget["description"] = (
            f"Headline cost: {headline.reported_value} ({outlet})"
            if headline.reported_value
            else f"Headline cost from {outlet}"
        )
    return {"budget": budget}


def _documents(citations: list[Citation]) -> list[dict]:
    documents, fields = {}, {}
    for citation in citations:
        source = citation.source
        fields.setdefault(source.slug, [])
        if citation.field and citation.field not in fields[source.slug]:
            fields[source.slug].append(citation.field)
        if source.slug in documents:
            continue
        document = {"id": source.slug, "title": source.title}
        if source.url:
            document["url"] = source.url
        if source.published_on:
            document["datePublished"] = f"{source.published_on.isoformat()}T00:00:00Z"
        if source.author:
            document["author"] = source.author
        documents[source.slug] = document
    for slug, document in documents.items():
        source = next(c.source for c in citations if c.source.slug == slug)
        kind = _english(SourceKind(source.kind).label).split(" (")[0]
        outlet = f", {source.publisher}" if source.publisher else ""
        cited = ", ".join(fields[slug]) or "the project as a whole"
        document["description"] = f"{kind} source{outlet}; cited for {cited}."
    return list(documents.values())


def project_record(project: Project) -> dict:
    """One project in OC4IDS form (citations prefetched, each with its source)."""
    citations = list(project.citations.all())
    record = {
        "id": f"{project_prefix()}-{project.slug}",
        "identifiers": [{"id": project.slug, "scheme": PUBLISHER}],
        "updated": _datetime(project.updated_at),
        "title": project.name,
    }
    if project.description:
        record["description"] = project.description
    if project.status in STATUS_CODES:
        record["status"] = STATUS_CODES[project.status]
    if codes := sector_codes(project):
        record["sector"] = codes
    record["locations"] = _locations(project)
    record |= _budget(project, citations) | _periods(project)
    if project.sponsors:
        record["parties"] = [{"id": "sponsors", "name": project.sponsors}]
    if documents := _documents(citations):
        record["documents"] = documents
    return record


def projects_queryset():
    return (
        Project.objects.filter(is_synthetic=False)
        .select_related("phase", "sector")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source").order_by("id"),
            )
        )
        .order_by("slug")
    )


def oc4ids_package(uri: str) -> dict:
    """The project package; ``uri`` is where it is published.

    publishedDate is the time of the last change to the data (the data version),
    as the standard asks of a package generated on demand.
    """
    version = DataVersion.objects.filter(pk=1).first()
    changed = version.changed_at if version else datetime.datetime.now(datetime.UTC)
    return {
        "uri": uri,
        "publishedDate": _datetime(changed),
        "version": OC4IDS_VERSION,
        "publisher": {"name": PUBLISHER},
        "projects": [project_record(p) for p in projects_queryset()],
    }
