"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpec_site.settings.base")

application = get_wsgi_application()

# Import the URL conf, and with it every view, now: gunicorn loads this in its
# master (preload_app) and forks the workers from it, so no worker's first request
# pays for the imports (about a second each, measured).
get_resolver().url_patterns  # noqa: B018 (imports every view)
