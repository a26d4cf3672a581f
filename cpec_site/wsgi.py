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


def _load_what_a_first_request_would() -> None:
    """The cache's client (django-redis, redis-py) and the interface's catalogues
    are otherwise loaded on first use, by each worker, again after every worker
    replaced at max_requests (a tenth of a second and more, measured). Nothing
    here connects: the cache connects on first use, in the worker."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.module_loading import import_string

    import_string(settings.CACHES["default"]["BACKEND"])
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Projects")


_load_what_a_first_request_would()
