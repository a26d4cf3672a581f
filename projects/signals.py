"""Every write to the data bumps the data version."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .caching.version import bump_data_version, tracked_models


def _changed(sender, **kwargs):
    bump_data_version()


def _m2m_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_data_version()


def connect() -> None:
    for model in tracked_models():
        post_save.connect(_changed, sender=model, dispatch_uid=f"dv-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dv-del-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _m2m_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"dv-{field}",
            )
