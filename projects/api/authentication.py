"""API tokens (django-rest-knox): the database holds a digest, and each expires."""

import binascii
import datetime
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from knox import auth
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS
from rest_framework.exceptions import AuthenticationFailed

INVALID = gettext_lazy("Invalid token: it was revoked, or never issued.")


def expired_message(expiry: datetime.datetime) -> str:
    when = expiry.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return _(
        "Token expired on %(when)s. Ask an administrator for a new one "
        "(manage.py create_api_token)."
    ) % {"when": when}


class TokenAuthentication(auth.TokenAuthentication):
    """Knox's check of `Authorization: Token <key>`, which names an expired token.

    Knox deletes an expired token when it is shown and answers "Invalid token.",
    the same as for a mistyped one. Here it is kept (the row holds only a digest)
    and refused with its date, so the client knows to ask for a new token;
    create_api_token clears a user's expired tokens when it issues one. It also
    skips knox's sweep of the user's other tokens, one query per request.
    """

    def authenticate_credentials(self, token: bytes):
        try:
            key = token.decode()
            digest = hash_token(key)
        except (UnicodeDecodeError, TypeError, binascii.Error) as exc:
            raise AuthenticationFailed(INVALID) from exc
        candidates = (
            get_token_model()
            .objects.filter(token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH])
            .select_related("user")
        )
        for auth_token in candidates:
            if not compare_digest(digest, auth_token.digest):
                continue
            if auth_token.expiry is not None and auth_token.expiry <= timezone.now():
                raise AuthenticationFailed(
                    expired_message(auth_token.expiry), code="token_expired"
                )
            return self.validate_user(auth_token)
        raise AuthenticationFailed(INVALID)
