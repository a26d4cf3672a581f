"""The project list: filters, sorting, labelled controls, errors and pages."""

import re

import pytest
from django.urls import reverse

from projects.choices import Status
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_project_list_uses_the_filterset(client, corridor):
    url = reverse("projects:project-list")
    response = client.get(url, {"status": "planned"})
    assert [p.slug for p in response.context["projects"]] == ["bare", "ml-1"]
    response = client.get(url, {"phase": "2", "q": "rail"})
    assert [p.slug for p in response.context["projects"]] == ["ml-1"]
    response = client.get(url, {"min_cost": "2000"})
    assert [p.slug for p in response.context["projects"]] == ["ml-1"]
    response = client.get(url, {"started_after": "2026"})
    assert [p.slug for p in response.context["projects"]] == ["ml-1"]


def test_project_list_sorts_by_a_column_and_marks_it(client, corridor):
    url = reverse("projects:project-list")
    response = client.get(url, {"ordering": "-cost_usd_million"})
    slugs = [p.slug for p in response.context["projects"]]
    assert slugs[0] == "ml-1"
    # Unknown costs sort last, either way.
    assert set(slugs[-2:]) == {"rashakai", "bare"}
    header = next(
        h for h in response.context["headers"] if h["label"].startswith("Cost")
    )
    assert header["direction"] == "descending"
    assert header["param"] == "cost_usd_million"
    assert 'aria-sort="descending"' in response.content.decode()


def test_project_list_every_filter_is_a_labelled_control(client, corridor):
    response = client.get(reverse("projects:project-list"))
    html = response.content.decode()
    for field in response.context["form"]:
        assert f'<label for="{field.id_for_label}">' in html
        assert f'id="{field.id_for_label}"' in html


def test_project_list_choices_have_plain_names(client, corridor):
    response = client.get(reverse("projects:project-list"))
    form = response.context["form"]
    assert list(form.fields["province"].choices)[0] == ("", "Any province")
    ordering = dict(form.fields["ordering"].choices)
    assert ordering[""] == "Default order"
    assert ordering["-cost_usd_million"] == "Cost, highest first"
    assert "---------" not in response.content.decode()


def test_project_list_invalid_filters_show_errors_not_a_500(client, corridor):
    response = client.get(
        reverse("projects:project-list"),
        {"phase": "9", "min_cost": "abc", "ordering": "nonsense"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"phase", "min_cost", "ordering"}
    assert list(response.context["projects"]) == []
    html = response.content.decode()
    assert "There is a problem with the filters" in html
    assert 'href="#id_min_cost"' in html
    # Each control with an error points at its message.
    assert 'aria-describedby="id_min_cost-error"' in html
    assert 'id="id_min_cost-error"' in html


def test_project_list_paginates_and_keeps_the_query(client, corridor):
    ProjectFactory.create_batch(30, status=Status.OPERATIONAL, province="sindh")
    url = reverse("projects:project-list")
    response = client.get(url, {"province": "sindh"})
    page = response.context["page"]
    assert page.paginator.count == 31
    assert len(response.context["projects"]) == 25
    html = response.content.decode()
    assert 'href="?province=sindh&amp;page=2"' in html
    assert 'href="/api/projects/?province=sindh&amp;format=csv"' in html
    second = client.get(url, {"province": "sindh", "page": "2"})
    assert len(second.context["projects"]) == 6
    # A page that is not there falls back to the last one, not to an error.
    assert client.get(url, {"page": "99"}).status_code == 200


def test_project_list_pages_by_25(client, corridor):
    ProjectFactory.create_batch(30)
    response = client.get(reverse("projects:project-list"), {"phase": "1"})
    assert len(response.context["projects"]) == 25


def test_project_list_empty(client):
    response = client.get(reverse("projects:project-list"))
    assert response.status_code == 200
    assert "There are no projects yet." in response.content.decode()


def test_project_list_filters_fold_behind_a_count_of_those_set(client, corridor):
    url = reverse("projects:project-list")
    html = client.get(url).content.decode()
    assert '<details class="filters-fold">' in html
    assert "<summary>Filters\n</summary>" in html
    # The sort order is not a filter; each filter set counts once.
    html = client.get(
        url, {"status": "planned", "q": "rail", "ordering": "name"}
    ).content.decode()
    assert "<summary>Filters (2 active)\n</summary>" in html
    assert '<details class="filters-fold">' in html


def test_project_list_filters_unfold_when_one_is_invalid(client, corridor):
    response = client.get(reverse("projects:project-list"), {"min_cost": "abc"})
    assert '<details class="filters-fold" open>' in response.content.decode()


def test_project_list_cells_name_their_column_for_the_phone_cards(client, corridor):
    """On a phone each row is a card, each cell labelled with its column's name."""
    response = client.get(reverse("projects:project-list"))
    html = response.content.decode()
    labels = [header["label"] for header in response.context["headers"]][1:]
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 6
    for row in rows:
        cells = re.findall(r'<td data-label="([^"]+)"', row)
        assert cells == labels
