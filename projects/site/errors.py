"""Error pages: the site's own design for people, JSON for API clients, no trace."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _render(request, template: str, status: int, message: str, headers=None):
    if _is_api(request):
        response = JsonResponse({"detail": message}, status=status)
    else:
        # No request context: an error page must not touch the session or the
        # database, which may be what failed.
        body = loader.get_template(template).render({"message": message})
        response = HttpResponse(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def page_not_found(request, exception=None):
    return _render(request, "404.html", 404, _("Not found."))


def server_error(request):
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN) or (
        isinstance(exc, DatabaseError) and "statement timeout" in str(exc)
    ):
        logger.warning("database unavailable: %s", exc.__class__.__name__)
        return _render(
            request,
            "503.html",
            503,
            _("The database is not answering. Please try again in a minute."),
            headers={"Retry-After": "30"},
        )
    return _render(request, "500.html", 500, _("Something went wrong on our side."))
