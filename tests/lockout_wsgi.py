"""The site's WSGI app for the lockout drill, noting each password check in a file.

ModelBackend.authenticate is where a password is compared (or, for an unknown
user, hashed to take the same time); a sign-in refused by the lockout never
reaches it. Each call appends a line to $LOCKOUT_DRILL_CHECKS.
"""

import os

# isort: off
from cpec_site.wsgi import application  # Sets Django up, so it comes first.
from django.contrib.auth.backends import ModelBackend

# isort: on

_authenticate = ModelBackend.authenticate


def _counted(self, request, username=None, password=None, **kwargs):
    with open(os.environ["LOCKOUT_DRILL_CHECKS"], "a") as checks:
        checks.write(f"{username!r}\n")
    return _authenticate(self, request, username, password, **kwargs)


ModelBackend.authenticate = _counted

__all__ = ["application"]
