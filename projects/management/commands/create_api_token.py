"""Issue an API token to an active staff account; print it once, with its expiry."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from knox.models import get_token_model
from knox.settings import knox_settings


def _days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise CommandError(
            f"--days must be a whole number from 1 to {settings.API_TOKEN_MAX_DAYS}, "
            f"got {raw!r}."
        )
    return days


class Command(BaseCommand):
    help = (
        "Issue an API token to an active staff account (an editor or an "
        "administrator). The token is printed once, on standard output; only its "
        "digest is stored. Send it as `Authorization: Token <key>`."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            default=str(settings.API_TOKEN_TTL_DAYS),
            help="Days until the token expires (default: DJANGO_API_TOKEN_TTL_DAYS, "
            f"{settings.API_TOKEN_TTL_DAYS}; at most {settings.API_TOKEN_MAX_DAYS}).",
        )

    @transaction.atomic
    def handle(self, *args, username, days, **options):
        days = _days(str(days))
        model = get_user_model()
        try:
            # Locked, so that two runs at once cannot pass the limit together.
            user = model.objects.select_for_update().get(
                **{model.USERNAME_FIELD: username}
            )
        except model.DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
        if not user.is_active:
            raise CommandError(
                f"{username} is not active: tokens are not issued to it."
            )
        if not user.is_staff:
            raise CommandError(
                f"{username} is not staff: tokens are for editors and "
                "administrators (make them an editor with "
                f"`manage.py setup_roles --editor {username}`)."
            )
        tokens = get_token_model().objects.filter(user=user)
        now = timezone.now()
        # An expired token opens nothing; it goes when a new one is issued.
        tokens.filter(expiry__lte=now).delete()
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        live = tokens.filter(Q(expiry__gt=now) | Q(expiry__isnull=True)).count()
        if limit is not None and live >= limit:
            raise CommandError(
                f"{username} already holds {live} unexpired tokens, the limit "
                "(DJANGO_API_TOKEN_LIMIT): revoke one in the admin first."
            )
        token, key = get_token_model().objects.create(
            user=user, expiry=datetime.timedelta(days=days)
        )
        # The key alone on standard output, so that a script can read it;
        # the rest for the person who asked.
        self.stdout.write(key)
        when = token.expiry.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        self.stderr.write(
            f"Token for {username}, valid until {when} "
            f"({days} day{'' if days == 1 else 's'}). It is shown "
            "only this once: the database keeps a digest of it. Send it as "
            "`Authorization: Token <key>`.",
            style_func=self.style.SUCCESS,
        )
