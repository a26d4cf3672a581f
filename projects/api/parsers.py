"""Request bodies the API reads: one it cannot take is a 400, never a 500.

json.loads raises RecursionError, which DRF's JSONParser does not catch, on a
body nested some thousands of levels deep. A body past
DATA_UPLOAD_MAX_MEMORY_SIZE never reaches a parser: DRF reads it through
HttpRequest.body, which refuses it, and api.exceptions makes that a 413.
"""

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's, with a body nested too deeply as a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                "JSON parse error - the body is nested too deeply."
            ) from None
