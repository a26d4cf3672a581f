"""The public change feed: the selector, the /changes/ page and /api/changes/."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from projects import selectors
from projects.models import Project
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    MeetingFactory,
    PhaseFactory,
    ProjectFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

EPOCH = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def edit(obj, user=None, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    if user is not None:
        obj._history_user = user
    obj.save()
    return obj.history.first()


def spread_out(*models):
    """Gives every history row its own minute, in creation order, so order is known."""
    rows = []
    for model in models:
        rows += list(model.history.model.objects.all())
    rows.sort(key=lambda r: (r.history_date, r.history_id))
    for minute, row in enumerate(rows):
        type(row).objects.filter(history_id=row.history_id).update(
            history_date=EPOCH + datetime.timedelta(minutes=minute)
        )


@pytest.fixture
def editor():
    return User.objects.create_user(
        "amina.k", "amina@example.org", first_name="Amina", password="x" * 16
    )


def test_feed_is_newest_first_across_models_with_what_changed(editor):
    project = ProjectFactory(name="Sahiwal Coal Power Plant")
    meeting = MeetingFactory(title="14th JCC")
    edit(project, editor, cost_usd_million=Decimal("1950.00"), status="suspended")
    edit(meeting, editor, city="Islamabad")
    spread_out(Project, type(meeting), type(project.phase), type(project.sector))

    entries = selectors.change_list()[0:10]

    assert [(e.model, e.type) for e in entries[:4]] == [
        ("meeting", "changed"),
        ("project", "changed"),
        ("meeting", "created"),
        ("project", "created"),
    ]
    changed = entries[1]
    assert changed.object_name == "Sahiwal Coal Power Plant"
    assert changed.url == project.get_absolute_url()
    assert changed.editor == "Amina"
    assert [(c.name, c.old, c.new) for c in changed.changes] == [
        ("cost_usd_million", "1912.00", "1950.00"),
        ("status", "Operational", "Suspended"),
    ]
    assert changed.changes[0].label == "Cost (US$ million)"
    assert entries[3].changes == [] and entries[3].editor is None


def test_an_editor_without_a_first_name_is_an_editor_never_the_username(client):
    user = User.objects.create_user(
        "ravi.s", "ravi@example.org", first_name="  ", password="x" * 16
    )
    project = ProjectFactory()
    edit(project, user, location="Lahore")
    (entry,) = selectors.change_list()[0:1]
    assert entry.editor == "an editor"
    page = client.get(reverse("projects:change-list")).content.decode()
    feed = client.get("/api/changes/").content.decode()
    for text in (page, feed):
        assert "an editor" in text
        assert "ravi.s" not in text


def test_links_follow_the_current_slug_and_deleted_records_have_none(editor):
    project = ProjectFactory(name="Old name")
    edit(project, editor, slug="new-name")
    gone = IndicatorFactory(name="Trade")
    source = SourceFactory(title="Dawn")
    doomed = ProjectFactory(name="Cancelled line")
    doomed_pk = doomed.pk
    doomed.delete()

    by_key = {(e.model, e.object_id, e.type): e for e in selectors.change_list()[0:50]}

    assert by_key[("project", project.pk, "created")].url == "/projects/new-name/"
    deleted = by_key[("project", doomed_pk, "deleted")]
    assert deleted.url is None
    assert deleted.object_name == "Cancelled line"
    assert by_key[("indicator", gone.pk, "created")].url is None
    assert (
        by_key[("source", source.pk, "created")].url
        == f"/sources/?source={source.slug}#{source.slug}"
    )


def test_changes_of_one_record_only(editor):
    project, other = ProjectFactory(), ProjectFactory()
    edit(project, editor, location="Lahore")
    edit(other, editor, location="Karachi")
    feed = selectors.change_list(instance=project)
    assert feed.count() == 2
    assert [e.object_id for e in feed[0:10]] == [project.pk, project.pk]


def test_long_values_are_shortened_around_the_difference(editor):
    source = SourceFactory(missing_reason="a" * 250 + " first ending")
    edit(source, editor, missing_reason="a" * 250 + " second ending")
    (entry,) = selectors.change_list()[0:1]
    (change,) = entry.changes
    assert len(change.old) <= 120 and len(change.new) <= 120
    assert change.old.endswith("first ending")
    assert change.new.endswith("second ending")


def many_edits(editor, rounds):
    """Edits of every tracked model, `rounds` times over."""
    phase = PhaseFactory(number=1)
    source = SourceFactory()
    for n in range(rounds):
        project = ProjectFactory(phase=phase)
        edit(project, editor, cost_usd_million=Decimal(100 + n), status="planned")
        edit(phase, editor, name=f"Phase one, take {n}")
        edit(MeetingFactory(phase=phase), editor, city="Gwadar")
        citation = CitationFactory(content_object=project, source=source)
        edit(citation, editor, field="cost_usd_million", reported_value=f"${n}m")
        edit(source, editor, publisher=f"Publisher {n}")
        edit(IndicatorFactory(), editor, value=Decimal(n))
        edit(project.sector, editor, description=f"Round {n}")


# /changes/: the session-less page reads the feed's count, the page's keys (one
# UNION over the seven history tables), then for each of the seven models on the
# page its records (editor, related rows, previous id and current slug joined)
# and the previous versions its edits are diffed against: 2 + 7 + 7. Every
# anonymous read also starts with the data version (for the ETag), and a page
# counts the synthetic projects for its notice (cached until the data changes).
CHANGES_FEED_QUERIES = 16 + 1
# The page also finds the initial load it folds into one line: the first entry
# that is not part of it, then the load's count and its last date (3).
CHANGES_PAGE_QUERIES = CHANGES_FEED_QUERIES + 1 + 3


@pytest.mark.parametrize("rounds", [3, 6])
def test_changes_page_queries_do_not_grow_with_rows(
    client, editor, django_assert_num_queries, rounds
):
    many_edits(editor, rounds)
    with django_assert_num_queries(CHANGES_PAGE_QUERIES):
        response = client.get(reverse("projects:change-list"))
    assert response.status_code == 200
    page = response.context["page"]
    assert len(page.object_list) == min(50, page.paginator.count)
    assert {e.model for e in page.object_list} == {
        "project",
        "phase",
        "sector",
        "meeting",
        "source",
        "citation",
        "indicator",
    }


def test_changes_page_shows_the_edit_and_pages_back(client, editor):
    many_edits(editor, 6)
    project = Project.objects.order_by("-pk").first()
    response = client.get(reverse("projects:change-list"))
    html = response.content.decode()
    assert "Amina" in html and "amina@example.org" not in html
    assert f'href="{project.get_absolute_url()}"' in html
    assert "Cost (US$ million)</strong>: 1912.00 → 105" in html
    assert 'rel="next"' in html
    total = response.context["page"].paginator.count
    last = client.get(reverse("projects:change-list"), {"page": 99})
    assert len(last.context["page"].object_list) == total - 50 * (
        last.context["page"].number - 1
    )
    assert 'rel="prev"' in last.content.decode()


def test_changes_page_without_history_says_so(client):
    response = client.get(reverse("projects:change-list"))
    assert response.status_code == 200
    assert "No changes have been recorded yet." in response.content.decode()


def test_api_changes_matches_the_page_and_is_paginated(
    client, editor, django_assert_num_queries
):
    many_edits(editor, 6)
    url = reverse("api-changes")
    # The same feed queries as the page: the API serialises the same entries.
    with django_assert_num_queries(CHANGES_FEED_QUERIES):
        body = client.get(url, {"page_size": 20}).json()
    assert body["count"] == selectors.change_list().count()
    assert body["previous"] is None and "page=2" in body["next"]
    expected = selectors.change_list()[0:20]
    assert [(r["model"], r["id"]) for r in body["results"]] == [
        (e.model, e.history_id) for e in expected
    ]
    second = client.get(body["next"]).json()
    assert [r["id"] for r in second["results"]] == [
        e.history_id for e in selectors.change_list()[20:40]
    ]


def test_api_change_entry_shape_has_no_user_details(client, editor):
    project = ProjectFactory()
    edit(project, editor, cost_usd_million=Decimal("1950.00"))
    response = client.get(reverse("api-changes"))
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first == {
        "id": project.history.first().history_id,
        "when": first["when"],
        "type": "changed",
        "model": "project",
        "object_id": project.pk,
        "object_name": project.name,
        "url": f"http://testserver{project.get_absolute_url()}",
        "changes": [
            {
                "field": "cost_usd_million",
                "label": "Cost (US$ million)",
                "old": "1912.00",
                "new": "1950.00",
            }
        ],
        "editor": "Amina",
    }
    assert "amina@example.org" not in response.content.decode()
    assert "amina.k" not in response.content.decode()


def test_api_changes_is_read_only(client):
    response = client.post(reverse("api-changes"), {})
    assert response.status_code in {403, 405}


def test_api_changes_gives_values_and_the_page_gives_labels(client, editor):
    project = ProjectFactory(status="planned", start_date_precision="day")
    edit(project, editor, status="operational", start_date_precision="year")
    response = client.get(reverse("api-changes"))
    changes = {c["field"]: c for c in response.json()["results"][0]["changes"]}
    assert (changes["status"]["old"], changes["status"]["new"]) == (
        "planned",
        "operational",
    )
    precision = changes["start_date_precision"]
    assert (precision["old"], precision["new"]) == ("day", "year")
    page = client.get(reverse("projects:change-list")).content.decode()
    assert "Operational" in page
