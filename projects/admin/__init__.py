"""Django admin for the editors: sources inline, history with diffs and revert.

- forms: constraint errors shown on their field; citation forms and formsets.
- base: TrackedAdmin (history, revert, saves through services) and the citation inline.
- records, sources: one admin per model.
- resources: CSV import and export of projects (django-import-export).
"""

from . import records, sources  # noqa: F401  (registers the admins)
