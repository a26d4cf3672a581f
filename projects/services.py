"""The one write path: the admin, the API, the CSV import, the data loader and a
revert all check and save records here.

check() runs full_clean(), which first derives what a record derives from its
own fields (each model's derive(): a slug from its name, dates cut to their
precision, a citation's typed value from its wording), then every field
validator, clean(), uniqueness and the named database constraints; and it holds
a record's figures to their headline citations. save() stores the record with
its many-to-many links in one transaction and names the editor in its history.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .content import in_english
from .reported import headline_errors


def check(
    instance: models.Model,
    *,
    headlines: Iterable | None = None,
    require_headlines: bool = False,
    exclude: Iterable[str] | None = None,
) -> None:
    """Raise ValidationError (by field) unless the record may be saved as it is.

    headlines: the citations the record's figures must equal (None: not checked,
    as for a new record, which has none yet).
    """
    instance.full_clean(exclude=exclude)
    if headlines is not None:
        check_headlines(instance, headlines, require=require_headlines)


def check_headlines(instance, citations: Iterable, *, require: bool = False) -> None:
    """A figure must equal the typed value of its headline citation."""
    errors = headline_errors(instance, list(citations), require=require)
    if errors:
        raise ValidationError(errors)


def stored_headlines(instance) -> list:
    """The headline citations a saved record has now (none for a new one)."""
    citations = getattr(instance, "citations", None)
    if instance.pk is None or citations is None:
        return []
    return [c for c in citations.all() if c.is_headline]


def save(
    instance: models.Model,
    *,
    editor=None,
    reason: str | None = None,
    many: Mapping[str, Iterable] | None = None,
    record_history: bool = True,
    force_insert: bool = False,
) -> models.Model:
    """Save a checked record and its many-to-many links, naming the editor.

    A stored record that would be saved as it is (fields and links) is not
    saved at all: no history entry, no new data version, so caches stay warm.
    record_history=False saves without a history entry.
    """
    if not force_insert and unchanged(instance, many):
        return instance
    if editor is not None and editor.is_authenticated:
        instance._history_user = editor
    if reason:
        instance._change_reason = reason
    if not record_history:
        # simple-history skips a save when this attribute exists, whatever its value.
        instance.skip_history_when_saving = True
    try:
        with transaction.atomic():
            instance.save(force_insert=force_insert)
            for name, values in (many or {}).items():
                getattr(instance, name).set(values)
    finally:
        if not record_history:
            del instance.skip_history_when_saving
    return instance


def unchanged(
    instance: models.Model, many: Mapping[str, Iterable] | None = None
) -> bool:
    """True when a stored record's fields and the given links equal the stored ones.

    Fields Django sets on save (auto_now) are left out: they change on any save.
    """
    if instance.pk is None or instance._state.adding:
        return False
    names = [
        f.attname
        for f in instance._meta.concrete_fields
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]
    stored = type(instance)._default_manager.filter(pk=instance.pk).values(*names)
    # In English: a translated field's attribute is the active language's text.
    with in_english():
        current = {name: getattr(instance, name) for name in names}
    if stored.first() != current:
        return False
    for name, values in (many or {}).items():
        current = set(getattr(instance, name).values_list("pk", flat=True))
        if current != {getattr(value, "pk", value) for value in values}:
            return False
    return True


def delete(instance: models.Model, *, editor=None) -> None:
    if editor is not None and editor.is_authenticated:
        instance._history_user = editor
    instance.delete()
