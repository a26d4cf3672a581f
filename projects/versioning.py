"""The data version: bumped after every committed write; it keys caches and ETags."""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone


def data_version() -> int:
    """The current version; one primary-key read."""
    from .models import DataVersion

    return (
        DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    )


def _bump() -> None:
    from .models import DataVersion

    updated = DataVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 2})


def bump_data_version() -> None:
    """Bump after the current transaction commits (at once outside one).

    After the commit, not before: a reader between the write and the commit would
    otherwise cache the old figures under the new version.
    """
    transaction.on_commit(_bump)


def cached(name: str, build: Callable[[], Any], *key_parts: Any) -> Any:
    """build(), cached until the data changes."""
    key = ":".join(["cpec", name, str(data_version()), *map(str, key_parts)])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=24 * 3600)
    return value


def tracked_models() -> list[type[models.Model]]:
    from django.apps import apps

    from .models import DataVersion

    return [
        model
        for model in apps.get_app_config("projects").get_models()
        if model is not DataVersion
        and not model._meta.model_name.startswith("historical")
    ]
