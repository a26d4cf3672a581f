"""The citations inline: typed values read from the wording, headline checks."""

from decimal import Decimal

import pytest

from projects.models import Citation, Project
from tests.admin.helpers import admin_url, form_data
from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db


def inline_prefix(response):
    return response.context["inline_admin_formsets"][0].formset.prefix


def add_citation(client, obj, **citation):
    """Submits the record's form unchanged plus one new inline citation."""
    url = admin_url(type(obj), "change", obj.pk)
    response = client.get(url)
    data = form_data(response)
    prefix = inline_prefix(response)
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in citation.items():
        if value is True:
            data[f"{prefix}-{index}-{name}"] = "on"
        else:
            data[f"{prefix}-{index}-{name}"] = str(value)
    return client.post(url, data), prefix, index


def test_inline_citation_reads_its_typed_value_from_the_wording(admin_client, data):
    project = data["project"]
    source = data["source"]
    versions = project.history.count()
    response, _, _ = add_citation(
        admin_client,
        project,
        source=source.pk,
        field="cost_usd_million",
        reported_value="$1.912bn",
        locator="paragraph 3",
    )
    assert response.status_code == 302
    citation = Citation.objects.get(
        object_id=project.pk, field="cost_usd_million", source=source
    )
    assert citation.content_object == project
    assert citation.value_number == Decimal("1912")
    assert citation.locator == "paragraph 3"
    assert citation.history.get().history_user == admin_client.user
    # The project's own fields did not change, so its history did not grow.
    assert project.history.count() == versions


def test_inline_typed_value_that_contradicts_the_wording_is_refused(admin_client, data):
    project = data["project"]
    before = Citation.objects.count()
    response, prefix, index = add_citation(
        admin_client,
        project,
        source=data["source"].pk,
        field="cost_usd_million",
        reported_value="$1.912bn",
        value_number="9",
        locator="paragraph 3",
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[index].errors["value_number"] == [
        "The reported value '$1.912bn' reads as 1912, not 9."
    ]
    assert Citation.objects.count() == before


def test_a_figure_changed_away_from_its_headline_citation_is_refused(
    admin_client, data
):
    project = data["project"]
    CitationFactory(
        content_object=project,
        source=data["source"],
        field="cost_usd_million",
        reported_value="$1.912bn",
        value_number=Decimal("1912"),
        is_headline=True,
    )
    project.cost_usd_million = Decimal("1912")
    project.save()
    url = admin_url(Project, "change", project.pk)
    post = form_data(admin_client.get(url))
    post["cost_usd_million"] = "1950"
    response = admin_client.post(url, post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "differs from its headline citation" in page
    assert "Add or choose the citation that supports the new figure" in page
    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("1912")


def test_inline_citation_of_an_unknown_field_is_refused(admin_client, data):
    response, _, index = add_citation(
        admin_client, data["project"], source=data["source"].pk, field="colour"
    )
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[index].errors["field"] == [
        "colour is not a field this record can cite."
    ]


def test_inline_figure_needs_its_wording_on_the_add_page_too(admin_client, data):
    prefix = "projects-citation-content_type-object_id"
    project = data["project"]
    response = admin_client.post(
        admin_url(Project, "add"),
        {
            "name": "New port",
            "slug": "new-port",
            "phase": project.phase_id,
            "sector": project.sector_id,
            "status": "planned",
            "province": "sindh",
            "start_date_precision": "year",
            "completion_date_precision": "year",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-source": data["source"].pk,
            f"{prefix}-0-field": "cost_usd_million",
            f"{prefix}-0-locator": "paragraph 2",
        },
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "reported_value" in formset.forms[0].errors
    assert not Project.objects.filter(slug="new-port").exists()


def test_two_headline_citations_of_one_field_are_refused(admin_client, data):
    project = data["project"]
    CitationFactory(content_object=project, field="cost_usd_million", is_headline=True)
    response, _, index = add_citation(
        admin_client,
        project,
        source=data["source"].pk,
        field="cost_usd_million",
        is_headline=True,
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[index].errors["is_headline"] == [
        "Only one citation can hold the headline value of a field."
    ]
