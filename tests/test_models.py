import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.choices import DatePrecision, MeetingKind
from projects.dates import format_partial_date
from projects.models import Citation, Project
from tests.factories import (
    CitationFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refuses(**changes):
    """Saving a project with these values breaks a database constraint."""
    project = ProjectFactory()
    for name, value in changes.items():
        setattr(project, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        # update() skips model validation, so only the database can refuse it.
        Project.objects.filter(pk=project.pk).update(**changes)


def test_negative_cost_is_refused_by_the_database():
    refuses(cost_usd_million=Decimal("-1"))


def test_negative_capacity_is_refused_by_the_database():
    refuses(capacity=Decimal("-5"))


def test_capacity_without_unit_is_refused_by_the_database():
    refuses(capacity_unit="")


def test_completion_before_start_is_refused_by_the_database():
    refuses(
        start_date=datetime.date(2020, 1, 2), completion_date=datetime.date(2020, 1, 1)
    )


@pytest.mark.parametrize("latitude", [Decimal("90.5"), Decimal("-91")])
def test_latitude_out_of_range_is_refused_by_the_database(latitude):
    refuses(latitude=latitude)


@pytest.mark.parametrize("longitude", [Decimal("180.5"), Decimal("-181")])
def test_longitude_out_of_range_is_refused_by_the_database(longitude):
    refuses(longitude=longitude)


def test_latitude_without_longitude_is_refused_by_the_database():
    refuses(longitude=None)


def test_valid_edge_values_are_accepted():
    project = ProjectFactory(
        cost_usd_million=Decimal("0"),
        latitude=Decimal("90"),
        longitude=Decimal("-180"),
        start_date=datetime.date(2020, 1, 1),
        completion_date=datetime.date(2020, 1, 1),
    )
    project.refresh_from_db()
    assert project.cost_usd_million == 0


def test_phase_end_year_before_start_year_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PhaseFactory(number=7, start_year=2030, end_year=2025)


def test_duplicate_project_slug_is_refused():
    ProjectFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(slug="same")


def test_duplicate_sector_slug_is_refused():
    SectorFactory(name="A", slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        SectorFactory(name="B", slug="same")


def test_meeting_number_is_unique_per_kind():
    MeetingFactory(kind=MeetingKind.JCC, number=14)
    MeetingFactory(kind=MeetingKind.JWG, number=14)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(kind=MeetingKind.JCC, number=14, title="Another")


def test_meetings_without_number_do_not_collide():
    MeetingFactory(kind=MeetingKind.SUMMIT, number=None, title="A")
    MeetingFactory(kind=MeetingKind.SUMMIT, number=None, title="B")


def test_only_one_headline_citation_per_field():
    project = ProjectFactory()
    CitationFactory(content_object=project, field="cost_usd_million", is_headline=True)
    CitationFactory(content_object=project, field="cost_usd_million", is_headline=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        CitationFactory(
            content_object=project, field="cost_usd_million", is_headline=True
        )


def test_slug_is_derived_from_the_name():
    project = ProjectFactory(name="Sahiwal Coal Power Plant", slug="")
    assert project.slug == "sahiwal-coal-power-plant"


def test_a_year_only_date_is_stored_and_shown_as_a_year():
    project = ProjectFactory(
        start_date=datetime.date(2016, 7, 14),
        start_date_precision=DatePrecision.YEAR,
        completion_date=None,
    )
    project.refresh_from_db()
    assert project.start_date == datetime.date(2016, 1, 1)
    assert project.start_date_display == "2016"


def test_a_month_date_is_shown_as_a_month():
    assert (
        format_partial_date(datetime.date(2016, 4, 9), DatePrecision.MONTH) == "2016-04"
    )
    assert (
        format_partial_date(datetime.date(2016, 4, 9), DatePrecision.DAY)
        == "2016-04-09"
    )
    assert format_partial_date(None, DatePrecision.DAY) is None


def test_a_figure_citation_reads_its_typed_value_and_checks_a_given_one():
    project, source = ProjectFactory(), SourceFactory()
    good = CitationFactory.build(
        source=source,
        content_object=project,
        field="cost_usd_million",
        reported_value="$1.8bn",
    )
    good.full_clean()
    assert good.value_number == Decimal("1800")
    bad = CitationFactory.build(
        source=source,
        content_object=project,
        field="cost_usd_million",
        reported_value="$1.8bn",
        value_number=Decimal("2000"),
    )
    with pytest.raises(ValidationError) as excinfo:
        bad.full_clean()
    assert "value_number" in excinfo.value.message_dict


def test_a_source_at_an_excluded_host_is_refused():
    source = SourceFactory.build(
        slug="forum", url="https://www.defence.pk/threads/cpec.1/"
    )
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    assert "defence.pk is not a source" in excinfo.value.message_dict["url"][0]


def test_a_source_without_address_or_date_needs_a_reason():
    source = SourceFactory.build(slug="printed", url="", published_on=None)
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    assert "missing_reason" in excinfo.value.message_dict
    source.missing_reason = "A printed report with no online copy."
    source.full_clean()


def test_citation_field_must_exist_on_the_record():
    citation = CitationFactory.build(
        content_object=ProjectFactory(), field="no_such_field"
    )
    with pytest.raises(Exception) as excinfo:
        citation.full_clean()
    assert "field" in excinfo.value.message_dict


def test_history_records_a_change_made_through_the_orm():
    project = ProjectFactory(cost_usd_million=Decimal("100"))
    project.cost_usd_million = Decimal("150")
    project.save()
    records = list(project.history.all())
    assert len(records) == 2
    assert records[0].cost_usd_million == Decimal("150")
    assert records[1].cost_usd_million == Decimal("100")
    assert records[0].history_type == "~"


def test_every_model_keeps_history():
    from projects.caching.version import tracked_models

    # DataVersion (a counter of writes), ImportJob and APIToken are bookkeeping.
    assert len(tracked_models()) == 7
    for model in tracked_models():
        assert hasattr(model, "history"), model


def test_citations_reach_their_record():
    project = ProjectFactory()
    CitationFactory(content_object=project, field="cost_usd_million")
    assert list(project.citations.all()) == list(Citation.objects.all())


def test_check_constraints_are_checked_in_one_query_while_they_hold():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = ProjectFactory()
    with CaptureQueriesContext(connection) as queries:
        project.full_clean()
    checks = [q["sql"] for q in queries if '"_check"' in q["sql"]]
    assert len(checks) == 1

    project.cost_usd_million = Decimal("-1")
    project.latitude = Decimal("95")
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    # Both broken constraints are found, each with its own message.
    assert caught.value.messages == [
        "The cost cannot be negative.",
        "Latitude must be between -90 and 90.",
    ]
