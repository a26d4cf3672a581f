"""The public site: server-rendered pages, their filter forms, downloads and errors.

A request's path: urls -> views (thin: they validate the filters and call the
presenter in projects.dashboard, which reads projects.selectors and builds
projects.charts) -> templates. Template tags stay in projects.templatetags, where
Django finds an app's tag libraries.
"""
