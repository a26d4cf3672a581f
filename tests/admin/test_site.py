"""The admin's name, its ISO dates (partial dates too) and 404s for bad addresses."""

import datetime
import re

import pytest
from django.urls import reverse

from projects.models import Citation, Project
from tests.admin.helpers import admin_url, form_data

pytestmark = pytest.mark.django_db


def test_header_and_title_name_the_site(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert '<a href="/admin/">CPEC Tracker administration</a>' in page
    assert "<title>Curate projects, sources and their history | CPEC Tracker" in page
    assert "Django administration" not in page and "Django site admin" not in page


def test_login_page_names_the_site(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "CPEC Tracker administration" in page


@pytest.mark.parametrize(
    "path",
    [
        "{project}/history/999999/",
        "{project}/history/abc/",
        "{project}/history/99999999999999999999999/",
        "999999/history/",
        "abc/history/",
        "abc/history/1/",
        "99999999999999999999999/history/",
        "{other}/history/{version}/",
    ],
)
def test_mistyped_history_addresses_are_404s(admin_client, data, path):
    project = data["project"]
    other = Project.objects.exclude(pk=project.pk).first()
    version = project.history.first().history_id
    path = path.format(project=project.pk, other=other.pk, version=version)
    response = admin_client.get(f"/admin/projects/project/{path}")
    assert response.status_code == 404


def test_history_addresses_that_exist_still_answer(admin_client, data):
    project = data["project"]
    version = project.history.first().history_id
    base = f"/admin/projects/project/{project.pk}/history/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(f"{base}{version}/").status_code == 200


def date_input(response, name) -> str:
    return response.context["adminform"].form[name].value()


def test_dates_are_shown_as_iso_at_their_precision(admin_client, data):
    project = data["project"]
    Project.objects.filter(pk=project.pk).update(
        start_date=datetime.date(2019, 11, 1),
        start_date_precision="month",
        completion_date=datetime.date(2026, 4, 9),
        completion_date_precision="day",
    )
    response = admin_client.get(admin_url(Project, "change", project.pk))
    page = response.content.decode()
    assert 'name="start_date" value="2019-11"' in page
    assert 'name="completion_date" value="2026-04-09"' in page
    # A timestamp shown read-only is ISO too.
    created = project.created_at.strftime("%Y-%m-%d %H:%M")
    assert created in page
    listing = admin_client.get(admin_url(Project, "changelist")).content.decode()
    assert "2015-07-31" in listing  # the factories' start date, in the list


def test_the_calendar_inserts_iso_dates(admin_client):
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert re.search(r'"DATE_INPUT_FORMATS": \[\s*"%Y-%m-%d"\s*\]', catalog)


@pytest.mark.parametrize(
    ("typed", "stored", "precision"),
    [
        ("2016", datetime.date(2016, 1, 1), "year"),
        ("2016-06", datetime.date(2016, 6, 1), "month"),
        ("2016-06-15", datetime.date(2016, 6, 15), "day"),
    ],
)
def test_a_partial_date_sets_its_precision(
    admin_client, data, typed, stored, precision
):
    project = data["project"]
    url = admin_url(Project, "change", project.pk)
    post = form_data(admin_client.get(url))
    post.update(start_date=typed, start_date_precision="day")
    response = admin_client.post(url, post)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.start_date, project.start_date_precision) == (stored, precision)


@pytest.mark.parametrize("typed", ["15/06/2020", "2020-13", "June 2020"])
def test_a_date_that_is_not_iso_is_refused(admin_client, data, typed):
    project = data["project"]
    url = admin_url(Project, "change", project.pk)
    post = form_data(admin_client.get(url))
    post["start_date"] = typed
    response = admin_client.post(url, post)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start_date"] == [
        "Enter a date as YYYY-MM-DD, YYYY-MM or YYYY."
    ]


def test_a_citation_typed_date_takes_a_partial_date(admin_client, data):
    citation = data["citation"]
    url = admin_url(Citation, "change", citation.pk)
    post = form_data(admin_client.get(url))
    post.update(value_date="2016-04", value_date_precision="")
    assert admin_client.post(url, post).status_code == 302
    citation.refresh_from_db()
    assert citation.value_date == datetime.date(2016, 4, 1)
    assert citation.value_date_precision == "month"
