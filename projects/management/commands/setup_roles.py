"""Create or reset the "Editors" group; optionally make existing users editors."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITORS = "Editors"


def editor_permissions() -> list[Permission]:
    """Add, change and view on the data models; view on their history; no delete.

    The data models are the history-tracked ones; bookkeeping models such as the
    data version are written by the code, never by an editor.
    """
    wanted: list[tuple[type, str]] = []
    for model in apps.get_app_config("projects").get_models():
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        history = model.history.model
        wanted += [(model, "add"), (model, "change"), (model, "view")]
        wanted.append((history, "view"))
    types = ContentType.objects.get_for_models(*(m for m, _ in wanted))
    codenames = {
        (types[model].pk, f"{action}_{model._meta.model_name}")
        for model, action in wanted
    }
    found = [
        p
        for p in Permission.objects.filter(
            content_type__in=types.values()
        ).select_related("content_type")
        if (p.content_type_id, p.codename) in codenames
    ]
    if len(found) != len(codenames):
        raise CommandError("Permissions are missing: run `manage.py migrate` first.")
    return found


class Command(BaseCommand):
    help = (
        'Create the "Editors" group (add, change and view on the data; no delete, '
        "no user management). Running it again resets the group to this definition."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--editor",
            action="append",
            default=[],
            metavar="USERNAME",
            help="Also give this existing user staff status and the Editors group "
            "(repeatable).",
        )

    @transaction.atomic
    def handle(self, *args, editor, **options):
        group, created = Group.objects.get_or_create(name=EDITORS)
        permissions = editor_permissions()
        # set() rather than add(): the group always ends up exactly as defined.
        group.permissions.set(permissions)
        self.stdout.write(
            f'{"Created" if created else "Updated"} the "{EDITORS}" group with '
            f"{len(permissions)} permissions."
        )
        users = get_user_model().objects
        for username in editor:
            try:
                user = users.get_by_natural_key(username)
            except users.model.DoesNotExist as exc:
                raise CommandError(f"No user {username!r}: create it first.") from exc
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            user.groups.add(group)
            self.stdout.write(f"{username} is an editor.")
