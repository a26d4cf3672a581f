"""Settings for the test suite: production settings with a throwaway key.

The environment variables are set rather than the settings overridden, so that the
servers and commands the tests start in subprocesses run with the same values.
Plain `pytest` uses this module (pyproject.toml); `make test` runs the same.
"""

import os

for name, value in {
    "DJANGO_SECRET_KEY": "insecure-test-key-used-only-by-the-tests",
    "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "DJANGO_MANIFEST_STATIC": "false",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    # Import jobs run in the request, inside the test's transaction.
    "DJANGO_IMPORT_RUN_INLINE": "true",
    # A write is read back at once; the stale-while-revalidate tests turn it on.
    "DJANGO_DATA_STALE_SECONDS": "0",
}.items():
    os.environ.setdefault(name, value)

from cpec_site.settings.base import *  # noqa: E402, F403
