"""Refuse an uploaded file over IMPORT_MAX_BYTES while it arrives.

First in FILE_UPLOAD_HANDLERS, so it runs before Django keeps the file in memory
or writes it to a temporary file. A file whose request is already declared too
large is skipped at its first byte; one that grows past the limit is skipped
when it does. Skipped, its bytes are read and discarded, never stored, and the
rest of the form (the CSRF token, the format) still arrives, so the form can
say why the file is missing. The refusal is noted on the request by field name.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

# Room for the other fields and the multipart boundaries in a declared length.
FORM_OVERHEAD_BYTES = 64 * 1024


def refused_uploads(request) -> dict[str, dict]:
    """The files refused in this request: field name -> {"name", "size"}."""
    return getattr(request, "_refused_uploads", {})


class SizeLimitUploadHandler(FileUploadHandler):
    """Skips any uploaded file larger than IMPORT_MAX_BYTES."""

    declared = 0

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        self.declared = content_length or 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        if self.declared > settings.IMPORT_MAX_BYTES + FORM_OVERHEAD_BYTES:
            self._refuse(self.declared)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMPORT_MAX_BYTES:
            self._refuse(self.received)
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self, size: int):
        if self.request is not None:
            if not hasattr(self.request, "_refused_uploads"):
                self.request._refused_uploads = {}
            self.request._refused_uploads[self.field_name] = {
                "name": self.file_name,
                "size": size,
            }
        raise SkipFile
