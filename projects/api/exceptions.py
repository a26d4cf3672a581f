"""Errors as JSON with a message: a broken rule is a 400 or a 409, never a 500."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import exceptions, renderers, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from .renderers import ExportRenderer

# django.shortcuts.get_object_or_404's message, which Django does not translate.
NO_MATCH = "No %s matches the given query."


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = gettext_lazy("The record is still referred to by others.")
    default_code = "conflict"


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("The request body is larger than the API accepts.")
    default_code = "request_too_large"


def _constraint_message(exc: Exception, model) -> str:
    """The violated constraint's own message, found by its name in the error."""
    text = str(exc)
    constraints = model._meta.constraints if model is not None else []
    for constraint in constraints:
        if constraint.name in text:
            return str(constraint.violation_error_message)
    return _("The change breaks a rule of the data and was not saved.")


def exception_handler(exc, context):
    view = context.get("view")
    model = getattr(getattr(view, "queryset", None), "model", None)
    if isinstance(exc, Http404) and model is not None:
        name = model._meta.object_name
        if str(exc) == NO_MATCH % name:
            # The same words in the client's language; the model's name stays.
            exc = exceptions.NotFound(
                _("No %(model)s matches the given query.") % {"model": name}
            )
    elif isinstance(exc, RequestDataTooBig):
        # Raised by HttpRequest.body as DRF reads the body to parse it; Django
        # would answer a bare 400 page.
        exc = RequestTooLarge(
            _("The request body is larger than the API accepts (%(limit)s bytes).")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        # Before IntegrityError, which both subclass.
        blocking = getattr(exc, "protected_objects", None) or getattr(
            exc, "restricted_objects", ()
        )
        exc = Conflict(
            ngettext(
                "This record is still referred to by %(count)s other record; "
                "change or delete it first.",
                "This record is still referred to by %(count)s other records; "
                "change or delete those first.",
                len(blocking),
            )
            % {"count": len(blocking)}
        )
    elif isinstance(exc, IntegrityError | DataError):
        # A race past full_clean(), or a rule only the database knows.
        exc = exceptions.ValidationError(
            {"non_field_errors": [_constraint_message(exc, model)]}
        )
    request = context.get("request")
    if request is not None and isinstance(
        getattr(request, "accepted_renderer", None), ExportRenderer
    ):
        # Errors are JSON even when a CSV or GeoJSON list was asked for.
        request.accepted_renderer = renderers.JSONRenderer()
        request.accepted_media_type = request.accepted_renderer.media_type
    return drf_exception_handler(exc, context)
