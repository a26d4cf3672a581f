"""The only code that caches.

- version: the data version, bumped after every committed write; it names every
  cached entry and ETag, so nothing cached is ever stale.
- store: values and answer bytes cached until the version changes.
- middleware: conditional GET and the whole-page store for public reads.
- paging: a paginator whose counts and id orders are cached.
"""
