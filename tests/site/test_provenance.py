"""Every export names its source, licence, data version and date: the charts' CSV
in its first rows, the API's CSV in its HTTP headers, the bulk files in
datapackage.json; and every page describes itself in og: and twitter: tags."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from projects.caching.version import last_updated
from projects.exports import builds
from projects.exports.bulk import DATAPACKAGE_FILE
from projects.models import DataVersion

pytestmark = pytest.mark.django_db

PREAMBLE_LABELS = ["Title", "Source", "Licence", "Data version", "Last updated"]


def csv_parts(response) -> tuple[list[list[str]], list[list[str]]]:
    """(the provenance rows, the table): split at the first empty row."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    blank = rows.index([])
    return rows[:blank], rows[blank + 1 :]


@pytest.mark.parametrize(
    ("url", "query", "chart", "page"),
    [
        (
            "/",
            {"phase": "phase-ii", "download": "status"},
            "status",
            "/?phase=phase-ii",
        ),
        ("/sectors/energy/", {"download": "province"}, "province", "/sectors/energy/"),
        ("/projects/sahiwal/", {"download": "location"}, "location", None),
        ("/meetings/", {"download": "meetings"}, "meetings", "/meetings/"),
    ],
)
def test_chart_csv_starts_with_source_licence_version_and_date(
    client, corridor, url, query, chart, page
):
    response = client.get(url, query)
    assert response.status_code == 200
    preamble, table = csv_parts(response)
    assert [row[0] for row in preamble] == PREAMBLE_LABELS
    values = dict(preamble)
    shown = {k: v for k, v in query.items() if k != "download"}
    charts = {c.slug: c for c in client.get(url, shown).context["charts"]}
    assert values["Title"] == charts[chart].title
    address = f"http://testserver{page or url}"
    assert values["Source"] == (
        f"CPEC Tracker, {address}, from the sources cited there"
    )
    assert values["Licence"] == (
        "Data CC BY 4.0, https://creativecommons.org/licenses/by/4.0/"
    )
    version, changed = last_updated()
    assert values["Data version"] == str(version)
    assert values["Last updated"] == changed.isoformat(timespec="seconds")
    assert table[0] == charts[chart].columns
    assert len(table) == 1 + len(charts[chart].rows)


def test_api_csv_keeps_its_header_row_first_and_gives_provenance_in_headers(
    client, corridor
):
    response = client.get("/api/projects/", {"format": "csv", "status": "planned"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.split("\r\n")[0].startswith("Slug,Name,Phase number,")
    links = response["Link"]
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in links
    assert '<http://testserver/sources/>; rel="describedby"' in links
    version, changed = last_updated()
    assert response["X-Data-Version"] == str(version)
    assert response["X-Data-Updated"] == changed.isoformat(timespec="seconds")
    assert response["X-Data-Source"].startswith("CPEC Tracker, http://testserver/api/")


def test_bulk_datapackage_names_source_licence_version_and_date(corridor, tmp_path):
    builds.write_bundle(tmp_path, "http://example.org/")
    package = json.loads((tmp_path / DATAPACKAGE_FILE).read_text())
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["sources"] == [
        {
            "title": "Source: CPEC Tracker, http://example.org/, from the sources "
            "cited there",
            "path": "http://example.org/sources/",
        }
    ]
    row = DataVersion.objects.get(pk=1)
    assert package["version"] == str(row.version)
    assert package["cpec:dataChanged"].startswith(row.changed_at.date().isoformat())


def social_tags(page: str) -> dict[str, str]:
    found = re.findall(
        r'<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)">', page
    )
    return dict(found)


def test_every_page_has_og_and_twitter_tags_naming_itself(client, corridor):
    from projects.models import Meeting, Phase, Project, Sector

    urls = [
        reverse("projects:home"),
        "/?phase=phase-ii",
        reverse("projects:project-list"),
        reverse("projects:meeting-list"),
        reverse("projects:source-list"),
        reverse("projects:phase-list"),
        reverse("projects:sector-list"),
        reverse("projects:change-list"),
        reverse("projects:data"),
        reverse("projects:embed", args=["status"]),
    ]
    for model in (Project, Meeting, Phase, Sector):
        urls.append(model.objects.order_by("pk").first().get_absolute_url())
    titles = set()
    for url in urls:
        page = client.get(url).content.decode()
        tags = social_tags(page)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
        assert tags["og:title"] == title, url
        assert tags["og:description"], url
        assert tags["og:url"] == f"http://testserver{url}".replace("&", "&amp;"), url
        assert tags["og:type"] == "website"
        assert tags["og:site_name"] == "CPEC Tracker"
        assert tags["twitter:card"] == "summary"
        # Nothing the tags name is loaded from another host.
        assert not any(name.endswith("image") for name in tags), url
        titles.add(title)
    assert len(titles) == len(urls)
