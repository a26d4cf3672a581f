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

    record_history=False saves without a history entry (a save that changes
    nothing, such as pressing Save to add a citation).
    """
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


def delete(instance: models.Model, *, editor=None) -> None:
    if editor is not None and editor.is_authenticated:
        instance._history_user = editor
    instance.delete()
