"""The bulk files: every file written, the data package valid for frictionless, the
GeoJSON counted by GDAL's ogrinfo, the SQLite tables full; the /data/ page; and a
write later leading to a rebuild that no request waits for."""

import csv
import datetime
import json
import re
import shutil
import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from projects.datafiles import load_data
from projects.exports import builds
from projects.exports.bulk import DATAPACKAGE_FILE, GEOJSON_FILE, SQLITE_FILE
from projects.models import (
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
)
from projects.selectors import located_q
from tests.factories import ProjectFactory

# The module's export runs once, in a transaction of its own that is rolled back.
pytestmark = pytest.mark.django_db

EXPECTED_FILES = {
    "cpec-projects.csv",
    "cpec-phases.csv",
    "cpec-sectors.csv",
    "cpec-meetings.csv",
    "cpec-sources.csv",
    "cpec-citations.csv",
    "cpec-indicators.csv",
    "cpec-tracker.json",
    "cpec-projects.geojson",
    "cpec-tracker.sqlite",
    "cpec-oc4ids.json",
}
MODELS = {
    "projects": Project,
    "phases": Phase,
    "sectors": Sector,
    "meetings": Meeting,
    "sources": Source,
    "citations": Citation,
    "indicators": Indicator,
}


@pytest.fixture(scope="module")
def bundle(django_db_setup, django_db_blocker, tmp_path_factory):
    """The curated data, exported once by the command; the database rolled back."""
    out = tmp_path_factory.mktemp("bulk")
    with django_db_blocker.unblock(), transaction.atomic():
        load_data()
        call_command("export_bulk", "--output", str(out), stdout=open("/dev/null", "w"))
        counts = {name: model.objects.count() for name, model in MODELS.items()}
        located = Project.objects.filter(located_q()).count()
        transaction.set_rollback(True)
    return {"dir": out, "counts": counts, "located": located}


def test_the_command_writes_every_file_and_describes_it(bundle):
    written = {path.name for path in bundle["dir"].iterdir()}
    assert written == EXPECTED_FILES | {DATAPACKAGE_FILE}
    package = json.loads((bundle["dir"] / DATAPACKAGE_FILE).read_text())
    assert {r["path"] for r in package["resources"]} == EXPECTED_FILES
    assert package["version"].isdigit() and package["created"]
    assert "CC BY 4.0" in package["description"]
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    for resource in package["resources"]:
        assert resource["bytes"] == (bundle["dir"] / resource["path"]).stat().st_size
        if resource["format"] == "csv":
            assert resource["schema"]["fields"], resource["name"]


def test_frictionless_validates_the_data_package_with_no_errors(bundle):
    from frictionless import Package

    report = Package(str(bundle["dir"] / DATAPACKAGE_FILE)).validate()
    assert report.stats["errors"] == 0, report.flatten(["rowNumber", "type", "note"])
    assert report.valid
    assert len(report.tasks) == len(EXPECTED_FILES)


def test_frictionless_notices_a_changed_file(bundle, tmp_path):
    from frictionless import Package

    copy = shutil.copytree(bundle["dir"], tmp_path / "copy")
    with (copy / "cpec-tracker.sqlite").open("ab") as handle:
        handle.write(b"x")
    report = Package(str(copy / DATAPACKAGE_FILE)).validate()
    assert not report.valid


def test_frictionless_reads_typed_rows(bundle):
    from frictionless import Package

    package = Package(str(bundle["dir"] / DATAPACKAGE_FILE))
    rows = package.get_resource("projects").read_rows()
    assert len(rows) == bundle["counts"]["projects"]
    costs = [row["cost_usd_million"] for row in rows if row["cost_usd_million"]]
    assert costs and all(not isinstance(cost, str) for cost in costs)
    citations = package.get_resource("citations").read_rows()
    assert {row["record_type"] for row in citations} >= {"project", "phase"}


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL's ogrinfo absent")
def test_ogrinfo_counts_every_located_project(bundle):
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", str(bundle["dir"] / GEOJSON_FILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    count = re.search(r"Feature Count: (\d+)", result.stdout)
    assert count, result.stdout
    assert int(count.group(1)) == bundle["located"] > 0


def test_the_sqlite_file_has_every_table_with_every_row(bundle):
    connection = sqlite3.connect(bundle["dir"] / SQLITE_FILE)
    try:
        for table, count in bundle["counts"].items():
            rows = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            assert rows[0] == count > 0, table
        cost = connection.execute(
            "SELECT typeof(cost_usd_million) FROM projects "
            "WHERE cost_usd_million IS NOT NULL LIMIT 1"
        ).fetchone()
        assert cost == ("real",)
    finally:
        connection.close()


def test_the_json_file_holds_every_record_and_routes(bundle):
    document = json.loads((bundle["dir"] / "cpec-tracker.json").read_text())
    for table, count in bundle["counts"].items():
        assert len(document[table]) == count, table
    assert any(len(project["route"]) >= 2 for project in document["projects"])


@pytest.fixture
def served(settings, tmp_path):
    settings.BULK_DATA_ROOT = tmp_path / "bulkdata"
    return settings.BULK_DATA_ROOT


@pytest.mark.django_db
def test_the_data_page_lists_the_files_with_sizes(client, served):
    ProjectFactory(slug="sahiwal", name="Sahiwal power plant")
    build = builds.build_now("http://testserver/")
    response = client.get(reverse("projects:data"))
    assert response.status_code == 200
    html = response.content.decode()
    package = build.package()
    for resource in package["resources"]:
        assert f'href="/data/files/{resource["path"]}"' in html
    assert "datapackage.json" in html and "How to cite" in html
    assert f"Data version <strong>{build.data_version}</strong>" in html
    assert "being written" not in html
    # A fresh build: no rebuild started, and a repeat is a 304.
    assert builds.refresh_in_background("http://testserver/") is None
    again = client.get(reverse("projects:data"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_files_are_served_from_the_build_and_nothing_else(client, served):
    ProjectFactory(slug="sahiwal", name="Sahiwal power plant")
    builds.build_now("http://testserver/")
    build = builds.current_build()
    response = client.get(reverse("projects:data-file", args=["cpec-projects.csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"sahiwal" in b"".join(response.streaming_content)
    # The build's provenance, as the API's CSV gives it.
    assert 'rel="license"' in response["Link"]
    assert "http://testserver/sources/" in response["Link"]
    assert response["X-Data-Version"] == str(build.data_version)
    assert response["X-Data-Source"] == (
        "CPEC Tracker, http://testserver/data/files/cpec-projects.csv"
    )
    changed = build.package()["cpec:dataChanged"]
    assert response["X-Data-Updated"] == (
        datetime.datetime.fromisoformat(changed).isoformat(timespec="seconds")
    )
    geojson = client.get(reverse("projects:data-file", args=[GEOJSON_FILE]))
    assert geojson["Content-Type"] == "application/geo+json"
    repeat = client.get(
        reverse("projects:data-file", args=[GEOJSON_FILE]),
        HTTP_IF_NONE_MATCH=geojson["ETag"],
    )
    assert repeat.status_code == 304
    for name in ["current.json", "..", ".lock", "db.sqlite3"]:
        assert client.get(f"/data/files/{name}").status_code == 404


@pytest.mark.django_db
def test_the_page_says_when_there_is_no_build_yet(client, served, monkeypatch):
    started = []
    monkeypatch.setattr(builds, "refresh_in_background", started.append)
    response = client.get(reverse("projects:data"))
    assert response.status_code == 200
    assert "being written for the first time" in response.content.decode()
    assert started == ["http://testserver/"]


@pytest.mark.django_db(transaction=True)
def test_a_write_leads_to_a_rebuild_in_the_background(client, served):
    project = ProjectFactory(slug="sahiwal", name="Sahiwal power plant")
    first = builds.build_now("http://testserver/")

    # The write commits and bumps the data version; it builds nothing itself.
    project.name = "Sahiwal coal power plant"
    project.save()
    assert builds.current_build() == first
    assert builds.is_stale(first)

    # The next visitor gets the previous build at once, and a rebuild starts.
    response = client.get(reverse("projects:data"))
    assert response.status_code == 200
    assert "new files are being written" in response.content.decode()
    thread = builds.refresh_in_background("http://testserver/")
    assert thread is not None
    thread.join(timeout=120)
    assert not thread.is_alive()

    rebuilt = builds.current_build()
    assert rebuilt.id != first.id and not builds.is_stale(rebuilt)
    assert rebuilt.data_version > first.data_version
    text = (rebuilt.directory / "cpec-projects.csv").read_text()
    assert "Sahiwal coal power plant" in text
    # The previous build is kept for downloads in flight; older ones are pruned.
    assert first.directory.is_dir()
    page = client.get(reverse("projects:data")).content.decode()
    assert "being written" not in page


@pytest.mark.django_db
def test_the_command_refreshes_the_served_build_only_when_stale(served):
    ProjectFactory(slug="sahiwal")
    call_command("export_bulk", stdout=open("/dev/null", "w"))
    first = builds.current_build()
    assert first is not None and not builds.is_stale(first)
    call_command("export_bulk", stdout=open("/dev/null", "w"))
    assert builds.current_build() == first
    call_command("export_bulk", "--force", stdout=open("/dev/null", "w"))
    assert builds.current_build().id != first.id


def test_bulk_csvs_quote_formulas_but_the_sqlite_file_keeps_names_as_written(
    tmp_path,
):
    from tests.factories import CitationFactory, SectorFactory

    markup = '<a href="https://evil.example">Energy</a>'
    sector = SectorFactory(name=markup, slug="evil")
    names = ['=HYPERLINK("http://x","y")', "+cmd", "-1+1", "@SUM(1)", "\tTabbed"]
    for index, name in enumerate(names):
        project = ProjectFactory(name=name, slug=f"hostile-{index}", sector=sector)
    # A negative reported number is text in the API's JSON, a number here.
    CitationFactory(
        content_object=project, field="cost_usd_million", value_number=-12.5
    )
    call_command(
        "export_bulk", "--output", str(tmp_path), stdout=open("/dev/null", "w")
    )

    def column(file: str, name: str) -> list[str]:
        with (tmp_path / file).open(encoding="utf-8", newline="") as handle:
            return [row[name] for row in csv.DictReader(handle)]

    assert set(column("cpec-projects.csv", "name")) == {f"'{n}" for n in names}
    assert column("cpec-projects.csv", "sector_name") == [markup] * len(names)
    assert column("cpec-sectors.csv", "name") == [markup]
    assert column("cpec-citations.csv", "value") == ["-12.5"]
    with sqlite3.connect(tmp_path / SQLITE_FILE) as connection:
        stored = {row[0] for row in connection.execute("SELECT name FROM projects")}
    assert stored == set(names)
