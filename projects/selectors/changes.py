"""The change feed: recent edits across every history-tracked model."""

import dataclasses
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.text import capfirst
from simple_history.template_utils import ObjDiffDisplay

from ..content import english_columns, in_english
from ..models import Citation, Indicator, Meeting, Phase, Project, Sector, Source

HISTORY_MODELS = (Project, Phase, Sector, Meeting, Source, Citation, Indicator)
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
_SHORTEN = ObjDiffDisplay(max_length=120)


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One field of one edit, from and to, as text (None where blank).

    old and new are for people (a choice's label: "Day"); old_value and new_value
    are the values the API uses elsewhere ("day"), for the API's feed.
    """

    name: str
    label: str
    old: str | None
    new: str | None
    old_value: str | None = None
    new_value: str | None = None


@dataclasses.dataclass(frozen=True)
class ChangeEntry:
    """One historical record, ready for the /changes/ page and the API."""

    history_id: int
    when: datetime.datetime
    model: str
    model_label: str
    object_id: int
    object_name: str
    url: str | None
    type: str
    changes: list[FieldChange] = dataclasses.field(default_factory=list)
    editor: str | None = None


def _display(model, name: str, value, *, labels: bool = True) -> str | None:
    """The value as text: a choice by its label, or by its value (labels=False)."""
    if value is None or value == "":
        return None
    if isinstance(value, ContentType):
        return value.name
    if isinstance(value, bool):
        return "yes" if value else "no"
    choices = model._meta.get_field(name).flatchoices
    if choices and labels:
        return str(dict(choices).get(value, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _shortened(old: str | None, new: str | None) -> tuple[str | None, str | None]:
    if old is not None and new is not None:
        return _SHORTEN.common_shorten_repr(old, new)
    return old, new


def _field_changes(model, record, previous) -> list[FieldChange]:
    # In English, without the English copies (name_en): a translated field's
    # attribute is the active language's text; its translations are fields too.
    with in_english():
        delta = record.diff_against(
            previous,
            foreign_keys_are_objs=True,
            excluded_fields=english_columns(record),
        )
    changes = []
    for change in delta.changes:
        old, new = _shortened(
            _display(model, change.field, change.old),
            _display(model, change.field, change.new),
        )
        old_value, new_value = _shortened(
            _display(model, change.field, change.old, labels=False),
            _display(model, change.field, change.new, labels=False),
        )
        changes.append(
            FieldChange(
                name=change.field,
                label=capfirst(model._meta.get_field(change.field).verbose_name),
                old=old,
                new=new,
                old_value=old_value,
                new_value=new_value,
            )
        )
    return changes


# What a public feed calls an editor who has no first name: a username is a
# sign-in name, half of what an attacker needs, so it is never shown.
UNNAMED_EDITOR = "an editor"


def _editor_name(user) -> str | None:
    """A display name only: the first name, else "an editor"; never the username
    or the email. None when no editor made the change (a data load)."""
    if user is None:
        return None
    return user.first_name.strip() or UNNAMED_EDITOR


class ChangeFeed:
    """Newest-first historical records of several models, sliced without N+1.

    Paginator and DRF pagination only need count() and slicing. A slice costs one
    query for its keys (a UNION over the history tables), then per model on the
    page one query for the records (with their editor, related objects, previous
    version id and current slug) and one for the previous versions to diff against.
    """

    def __init__(
        self,
        models=HISTORY_MODELS,
        *,
        object_id: int | None = None,
        since: datetime.datetime | None = None,
    ):
        self.models = tuple(models)
        self.object_id = object_id
        self.since = since

    def _history(self, model) -> QuerySet:
        qs = model.history.all()
        if self.object_id is not None:
            qs = qs.filter(id=self.object_id)
        if self.since is not None:
            qs = qs.filter(history_date__gte=self.since)
        return qs

    def _keys(self) -> QuerySet:
        parts = [
            self._history(model)
            .order_by()
            .annotate(tag=Value(index, output_field=IntegerField()))
            .values_list("tag", "history_id", "history_date")
            for index, model in enumerate(self.models)
        ]
        keys = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return keys

    def count(self) -> int:
        return self._keys().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("ChangeFeed supports slicing only.")
        rows = list(self._keys().order_by("-history_date", "-history_id", "tag")[key])
        wanted: dict[int, list[int]] = {}
        for tag, history_id, _ in rows:
            wanted.setdefault(tag, []).append(history_id)
        entries = {}
        for tag, ids in wanted.items():
            for entry in self._entries(self.models[tag], ids):
                entries[(tag, entry.history_id)] = entry
        return [entries[(tag, history_id)] for tag, history_id, _ in rows]

    def _entries(self, model, history_ids: list[int]) -> list[ChangeEntry]:
        records = _records(model, history_ids)
        previous = _previous_versions(model, records)
        return [
            _entry(model, record, previous.get(record.previous_id))
            for record in records
        ]


def _records(model, history_ids: list[int]) -> list:
    """The historical records, each with its editor, the id of the version before
    it and, for a model with a page, the record's current slug."""
    history = model.history.model
    earlier = history.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(
            history_date=OuterRef("history_date"),
            history_id__lt=OuterRef("history_id"),
        )
    )
    latest_earlier = earlier.order_by("-history_date", "-history_id")
    records = (
        model.history.filter(history_id__in=history_ids)
        ._select_related_history_tracked_objs()
        .select_related("history_user")
        .annotate(previous_id=Subquery(latest_earlier.values("history_id")[:1]))
    )
    if hasattr(model, "get_absolute_url"):
        records = records.annotate(
            current_slug=Subquery(
                model.objects.filter(pk=OuterRef("id")).values("slug")[:1]
            )
        )
    return list(records)


def _previous_versions(model, records: list) -> dict:
    """The versions the changed records are diffed against, by history id."""
    wanted = [r.previous_id for r in records if r.history_type == "~" and r.previous_id]
    if not wanted:
        return {}
    return {
        p.history_id: p
        for p in model.history.filter(
            history_id__in=wanted
        )._select_related_history_tracked_objs()
    }


def _entry(model, record, before) -> ChangeEntry:
    slug = getattr(record, "current_slug", None)
    has_page = hasattr(model, "get_absolute_url")
    return ChangeEntry(
        history_id=record.history_id,
        when=record.history_date,
        model=model._meta.model_name,
        model_label=str(model._meta.verbose_name),
        object_id=record.id,
        # A historical record has the model's fields, so the model's __str__
        # applies to it without building an instance.
        object_name=model.__str__(record),
        url=model(pk=record.id, slug=slug).get_absolute_url()
        if has_page and slug
        else None,
        type=HISTORY_TYPES.get(record.history_type, record.history_type),
        changes=_field_changes(model, record, before) if before else [],
        editor=_editor_name(record.history_user),
    )


def change_list(*, instance=None, since=None) -> ChangeFeed:
    """Recent edits, newest first: of everything, or of one record; from `since`
    on when given (the page starts after the initial load)."""
    if instance is not None:
        return ChangeFeed([type(instance)], object_id=instance.pk)
    return ChangeFeed(since=since)


@dataclasses.dataclass(frozen=True)
class InitialLoad:
    """The records the database was filled with, before anyone edited it.

    `count` records were created up to `last`; `until` is when the first entry
    after the load was made (None when nothing has happened since).
    """

    count: int
    last: datetime.datetime
    until: datetime.datetime | None


# A bulk load's entries: created, by no editor, with no reason given. An editor's
# save records its user (admin, API) and an import its reason.
LOADED = Q(history_type="+", history_user__isnull=True) & (
    Q(history_change_reason__isnull=True) | Q(history_change_reason="")
)


def _dates(querysets) -> QuerySet:
    parts = [qs.order_by().values_list("history_date", flat=True) for qs in querysets]
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def initial_load(models=HISTORY_MODELS) -> InitialLoad | None:
    """The initial load (load_initial_data, or a fixture): the run of bulk-load
    entries from the first entry of the history up to the first that is not one.

    Defined by what the history holds, not by a date: the records a later load
    or a factory adds after an edit are ordinary entries. Three queries: the
    first other entry, then the count and the date of the load before it.
    """
    models = tuple(models)
    others = _dates(m.history.exclude(LOADED) for m in models)
    until = next(iter(others.order_by("history_date")[:1]), None)
    bounded = [
        m.history.filter(history_date__lt=until) if until else m.history.all()
        for m in models
    ]
    count = _dates(bounded).count()
    if not count:
        return None
    last = _dates(bounded).order_by("-history_date")[0]
    return InitialLoad(count=count, last=last, until=until)
