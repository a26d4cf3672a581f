"""Django admin for the editors: sources inline, history with diffs and revert.

- forms: constraint errors shown on their field; citation forms and formsets.
- base: TrackedAdmin (history, revert, saves through services) and the citation inline.
- records, sources: one admin per model.
- resources: CSV import and export of projects (django-import-export).
- imports: the import's limits, clean-up and background jobs (ImportJob pages).
- tokens: API tokens, listed without their keys, revoked by deleting.
"""

from django.contrib import admin

from . import imports, records, sources, tokens  # noqa: F401  (registers the admins)

# The default site keeps its URLs (cpec_site.urls); only its names change.
admin.site.site_header = "CPEC Tracker administration"
admin.site.site_title = "CPEC Tracker administration"
admin.site.index_title = "Curate projects, sources and their history"
