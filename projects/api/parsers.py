"""Request bodies the API reads: one it cannot take is a 400, never a 500.

json.loads raises RecursionError, which DRF's JSONParser does not catch, on a
body nested some thousands of levels deep. A body past
DATA_UPLOAD_MAX_MEMORY_SIZE never reaches a parser: DRF reads it through
HttpRequest.body, which refuses it, and api.exceptions makes that a 413.
DRF's "JSON parse error" is not marked for translation: it is said here in the
client's language (the parser's own explanation after it stays Python's).
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

PARSE_ERROR_PREFIX = "JSON parse error - "


def parse_error(detail: str) -> exceptions.ParseError:
    return exceptions.ParseError(
        _("JSON parse error - %(detail)s") % {"detail": detail}
    )


class JSONParser(parsers.JSONParser):
    """DRF's, with a body nested too deeply as a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise parse_error(_("the body is nested too deeply.")) from None
        except exceptions.ParseError as exc:
            detail = str(exc.detail)
            if not detail.startswith(PARSE_ERROR_PREFIX):
                raise
            raise parse_error(detail.removeprefix(PARSE_ERROR_PREFIX)) from None
