"""Every admin page renders with its queries pinned; links and form layout."""

import pytest
from django.contrib.contenttypes.models import ContentType

from projects.models import Citation, Indicator, Meeting, Phase, Project, Sector, Source
from tests.admin.helpers import admin_url

pytestmark = pytest.mark.django_db


# Queries of an admin page for a logged-in superuser: the session and the user,
# then the page's own reads. A changelist: count, unfiltered count, the page of
# rows with related rows joined, one per related-object filter (phase, sector),
# two for the date hierarchy and one per distinct-value filter
# (country, publisher, year, unit, field); citations add one per cited model
# for their prefetched targets. A change form: the record, its citations with
# their sources, the selected rows of its autocompletes, and its version for the
# stale-form check (its latest history id; a cited record's citations' too); the
# source form lists what the source supports, its targets prefetched one query
# per model.
PAGE_QUERIES = {
    (Project, "changelist"): 9,
    (Project, "add"): 2,
    (Project, "change"): 8,
    (Phase, "changelist"): 5,
    (Phase, "add"): 2,
    (Phase, "change"): 8,
    (Sector, "changelist"): 5,
    (Sector, "add"): 2,
    (Sector, "change"): 6,
    (Meeting, "changelist"): 9,
    (Meeting, "add"): 2,
    (Meeting, "change"): 9,
    (Source, "changelist"): 8,
    (Source, "add"): 2,
    (Source, "change"): 10,
    (Citation, "changelist"): 11,
    (Citation, "add"): 3,
    (Citation, "change"): 7,
    (Indicator, "changelist"): 7,
    (Indicator, "add"): 2,
    (Indicator, "change"): 6,
}


PAGE_MODELS = sorted({model for model, _ in PAGE_QUERIES}, key=str)


@pytest.mark.parametrize(
    ("model", "view"), PAGE_QUERIES, ids=lambda v: getattr(v, "__name__", v)
)
def test_admin_page_renders_with_pinned_queries(
    admin_client, data, django_assert_num_queries, model, view
):
    obj = data[model._meta.model_name]
    args = (obj.pk,) if view == "change" else ()
    url = admin_url(model, view, *args)
    # Content types are cached per process; warm them so the count is steady.
    ContentType.objects.get_for_models(*PAGE_MODELS)
    with django_assert_num_queries(PAGE_QUERIES[(model, view)]):
        response = admin_client.get(url)
    assert response.status_code == 200
    if view == "change" and hasattr(obj, "citations") and model is not Source:
        # The citations inline is on the form with the record's own citations.
        formset = response.context["inline_admin_formsets"][0].formset
        assert formset.queryset.count() == 2


def test_citations_filter_by_cited_model_and_ignore_unknown_values(admin_client, data):
    url = admin_url(Citation, "changelist")
    project_type = ContentType.objects.get_for_model(Project)
    response = admin_client.get(url, {"cited": project_type.pk})
    shown = response.context["cl"].result_list
    assert {c.content_type_id for c in shown} == {project_type.pk}
    assert len(shown) == Citation.objects.filter(content_type=project_type).count()
    assert admin_client.get(url, {"cited": "x"}).status_code == 200


def test_project_change_page_links_to_its_public_page(admin_client, data):
    project = data["project"]
    response = admin_client.get(admin_url(Project, "change", project.pk))
    assert b"View on site" in response.content
    listing = admin_client.get(admin_url(Project, "changelist"))
    assert project.get_absolute_url().encode() in listing.content


def test_date_and_its_precision_share_a_row_of_the_project_form(admin_client, data):
    response = admin_client.get(admin_url(Project, "change", data["project"].pk))
    fieldsets = dict(response.context["adminform"].model_admin.fieldsets)
    assert ("start_date", "start_date_precision") in fieldsets["Dates"]["fields"]
