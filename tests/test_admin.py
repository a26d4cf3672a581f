"""The editors' admin: pages, constraint errors, citations, history, roles, import."""

import datetime
import io
from decimal import Decimal

import pytest
import tablib
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from projects.admin.resources import ProjectResource
from projects.choices import MeetingKind, Status
from projects.models import (
    CONSTRAINT_FIELDS,
    Citation,
    Indicator,
    Meeting,
    Phase,
    Project,
    Sector,
    Source,
    constraint_field,
)
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SectorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("chief", "chief@example.org", "x" * 16)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor(client):
    call_command("setup_roles", verbosity=0)
    user = User.objects.create_user(
        "eve", "eve@example.org", "x" * 16, first_name="Eve", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def data():
    """Several rows of every model, each cited, so an N+1 shows in the counts."""
    energy = SectorFactory(name="Energy")
    transport = SectorFactory(name="Transport")
    phase1, phase2 = PhaseFactory(number=1), PhaseFactory(number=2)
    phase1.focus_sectors.set([energy, transport])
    source = SourceFactory()
    projects = [
        ProjectFactory(phase=phase, sector=sector)
        for phase in (phase1, phase2)
        for sector in (energy, transport)
    ]
    meetings = [MeetingFactory(phase=phase1) for _ in range(3)]
    for meeting in meetings:
        meeting.projects.set(projects[:2])
    indicators = [IndicatorFactory() for _ in range(3)]
    for target in [*projects, *meetings, *indicators, phase1, energy]:
        CitationFactory(content_object=target, source=source, locator="paragraph 4")
        CitationFactory(content_object=target, field="name")
    return {
        "project": projects[0],
        "phase": phase1,
        "sector": energy,
        "meeting": meetings[0],
        "source": source,
        "citation": Citation.objects.first(),
        "indicator": indicators[0],
    }


def admin_url(model, view, *args):
    return reverse(f"admin:projects_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """The POST data an unchanged submit of the admin form in `response` sends."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


# Queries of an admin page for a logged-in superuser: the session and the user,
# then the page's own reads. A changelist: count, unfiltered count, the page of
# rows with related rows joined, one per related-object filter (phase, sector),
# two for the date hierarchy and one per distinct-value filter
# (country, publisher, year, unit, field); citations add one per cited model
# for their prefetched targets. A change form: the record, its citations with
# their sources, and the selected rows of its autocompletes; the source form
# lists what the source supports, its targets prefetched one query per model.
PAGE_QUERIES = {
    (Project, "changelist"): 9,
    (Project, "add"): 2,
    (Project, "change"): 6,
    (Phase, "changelist"): 5,
    (Phase, "add"): 2,
    (Phase, "change"): 6,
    (Sector, "changelist"): 5,
    (Sector, "add"): 2,
    (Sector, "change"): 4,
    (Meeting, "changelist"): 9,
    (Meeting, "add"): 2,
    (Meeting, "change"): 7,
    (Source, "changelist"): 8,
    (Source, "add"): 2,
    (Source, "change"): 9,
    (Citation, "changelist"): 11,
    (Citation, "add"): 3,
    (Citation, "change"): 6,
    (Indicator, "changelist"): 7,
    (Indicator, "add"): 2,
    (Indicator, "change"): 4,
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


def post_change(client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url))
    data.update({k: str(v) for k, v in changes.items()})
    return client.post(url, data)


PAIRED = "Give both latitude and longitude, or neither."


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"cost_usd_million": "-5"},
            "cost_usd_million",
            "The cost cannot be negative.",
        ),
        ({"capacity": "-1"}, "capacity", "The capacity cannot be negative."),
        ({"capacity_unit": ""}, "capacity_unit", "A capacity needs its unit."),
        (
            {"start_date": "2020-01-01", "completion_date": "2019-01-01"},
            "completion_date",
            "The completion date cannot be before the start date.",
        ),
        ({"latitude": "91"}, "latitude", "Latitude must be between -90 and 90."),
        ({"longitude": "-181"}, "longitude", "Longitude must be between -180 and 180."),
        (
            {"longitude": ""},
            "longitude",
            "Give both latitude and longitude, or neither.",
        ),
        ({"latitude": ""}, "latitude", "Give both latitude and longitude, or neither."),
    ],
)
def test_project_constraint_violation_shows_on_its_field(
    admin_client, data, changes, field, message
):
    project = data["project"]
    before = Project.history.filter(id=project.pk).count()
    response = post_change(admin_client, project, **changes)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors[field] == [message]
    assert form.non_field_errors() == []
    assert message in response.content.decode()
    assert Project.history.filter(id=project.pk).count() == before


def test_phase_end_year_before_start_shows_on_end_year(admin_client, data):
    response = post_change(admin_client, data["phase"], start_year=2030, end_year=2020)
    form = response.context["adminform"].form
    assert form.errors["end_year"] == ["The end year cannot be before the start year."]


def test_duplicate_meeting_number_shows_on_number(admin_client, data):
    other = MeetingFactory(kind=MeetingKind.JCC, number=14)
    response = post_change(admin_client, data["meeting"], kind="jcc", number=14)
    form = response.context["adminform"].form
    assert form.errors["number"] == [
        "A meeting of this kind with this number already exists."
    ]
    assert Meeting.objects.filter(kind="jcc", number=14).get() == other


def test_duplicate_slug_is_a_readable_field_error(admin_client, data):
    other = ProjectFactory()
    response = post_change(admin_client, data["project"], slug=other.slug)
    form = response.context["adminform"].form
    assert form.errors["slug"] == ["Project with this Slug already exists."]


@pytest.mark.parametrize(
    "model", [Phase, Sector, Project, Meeting, Source, Citation, Indicator]
)
def test_every_constraint_names_a_field_of_its_admin_form(rf, model):
    request = rf.get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    form_fields = admin.site._registry[model].get_form(request).base_fields
    for constraint in model._meta.constraints:
        target = constraint_field(constraint)
        targets = target if isinstance(target, tuple) else (target,)
        assert set(targets) <= set(form_fields), constraint.name
    assert set(CONSTRAINT_FIELDS) <= {
        c.name for m in (Phase, Project, Meeting, Citation) for c in m._meta.constraints
    }


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
    assert formset.forms[index].errors["field"] == ["project has no field 'colour'."]


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


def test_an_edit_records_one_history_entry_with_its_editor(editor, data):
    project = data["project"]
    before = project.history.count()
    response = post_change(editor, project, cost_usd_million="1950")
    assert response.status_code == 302
    assert project.history.count() == before + 1
    latest = project.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == editor.user
    assert latest.cost_usd_million == Decimal("1950")
    delta = latest.diff_against(latest.prev_record)
    assert delta.changed_fields == ["cost_usd_million"]


def test_saving_an_unchanged_form_adds_no_history(editor, data):
    project = data["project"]
    versions = project.history.count()
    response = post_change(editor, project)
    assert response.status_code == 302
    assert project.history.count() == versions


def test_history_page_lists_changes_with_pinned_queries(
    admin_client, data, django_assert_num_queries
):
    project = data["project"]
    post_change(admin_client, project, cost_usd_million="1950", status="suspended")
    post_change(admin_client, project, cost_usd_million="2000")
    url = admin_url(Project, "history", project.pk)
    # Session, user, the history count, its page (editor and phase/sector joined),
    # the project itself.
    ContentType.objects.get_for_model(User)  # cached per process, as in production
    with django_assert_num_queries(5):
        response = admin_client.get(url)
    page = response.content.decode()
    assert "1912.00 &rarr; 1950" in page or "1912.00 → 1950" in page
    assert "Operational" in page and "Suspended" in page
    assert "chief" in page
    assert reverse("admin:auth_user_change", args=[admin_client.user.pk]) not in page


def test_revert_restores_old_values_and_is_recorded(editor, data):
    project = data["project"]
    original = project.history.first()
    post_change(editor, project, cost_usd_million="1950", location="Lahore")
    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("1950")

    url = reverse(
        "admin:projects_project_simple_history", args=[project.pk, original.pk]
    )
    response = editor.get(url)
    assert response.status_code == 200
    assert b"Revert" in response.content
    reverted = editor.post(url, form_data(response))
    assert reverted.status_code == 302

    project.refresh_from_db()
    assert project.cost_usd_million == Decimal("1912.00")
    assert project.location == "Sahiwal"
    latest = project.history.first()
    assert latest.history_user == editor.user
    assert latest.cost_usd_million == Decimal("1912.00")
    assert project.history.count() == 3


def test_editor_cannot_reach_user_management(editor):
    assert editor.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert editor.get(reverse("admin:auth_user_add")).status_code == 403
    index = editor.get(reverse("admin:index")).content.decode()
    assert "Projects" in index and "/admin/auth/user/" not in index


def test_editor_adds_and_changes_but_cannot_delete(editor, data):
    project = data["project"]
    assert editor.get(admin_url(Project, "add")).status_code == 200
    assert editor.get(admin_url(Project, "change", project.pk)).status_code == 200
    assert editor.get(admin_url(Project, "delete", project.pk)).status_code == 403
    assert editor.get(admin_url(Project, "import")).status_code == 200


def test_setup_roles_twice_gives_the_same_group(editor):
    group = Group.objects.get(name="Editors")
    first = set(group.permissions.values_list("codename", flat=True))
    group.permissions.add(Permission.objects.get(codename="delete_project"))
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)
    assert Group.objects.filter(name="Editors").count() == 1
    assert set(group.permissions.values_list("codename", flat=True)) == first
    # Add, change and view on each data model and view on its history: no
    # delete, nothing on users or groups, nothing on the data-version counter.
    names = ["phase", "sector", "project", "meeting", "source", "citation", "indicator"]
    actions = ("add", "change", "view")
    assert first == {f"{a}_{n}" for n in names for a in actions} | {
        f"view_historical{n}" for n in names
    }


def test_setup_roles_makes_an_existing_user_an_editor():
    user = User.objects.create_user("sam", password="x" * 16)
    call_command("setup_roles", editor=["sam"], stdout=io.StringIO())
    user.refresh_from_db()
    assert user.is_staff
    assert user.has_perm("projects.change_project")
    assert not user.has_perm("projects.delete_project")
    assert not user.has_perm("auth.view_user")


# Import and export.

HEADER = ProjectResource().get_export_headers()


def project_csv(rows) -> str:
    dataset = tablib.Dataset(headers=HEADER)
    for row in rows:
        dataset.append([row.get(h, "") for h in HEADER])
    return dataset.export("csv")


def row_for(project, **changes):
    row = dict(zip(HEADER, ProjectResource().export_resource(project), strict=True))
    row.update(changes)
    return row


def snapshot():
    return list(Project.objects.order_by("pk").values())


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


def test_export_then_import_round_trips_unchanged(data):
    before = snapshot()
    exported = ProjectResource().export()
    result = ProjectResource().import_data(
        tablib.Dataset().load(exported.csv, format="csv"), dry_run=False
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Project.objects.count()
    assert snapshot() == before


@pytest.fixture
def saves(monkeypatch):
    """Every services.save call: (model name, editor, history recorded)."""
    from projects import services

    calls = []
    real = services.save

    def spy(instance, **options):
        editor = options.get("editor")
        calls.append(
            (
                instance._meta.model_name,
                getattr(editor, "username", None),
                options.get("record_history", True),
            )
        )
        return real(instance, **options)

    monkeypatch.setattr(services, "save", spy)
    return calls


def test_admin_edits_reverts_and_imports_save_through_the_write_path(
    editor, data, saves
):
    project = data["project"]
    original = project.history.first()
    post_change(editor, project, location="Lahore")
    post_change(editor, project)  # unchanged: saved without a history entry
    url = reverse(
        "admin:projects_project_simple_history", args=[project.pk, original.pk]
    )
    editor.post(url, form_data(editor.get(url)))
    assert saves == [
        ("project", "eve", True),
        ("project", "eve", False),
        ("project", "eve", True),
    ]
    project.refresh_from_db()
    assert project.location == "Sahiwal"
    saves.clear()
    dataset = tablib.Dataset().load(
        project_csv([row_for(project, location="Multan")]), format="csv"
    )
    result = ProjectResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert saves == [("project", None, True)]
    assert project.history.first().history_change_reason == "CSV import"
