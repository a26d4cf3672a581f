"""CSV import and export of projects: previews, refused rows, round trips."""

import io
from decimal import Decimal

import pytest
import tablib

from projects.admin.resources import ProjectResource
from projects.choices import Status
from projects.models import Project
from tests.admin.helpers import HEADER, admin_url, project_csv, row_for, snapshot
from tests.factories import CitationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"cost_usd_million": "-3"}, "The cost cannot be negative."),
        ({"sector": "mining"}, "Unknown sector 'mining'."),
        ({"phase": "9"}, "Unknown phase '9'."),
        ({"status": "dreaming"}, "is not a valid choice"),
    ],
)
def test_a_bad_import_row_changes_nothing(data, bad, message):
    project = data["project"]
    before = snapshot()
    history_before = Project.history.count()
    dataset = tablib.Dataset().load(
        project_csv(
            [
                row_for(project, cost_usd_million="2500"),
                {**row_for(project, slug="new-one", name="New one"), **bad},
            ]
        ),
        format="csv",
    )
    result = ProjectResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert message in str(invalid.error_dict)
    assert snapshot() == before
    assert Project.history.count() == history_before


def test_an_import_row_off_its_headline_citation_is_refused(data):
    project = data["project"]
    project.cost_usd_million = Decimal("1912")
    project.save()
    CitationFactory(
        content_object=project,
        source=data["source"],
        field="cost_usd_million",
        reported_value="$1.912bn",
        is_headline=True,
    )
    before = snapshot()
    dataset = tablib.Dataset().load(
        project_csv([row_for(project, cost_usd_million="2500")]), format="csv"
    )
    result = ProjectResource().import_data(dataset, dry_run=False)
    (invalid,) = result.invalid_rows
    assert "differs from its headline citation" in str(invalid.error_dict)
    assert snapshot() == before


def test_admin_import_previews_row_errors_and_offers_no_confirm(admin_client, data):
    project = data["project"]
    before = snapshot()
    upload = io.BytesIO(
        project_csv(
            [
                row_for(project, cost_usd_million="2500"),
                row_for(project, slug="x", name="X", sector="mining"),
            ]
        ).encode()
    )
    upload.name = "projects.csv"
    response = admin_client.post(
        admin_url(Project, "import"), {"format": "0", "import_file": upload}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown sector" in page
    assert "confirm_form" not in response.context or not response.context.get(
        "confirm_form"
    )
    assert snapshot() == before


def test_admin_import_previews_then_applies_with_history(admin_client, data):
    project = data["project"]
    upload = io.BytesIO(
        project_csv(
            [
                row_for(project, cost_usd_million="2500", status="suspended"),
                row_for(project, slug="gwadar-port", name="Gwadar Port"),
            ]
        ).encode()
    )
    upload.name = "projects.csv"
    preview = admin_client.post(
        admin_url(Project, "import"), {"format": "0", "import_file": upload}
    )
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert "Gwadar Port" in preview.content.decode()
    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("1912.00")

    done = admin_client.post(
        admin_url(Project, "process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("2500")
    assert project.status == Status.SUSPENDED
    created = Project.objects.get(slug="gwadar-port")
    assert created.phase == project.phase
    latest = project.history.first()
    assert latest.history_user == admin_client.user
    assert latest.history_change_reason == "CSV import"


def test_export_writes_every_project_as_csv(admin_client, data):
    response = admin_client.post(
        admin_url(Project, "export"),
        {"format": "0", **{f"projectresource_{h}": "on" for h in HEADER}},
    )
    assert response.status_code == 200
    dataset = tablib.Dataset().load(response.content.decode(), format="csv")
    assert dataset.headers == HEADER
    assert sorted(dataset["slug"]) == sorted(
        Project.objects.values_list("slug", flat=True)
    )
    exported = dataset[dataset["slug"].index(data["project"].slug)]
    row = dict(zip(HEADER, exported, strict=True))
    assert row["phase"] == "1"
    assert row["sector"] == "energy"
    assert row["start_date"] == "2015-07-31"


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd", "'+cmd"),
        ("-1+1", "'-1+1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tTabbed", "'\tTabbed"),
        ('<a href="https://evil.example">Energy</a>', None),
    ],
)
def test_export_quotes_formulas_and_leaves_markup_and_numbers(
    admin_client, data, name, cell
):
    ProjectFactory(
        name=name, slug="hostile", phase=data["project"].phase, capacity=None
    )
    response = admin_client.post(
        admin_url(Project, "export"),
        {"format": "0", **{f"projectresource_{h}": "on" for h in HEADER}},
    )
    dataset = tablib.Dataset().load(response.content.decode(), format="csv")
    row = dict(zip(HEADER, dataset[dataset["slug"].index("hostile")], strict=True))
    assert row["name"] == (cell or name)
    assert row["cost_usd_million"] == "1912.00"
    assert row["capacity"] == ""


def test_export_then_import_round_trips_unchanged(data):
    before = snapshot()
    exported = ProjectResource().export()
    result = ProjectResource().import_data(
        tablib.Dataset().load(exported.csv, format="csv"), dry_run=False
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Project.objects.count()
    assert snapshot() == before
