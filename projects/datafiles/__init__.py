"""The curated data as reviewable YAML files: load them into the database, export back.

Layout under ``fixtures/data/``: ``sources.yaml``, ``sectors.yaml``, ``phases.yaml``,
``meetings.yaml``, ``indicators.yaml`` and ``projects/<slug>.yaml``. Loading runs every
record through ``full_clean()`` (field validation, ``clean()`` and the named database
constraints, as the admin and the API do), checks that each figure equals its headline
citation and rests on a non-reference source, and commits all or nothing. An error
names the file, the record and the field. Exporting writes the same files back in one
canonical form, so load then export gives identical bytes and an admin edit shows up
as a diff of one file.
"""

from .export import conflicts_markdown, export_data, export_rows
from .files import DATA_DIR, DataFileError, dump_yaml, read_yaml
from .load import Loader, load_data

__all__ = [
    "DATA_DIR",
    "DataFileError",
    "Loader",
    "conflicts_markdown",
    "dump_yaml",
    "export_data",
    "export_rows",
    "load_data",
    "read_yaml",
]
