"""The admin's CSV import kept in bounds: size and row limits, the uploaded file
kept only while a preview waits for its confirm, large files run as jobs.

- uploads: refuses an upload over IMPORT_MAX_BYTES as it arrives, before it is stored.
- storage: the one folder where import-export keeps a file between preview and
  confirm, names it can check, and removal of abandoned files.
- forms: the import form's limits and a confirm form that refuses tampered fields.
- jobs: previews and imports above IMPORT_BACKGROUND_ROWS run in a background
  thread, recorded as an ImportJob with their progress.
"""
