"""Settings: `base` is what production runs (manage.py and wsgi default to it), `test`
is the suite's (pyproject.toml points pytest at it)."""
