"""Stale change forms: a save from a form opened before someone else's save is refused.

The change form carries a hidden version: the id of the record's latest history
entry and of the latest history entry of its citations, as they were when the
form was drawn. On save the version is read again, with the record's row locked
until the admin's transaction ends (on PostgreSQL), and if either moved the save
is refused with what changed since, and by whom, from the history. The form keeps
what the editor typed and now carries the current version: having seen the
changes, the editor saves again to keep their values, or reloads to drop them.

A form sent without a version (a script, an old tab) is not checked, as the API
treats a write without If-Match.
"""

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router, transaction
from django.utils.text import Truncator, capfirst

from ..content import english_columns, in_english
from .forms import ConstraintErrorsForm

VERSION_FIELD = "form_version"
HISTORY_VERBS = {"+": "added", "~": "changed", "-": "deleted"}
# Bookkeeping that changes with every save; never the reason for a refusal line.
NOT_COMPARED = ["created_at", "updated_at"]
MAX_LINES = 12


def _citation_history(instance):
    """The history of the citations of `instance`, or None if it has none."""
    try:
        relation = instance._meta.get_field("citations")
    except FieldDoesNotExist:
        return None
    if not isinstance(relation, GenericRelation):
        return None
    return relation.related_model.history.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
    )


def _latest_id(history) -> int:
    if history is None:
        return 0
    return (
        history.order_by("-history_id").values_list("history_id", flat=True).first()
        or 0
    )


def current_version(instance) -> str:
    """ "<record history id>.<citations history id>", 0 for none."""
    record = type(instance).history.filter(**{instance._meta.pk.attname: instance.pk})
    return f"{_latest_id(record)}.{_latest_id(_citation_history(instance))}"


def _parse(version: str) -> tuple[int, int] | None:
    try:
        record, citations = (int(part) for part in version.split("."))
    except ValueError:
        return None
    return record, citations


def _who(user) -> str:
    if user is None:
        return "no signed-in editor"
    return user.get_full_name() or user.get_username()


def _shown(field, value) -> str:
    """A value as an editor reads it: a choice's label, a related record's name."""
    if value in (None, ""):
        return "—"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        value = related if related is not None else value
    return Truncator(str(value)).chars(60)


def record_changes(instance, since: int) -> list[str]:
    """ "Field: value then → value now (changed by ...)" for each field changed
    in the record's history after entry `since`."""
    model = type(instance)
    rows = list(
        model.history.filter(**{model._meta.pk.attname: instance.pk})
        .filter(history_id__gte=since)
        .select_related("history_user")
        .order_by("history_id")
    )
    if not rows or rows[0].history_id != since:
        return ["The record changed (the version your form was opened at is gone)."]
    changed: dict[str, list] = {}
    for old, new in zip(rows, rows[1:], strict=False):
        with in_english():
            delta = new.diff_against(
                old, excluded_fields=[*NOT_COMPARED, *english_columns(new)]
            )
        for change in delta.changes:
            entry = changed.setdefault(change.field, [change.old, None, []])
            entry[1] = change.new
            if _who(new.history_user) not in entry[2]:
                entry[2].append(_who(new.history_user))
    lines = []
    for name, (then, now, who) in changed.items():
        if then == now:
            continue
        field = model._meta.get_field(name)
        label = capfirst(field.verbose_name)
        lines.append(
            f"{label}: {_shown(field, then)} → {_shown(field, now)} "
            f"(changed by {', '.join(who)})"
        )
    return lines


def citation_changes(instance, since: int) -> list[str]:
    """One line per citation added, changed or deleted after entry `since`."""
    history = _citation_history(instance)
    if history is None:
        return []
    rows = history.filter(history_id__gt=since).select_related("history_user")
    return [
        f"Citation {HISTORY_VERBS.get(row.history_type, 'changed')}: "
        f"{row.field or 'the whole record'}, "
        f"“{Truncator(row.reported_value).chars(40)}” "
        f"(by {_who(row.history_user)})"
        for row in rows.order_by("history_id")
    ]


def _lock(instance) -> None:
    """Hold the record's row until the admin's transaction ends, so two saves
    cannot both pass the check (SQLite serialises writes and ignores this)."""
    using = router.db_for_write(type(instance))
    if transaction.get_connection(using).in_atomic_block:
        manager = type(instance)._default_manager.using(using)
        list(manager.select_for_update().filter(pk=instance.pk).values_list("pk"))


class VersionField(forms.CharField):
    """The hidden version; never a change to the record itself."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class TrackedForm(ConstraintErrorsForm):
    """An admin change form that refuses a save from a stale copy."""

    form_version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial[VERSION_FIELD] = current_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        sent = cleaned.get(VERSION_FIELD)
        if sent and self.instance.pk is not None:
            self._check_version(sent)
        return cleaned

    def _check_version(self, sent: str) -> None:
        _lock(self.instance)
        current = current_version(self.instance)
        if sent == current:
            return
        # Seen once, the changes are the editor's to overwrite: a second save
        # of this form carries the current version.
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = current
        self.data = data
        then = _parse(sent) or (0, 0)
        now = _parse(current)
        lines = []
        if then[0] != now[0]:
            lines += record_changes(self.instance, then[0])
        if then[1] != now[1]:
            lines += citation_changes(self.instance, then[1])
        if not lines:
            # Changed and changed back, or saved by a path that left no diff.
            lines = ["The record was saved again; its values are as before."]
        if len(lines) > MAX_LINES:
            lines = [*lines[:MAX_LINES], f"… and {len(lines) - MAX_LINES} more."]
        raise ValidationError(
            [
                "Not saved: this record changed after you opened this form. "
                "Changed since (form's value → current value):",
                *lines,
                "Your values are still in the form. Check them against the "
                "changes above, then save again to keep yours, or reload the "
                "page to start from the current record.",
            ],
            code="stale",
        )
