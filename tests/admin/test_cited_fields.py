"""A citation names its field from a select of the record's citable fields."""

import pytest

from projects.admin.citable import WHOLE_RECORD, citable_choices
from projects.models import Citation, Meeting, Project
from projects.reported import FIGURE_FIELDS
from tests.admin.helpers import admin_url, form_data
from tests.admin.test_citations import add_citation
from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db


def offered(form_field) -> list[str]:
    """The values of a select's options, groups flattened, in order."""
    values = []
    for value, label in form_field.choices:
        if isinstance(label, list | tuple):
            values += [v for v, _ in label]
        else:
            values.append(value)
    return values


def test_project_citations_offer_figures_first_then_other_fields(admin_client, data):
    response = admin_client.get(admin_url(Project, "change", data["project"].pk))
    form = response.context["inline_admin_formsets"][0].formset.forms[0]
    values = offered(form.fields["field"])
    figures = list(FIGURE_FIELDS["project"])
    assert values[0] == ""
    assert values[1 : 1 + len(figures)] == figures
    assert {"cost_usd_million", "capacity", "start_date", "works", "status"} <= set(
        values
    )
    # A precision goes with its date; a slug is an address, not a fact.
    assert not {"slug", "start_date_precision", "created_at"} & set(values)
    assert dict(form.fields["field"].choices)[""] == WHOLE_RECORD
    assert '<select name="projects-citation-content_type-object_id-0-field"' in (
        response.content.decode()
    )


def test_choices_follow_the_model_of_the_record():
    values = [value for _, group in citable_choices(Meeting)[1:] for value, _ in group]
    values.insert(0, citable_choices(Meeting)[0][0])
    assert values[:2] == ["", "date"]
    assert "cost_usd_million" not in values and "city" in values


def test_a_field_the_record_lacks_is_refused_by_the_server(admin_client, data):
    before = Citation.objects.count()
    response, _, index = add_citation(
        admin_client,
        data["meeting"],
        source=data["source"].pk,
        field="cost_usd_million",
        locator="paragraph 1",
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[index].errors["field"] == [
        "cost_usd_million is not a field this record can cite."
    ]
    assert Citation.objects.count() == before


def test_a_listed_field_is_saved(admin_client, data):
    response, _, _ = add_citation(
        admin_client,
        data["project"],
        source=data["source"].pk,
        field="location",
        reported_value="Sahiwal",
        locator="paragraph 1",
    )
    assert response.status_code == 302
    assert Citation.objects.filter(
        object_id=data["project"].pk, field="location"
    ).exists()


def test_a_stored_field_outside_the_list_survives_an_unchanged_save(admin_client, data):
    project = data["project"]
    kept = CitationFactory(content_object=project, field="slug", locator="p. 2")
    url = admin_url(Project, "change", project.pk)
    response = admin_client.get(url)
    forms = response.context["inline_admin_formsets"][0].formset.forms
    (form,) = [f for f in forms if f.instance.pk == kept.pk]
    assert "slug" in offered(form.fields["field"])
    assert admin_client.post(url, form_data(response)).status_code == 302
    kept.refresh_from_db()
    assert kept.field == "slug"


def test_citation_admin_offers_the_cited_record_fields(admin_client, data):
    citation = CitationFactory(content_object=data["meeting"], field="city")
    response = admin_client.get(admin_url(Citation, "change", citation.pk))
    values = offered(response.context["adminform"].form.fields["field"])
    assert "city" in values and "cost_usd_million" not in values
    add = admin_client.get(admin_url(Citation, "add"))
    grouped = dict(add.context["adminform"].form.fields["field"].choices)
    assert grouped[""] == WHOLE_RECORD
    assert "cost_usd_million" in dict(grouped["Project"])
    assert "city" in dict(grouped["Meeting"])


def test_citation_admin_refuses_a_field_of_another_kind_of_record(admin_client, data):
    citation = CitationFactory(content_object=data["meeting"], field="city")
    url = admin_url(Citation, "change", citation.pk)
    post = form_data(admin_client.get(url))
    post["field"] = "cost_usd_million"
    response = admin_client.post(url, post)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["field"]
    citation.refresh_from_db()
    assert citation.field == "city"
