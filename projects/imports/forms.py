"""The import form's limits, and a confirm form that takes nothing on trust."""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from import_export.forms import ConfirmImportForm, ImportForm

from .storage import ImportFileStorage, is_stored_name

GONE = (
    "The uploaded file for this import is no longer here (imports not confirmed "
    "within an hour are removed). Upload it again."
)


def read_dataset(input_format, data):
    """The rows of ``data`` as a tablib Dataset, or None if it cannot be read."""
    try:
        return input_format.create_dataset(data)
    except Exception:  # import-export reports the reason itself
        return None


class LimitedImportForm(ImportForm):
    """The upload form, refusing a file over IMPORT_MAX_BYTES or IMPORT_MAX_ROWS."""

    def __init__(self, formats, resources, *, refused=None, encoding=None, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.refused = refused or {}
        self.encoding = encoding
        self.row_count = None

    def clean(self):
        cleaned = super().clean()
        refused = self.refused.get("import_file")
        if refused:
            self.errors.pop("import_file", None)
            self.errors.pop("format", None)
            self.add_error("import_file", too_big(refused["name"], refused["size"]))
            return cleaned
        upload = cleaned.get("import_file")
        if upload is None or "format" not in cleaned:
            return cleaned
        if upload.size > settings.IMPORT_MAX_BYTES:
            self.add_error("import_file", too_big(upload.name, upload.size))
            return cleaned
        input_format = self.formats[int(cleaned["format"])](encoding=self.encoding)
        data = b"".join(upload.chunks())
        upload.seek(0)
        if not input_format.is_binary():
            data = data.decode(self.encoding or "utf-8", errors="replace")
        dataset = read_dataset(input_format, data)
        self.row_count = len(dataset) if dataset is not None else None
        if self.row_count is not None and self.row_count > settings.IMPORT_MAX_ROWS:
            self.add_error(
                "import_file",
                f"{upload.name} has {self.row_count:,} rows; an import takes at "
                f"most {settings.IMPORT_MAX_ROWS:,}. Split it into smaller files.",
            )
        return cleaned


def too_big(name: str, size: int) -> str:
    return (
        f"{name} is {filesizeformat(size)}; an import takes files of at most "
        f"{filesizeformat(settings.IMPORT_MAX_BYTES)}. Split it into smaller files."
    )


def clean_file_name(value: str) -> str:
    """The name the editor's file had, as plain text: no folders, no controls."""
    name = value.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:200]


class CheckedConfirmImportForm(ConfirmImportForm):
    """The preview's hidden fields, checked: a stored file, a known format.

    import-export takes the file name from the form and opens it, so an edited
    name would read another file or fail with a 500; this form accepts only the
    name of a file in the import folder, and formats and resources by index.
    """

    def __init__(self, *, formats, resources, encoding=None, **kwargs):
        super().__init__(**kwargs)
        self.formats = formats
        self.encoding = encoding
        self.fields["format"] = forms.TypedChoiceField(
            choices=[(str(i), f().get_title()) for i, f in enumerate(formats)],
            coerce=int,
            widget=forms.HiddenInput(),
        )
        self.fields["resource"] = forms.TypedChoiceField(
            choices=[("", "")]
            + [(str(i), r.__name__) for i, r in enumerate(resources)],
            coerce=int,
            empty_value=0,
            required=False,
            widget=forms.HiddenInput(),
        )
        self.dataset = None

    def clean_import_file_name(self):
        name = self.cleaned_data["import_file_name"]
        if not is_stored_name(name) or not ImportFileStorage(name=name).exists():
            raise forms.ValidationError(GONE, code="gone")
        return name

    def clean_original_file_name(self):
        name = clean_file_name(self.cleaned_data["original_file_name"])
        if not name:
            raise forms.ValidationError("The file name is missing.", code="blank")
        return name

    def clean(self):
        cleaned = super().clean()
        if {"import_file_name", "format"} - cleaned.keys():
            return cleaned
        input_format = self.formats[cleaned["format"]](encoding=self.encoding)
        storage = ImportFileStorage(
            name=cleaned["import_file_name"],
            encoding=None if input_format.is_binary() else self.encoding,
            read_mode=input_format.get_read_mode(),
        )
        try:
            data = storage.read()
        except (OSError, UnicodeDecodeError):
            data = None
        self.dataset = read_dataset(input_format, data) if data is not None else None
        if self.dataset is None:
            self.add_error(None, GONE)
        return cleaned

    @property
    def row_count(self) -> int:
        return len(self.dataset) if self.dataset is not None else 0
