"""Where django-dbbackup writes dumps: files readable by their owner only.

Django's FileSystemStorage with ``file_permissions_mode=0o600`` creates the file with
the process umask and changes its mode only after the last byte is written. Measured
under umask 022: the dump is 0644 for the whole write (0600 only after), and a
``backups/`` folder that already exists as 0755 keeps it reachable by every local user
meanwhile. A dump holds password hashes and the digests of API tokens, so the file is
created 0600.
"""

import os

from django.core.files.storage import FileSystemStorage


class OwnerOnlyStorage(FileSystemStorage):
    """FileSystemStorage whose new files and folders are never open to others, not
    even while being written (umask 077 around the save). The umask is
    process-wide: this storage is only for the backup commands, never for requests."""

    def __init__(self, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    def _save(self, name, content):
        previous = os.umask(0o077)
        try:
            return super()._save(name, content)
        finally:
            os.umask(previous)
