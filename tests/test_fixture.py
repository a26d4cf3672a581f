"""The shipped data set, fixtures/cpec.json, and the generator that writes it."""

import copy
import datetime
import importlib.util
import json
import re
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, models

from projects.choices import DatePrecision, MeetingKind
from projects.models import Citation, Indicator, Meeting, Phase, Project, Source

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "cpec.json"
GENERATOR = ROOT / "fixtures" / "build_cpec.py"
ARTICLE = ROOT / "fixtures" / "sources" / "article.txt"

NAMED_PROJECTS = {
    # Named in the article
    "sahiwal-coal-power-plant",
    "port-qasim-coal-power-plant",
    "hub-coal-power-plant",
    "quaid-e-azam-solar-park",
    "engro-thar-block-ii-power-plant",
    "thar-coal-block-ii-mine",
    "gwadar-port",
    "multan-sukkur-motorway-m5",
    "kkh-havelian-thakot",
    "eastbay-expressway",
    # From the reference facts
    "ml-1-railway",
    "orange-line-metro-train-lahore",
    "new-gwadar-international-airport",
    "rashakai-sez",
    "dhabeji-sez",
    "allama-iqbal-industrial-city",
}
CITED_MODELS = (Project, Phase, Meeting, Indicator)

MONEY = re.compile(r"\$\s?([\d,]+(?:\.\d+)?)\s*(trillion|billion|bil|bn|million|m)\b")
MILLIONS = {"trillion": 10**6, "billion": 1000, "bil": 1000, "bn": 1000}
DATE_FORMATS = {
    "%d %B %Y": DatePrecision.DAY,
    "%B %Y": DatePrecision.MONTH,
    "%Y": DatePrecision.YEAR,
}


def load_generator():
    spec = importlib.util.spec_from_file_location("build_cpec", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up while the class is being built.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def fixture_records() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def project_tables():
    """Every model that stores rows for the projects app, history and M2M included."""
    app_models = apps.get_app_config("projects").get_models(include_auto_created=True)
    return [*app_models, ContentType]


def table_snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in project_tables()
    }


def money_in_millions(text: str) -> Decimal | None:
    match = MONEY.search(text)
    if not match:
        return None
    amount = Decimal(match.group(1).replace(",", ""))
    return amount * MILLIONS.get(match.group(2), 1)


def first_number(text: str) -> Decimal | None:
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    return Decimal(match.group(0).replace(",", "")) if match else None


def parsed_date(text: str) -> tuple[datetime.date, str] | None:
    for fmt, precision in DATE_FORMATS.items():
        try:
            return datetime.datetime.strptime(text, fmt).date(), precision
        except ValueError:
            continue
    return None


def citation_groups() -> dict[tuple, list[Citation]]:
    groups = defaultdict(list)
    for citation in Citation.objects.select_related("content_type", "source"):
        if citation.field:
            key = (
                citation.content_type.model_class(),
                citation.object_id,
                citation.field,
            )
            groups[key].append(citation)
    return groups


@pytest.fixture
def loaded(db):
    call_command("loaddata", "cpec", verbosity=0)


# The generator


def test_generator_output_equals_the_committed_fixture():
    assert load_generator().render() == FIXTURE.read_text(encoding="utf-8")


def test_generator_refuses_a_quote_that_is_not_in_the_article():
    generator = load_generator()
    generator.PROJECTS[0].citations.append(
        generator.cite(generator.ARTICLE, quote="Sahiwal cost $9 billion")
    )
    with pytest.raises(generator.FixtureError, match="not found verbatim"):
        generator.render()


def test_generator_refuses_a_cited_field_without_one_headline():
    generator = load_generator()
    generator.PROJECTS[0].citations.append(
        generator.cite(generator.ARTICLE, "cost_usd_million", "$2bn", headline=True)
    )
    with pytest.raises(generator.FixtureError, match="exactly one"):
        generator.render()


def test_generator_refuses_a_headline_that_differs_from_the_record():
    generator = load_generator()
    generator.PROJECTS[0].cost_usd_million = "1800"
    with pytest.raises(generator.FixtureError, match="does not give"):
        generator.render()


def test_article_copy_is_the_article_source_text(loaded):
    article = Source.objects.get(author="Celina Ali")
    assert article.title == (
        "Pakistan, China to map out CPEC Phase-II strategy at Beijing JCC meeting"
    )
    assert article.text == ARTICLE.read_text(encoding="utf-8")
    assert "14th meeting of the Joint Coordination Committee" in article.text


# Loading


def test_fixture_loads_into_an_empty_database_with_the_expected_records(loaded):
    expected = defaultdict(int)
    for record in fixture_records():
        expected[record["model"]] += 1
    for label, count in expected.items():
        assert apps.get_model(label).objects.count() == count, label
    assert Project.objects.count() >= 14
    assert NAMED_PROJECTS <= set(Project.objects.values_list("slug", flat=True))
    assert set(Phase.objects.values_list("number", flat=True)) == {1, 2}
    jcc_numbers = set(
        Meeting.objects.filter(kind=MeetingKind.JCC).values_list("number", flat=True)
    )
    assert jcc_numbers == {1, 7, 9, 10, 12, 13, 14}
    assert Meeting.objects.filter(kind=MeetingKind.STATE_VISIT).count() == 1
    assert Meeting.objects.filter(kind=MeetingKind.SUMMIT).count() == 1


def test_phases_hold_the_reported_investment_and_years(loaded):
    first, second = Phase.objects.order_by("number")
    assert first.reported_investment_usd_million == Decimal("33000")
    assert first.start_year == 2013
    assert (second.start_year, second.end_year) == (2025, 2029)
    assert second.reported_investment_usd_million is None
    assert set(second.focus_sectors.values_list("slug", flat=True)) == {
        "agriculture",
        "science-and-technology",
        "energy",
        "special-economic-zones",
    }


def test_14th_jcc_is_in_beijing_in_phase_2_with_its_agenda_projects(loaded):
    meeting = Meeting.objects.get(kind=MeetingKind.JCC, number=14)
    assert meeting.date == datetime.date(2025, 9, 26)
    assert (meeting.city, meeting.country, meeting.phase.number) == (
        "Beijing",
        "China",
        2,
    )
    assert set(meeting.projects.values_list("slug", flat=True)) == {
        "ml-1-railway",
        "kkh-havelian-thakot",
        "gwadar-port",
    }
    assert "Zheng Shanjie" in meeting.summary


def test_unknown_values_are_left_empty(loaded):
    for slug in ("multan-sukkur-motorway-m5", "ml-1-railway", "rashakai-sez"):
        project = Project.objects.get(slug=slug)
        assert project.latitude is None and project.longitude is None
    for slug in ("gwadar-port", "rashakai-sez", "dhabeji-sez"):
        assert Project.objects.get(slug=slug).cost_usd_million is None
    assert Meeting.objects.get(kind=MeetingKind.JCC, number=13).date is None
    ml1 = Project.objects.get(slug="ml-1-railway")
    assert ml1.start_date is None and ml1.completion_date is None


# Citations


def test_every_project_phase_meeting_and_indicator_has_a_citation(loaded):
    for model in CITED_MODELS:
        content_type = ContentType.objects.get_for_model(model)
        cited = set(
            Citation.objects.filter(content_type=content_type).values_list(
                "object_id", flat=True
            )
        )
        missing = set(model.objects.values_list("pk", flat=True)) - cited
        assert not missing, f"{model.__name__} without a citation: {missing}"


def test_every_quote_is_verbatim_in_its_source_text(loaded):
    quotes = Citation.objects.exclude(quote="").select_related("source")
    assert quotes.count() >= 20
    for citation in quotes:
        assert citation.source.text, f"quote from a source without text: {citation}"
        assert citation.quote in citation.source.text, citation.quote


def test_article_quotes_keep_its_curly_quotes_and_its_jcc_wording(loaded):
    quotes = set(Citation.objects.exclude(quote="").values_list("quote", flat=True))
    assert any("Sharif’s recent visit, the 2025–29 Action Plan" in q for q in quotes)
    assert any("Joint Coordination Committee" in q for q in quotes)


def test_every_citation_field_is_a_real_field_of_its_record(loaded):
    for citation in Citation.objects.exclude(field="").select_related("content_type"):
        model = citation.content_type.model_class()
        names = {f.name for f in model._meta.get_fields()}
        assert citation.field in names, f"{model.__name__}.{citation.field}"
        assert model.objects.filter(pk=citation.object_id).exists()


def test_each_cited_field_has_one_headline_holding_its_value(loaded):
    checked = defaultdict(int)
    for (model, pk, name), group in citation_groups().items():
        record = model.objects.get(pk=pk)
        value = getattr(record, name)
        if isinstance(value, models.Manager):
            value = list(value.all())
        headlines = [c for c in group if c.is_headline]
        if value in (None, "", []):
            assert not headlines, f"{model.__name__} {pk}.{name} is empty"
            continue
        assert len(headlines) == 1, f"{model.__name__} {pk}.{name}: {group}"
        reported = headlines[0].reported_value
        if name in ("cost_usd_million", "reported_investment_usd_million"):
            assert money_in_millions(reported) == value, (record, reported)
            checked["money"] += 1
        elif name in ("capacity", "latitude", "longitude"):
            assert first_number(reported) == value, (record, name, reported)
            checked[name] += 1
        elif name in ("start_date", "completion_date", "date"):
            precision = getattr(record, f"{name}_precision")
            assert parsed_date(reported) == (value, precision), (record, reported)
            checked["dates"] += 1
    assert checked["money"] >= 10
    assert checked["capacity"] >= 14
    assert checked["latitude"] == checked["longitude"] >= 6
    assert checked["dates"] >= 20


def test_conflicting_reports_are_kept_side_by_side(loaded):
    sahiwal = Project.objects.get(slug="sahiwal-coal-power-plant")
    costs = sahiwal.citations.filter(field="cost_usd_million")
    assert {"$1.912bn", "about $1.8bn", "$1.91bn", "Rs 192bn", "Rs 180bn"} <= set(
        costs.values_list("reported_value", flat=True)
    )
    assert costs.get(is_headline=True).reported_value == "$1.912bn"
    assert sahiwal.cost_usd_million == Decimal("1912")


def test_sources_have_https_urls_or_none_and_are_all_cited(loaded):
    for source in Source.objects.all():
        assert source.url == "" or source.url.startswith("https://"), source.url
        assert "…" not in source.url
        assert source.citations.exists(), source.slug


# Validation and dates


def test_every_loaded_object_passes_model_validation(loaded):
    labels = {record["model"] for record in fixture_records()}
    validated = 0
    for label in sorted(labels):
        for obj in apps.get_model(label).objects.all():
            obj.full_clean()
            validated += 1
    assert validated == len(fixture_records())


def test_dates_are_stored_at_their_precision(loaded):
    pairs = [
        (obj, name)
        for obj in Project.objects.all()
        for name in ("start_date", "completion_date")
    ] + [(meeting, "date") for meeting in Meeting.objects.all()]
    for obj, name in pairs:
        value = getattr(obj, name)
        if value is None:
            continue
        precision = getattr(obj, f"{name}_precision")
        if precision in (DatePrecision.MONTH, DatePrecision.YEAR):
            assert value.day == 1, (obj, name)
        if precision == DatePrecision.YEAR:
            assert value.month == 1, (obj, name)


def test_a_year_precision_date_renders_as_the_year_only(loaded):
    orange_line = Project.objects.get(slug="orange-line-metro-train-lahore")
    assert orange_line.start_date_precision == DatePrecision.YEAR
    assert orange_line.start_date_display == "2015"
    assert Project.objects.get(
        slug="port-qasim-coal-power-plant"
    ).start_date_display == ("2015-05")
    first_jcc = Meeting.objects.get(kind=MeetingKind.JCC, number=1)
    assert first_jcc.date_display == "2013"


# A bad row loads nothing


def negative_cost_as_last_record(records):
    project = next(r for r in records if r["model"] == "projects.project")
    records.remove(project)
    project["fields"]["cost_usd_million"] = "-1.00"
    records.append(project)
    return records


def missing_source_in_a_middle_record(records):
    middle = records[len(records) // 2]
    assert middle["model"] == "projects.citation"
    middle["fields"]["source"] = 999_999
    return records


def write_bad_fixture(tmp_path, corrupt) -> Path:
    records = corrupt(copy.deepcopy(fixture_records()))
    path = tmp_path / "cpec_bad.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "corrupt", [negative_cost_as_last_record, missing_source_in_a_middle_record]
)
def test_a_bad_row_loads_nothing_into_an_empty_database(tmp_path, corrupt):
    path = write_bad_fixture(tmp_path, corrupt)
    before = table_snapshot()
    assert not before["projects.Project"]
    with pytest.raises(IntegrityError):
        call_command("loaddata", str(path), verbosity=0)
    assert table_snapshot() == before


@pytest.mark.parametrize(
    "corrupt", [negative_cost_as_last_record, missing_source_in_a_middle_record]
)
def test_a_bad_row_leaves_loaded_data_exactly_as_it_was(loaded, tmp_path, corrupt):
    path = write_bad_fixture(tmp_path, corrupt)
    before = table_snapshot()
    assert len(before["projects.Citation"]) > 300
    with pytest.raises(IntegrityError):
        call_command("loaddata", str(path), verbosity=0)
    assert table_snapshot() == before
