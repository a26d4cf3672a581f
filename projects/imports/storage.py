"""Where an uploaded import waits between its preview and its confirm.

import-export's TempFolderStorage keeps the file in the system temporary folder
under a name the confirm form sends back, so a tampered name could point at any
file there, and nothing removes a file whose preview is abandoned. This storage
keeps files in a folder of their own (IMPORT_TMP_DIR), names each with a random
hex token, never opens a name that is not one, and removes files older than
IMPORT_STALE_SECONDS whenever a new import starts.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from import_export.tmp_storages import TempFolderStorage

NAME = re.compile(r"[0-9a-f]{32}")


def import_folder() -> Path:
    return Path(settings.IMPORT_TMP_DIR)


def is_stored_name(name: object) -> bool:
    return isinstance(name, str) and NAME.fullmatch(name) is not None


class ImportFileStorage(TempFolderStorage):
    """An uploaded file in IMPORT_TMP_DIR, named by a random token."""

    def save(self, data) -> None:
        folder = import_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.name:
            self.name = uuid.uuid4().hex
        if isinstance(data, bytes):
            self.get_full_path().write_bytes(data)
        else:
            self.get_full_path().write_text(data, encoding=self.encoding)

    def get_full_path(self) -> Path:
        if not is_stored_name(self.name):
            raise FileNotFoundError(f"Not an import file name: {self.name!r}")
        return import_folder() / self.name

    def exists(self) -> bool:
        return is_stored_name(self.name) and self.get_full_path().is_file()

    def remove(self) -> None:
        if is_stored_name(self.name):
            self.get_full_path().unlink(missing_ok=True)


def remove_stored(name: str | None) -> None:
    if name:
        ImportFileStorage(name=name).remove()


def remove_stale(max_age: float | None = None) -> list[str]:
    """Remove files older than ``max_age`` seconds (abandoned previews)."""
    if max_age is None:
        max_age = settings.IMPORT_STALE_SECONDS
    cutoff = time.time() - max_age
    removed = []
    try:
        entries = list(os.scandir(import_folder()))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if is_stored_name(entry.name) and entry.stat().st_mtime < cutoff:
            Path(entry.path).unlink(missing_ok=True)
            removed.append(entry.name)
    return removed
