"""What every export says about itself: its source, licence, data version and date.

One wording for every form an export takes: drawn into a chart's PNG and SVG
(static/js/charts.js reads it from the chart card), the first lines of a chart's
CSV (projects.site.downloads), the API's CSV as HTTP headers (its first row is
the header row: a machine contract), and the bulk files' datapackage.json.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..caching.version import last_updated

SITE_NAME = "CPEC Tracker"
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Frictionless's licence entry (datapackage.json).
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": LICENCE_URL,
}


def source_line(url: str) -> str:
    return _("Source: %(site)s, %(url)s, from the sources cited there") % {
        "site": _(SITE_NAME),
        "url": url,
    }


def licence_line() -> str:
    return _("Licence: data %(name)s (%(url)s)") % {
        "name": LICENCE_NAME,
        "url": LICENCE_URL,
    }


def updated_text(changed: datetime.datetime | None) -> str:
    if changed is None:
        return _("never updated")
    moment = changed.astimezone(datetime.UTC)
    return _("last updated %(moment)s UTC") % {"moment": f"{moment:%Y-%m-%d %H:%M}"}


@dataclass(frozen=True)
class Provenance:
    """An export's source address, data version and time of the last update."""

    url: str
    version: int
    changed: datetime.datetime | None

    @classmethod
    def current(cls, url: str) -> Provenance:
        """For `url` at the current data version (pinned per request: no query)."""
        version, changed = last_updated()
        return cls(url, version, changed)

    @property
    def source(self) -> str:
        return source_line(self.url)

    @property
    def licence(self) -> str:
        return licence_line()

    @property
    def version_line(self) -> str:
        return _("Data version %(version)s, %(updated)s") % {
            "version": self.version,
            "updated": updated_text(self.changed),
        }

    @property
    def changed_iso(self) -> str:
        if self.changed is None:
            return ""
        return self.changed.astimezone(datetime.UTC).isoformat(timespec="seconds")

    def lines(self) -> list[str]:
        """The lines drawn under a chart, in order."""
        return [self.source, self.version_line, self.licence]

    def csv_preamble(self, title: str) -> list[list[str]]:
        """The rows a chart's CSV starts with, each a label and its value.

        Two cells a row, so a spreadsheet shows the label in column A and the
        text in column B; an empty row then separates them from the table.
        """
        return [
            ["Title", title],
            ["Source", f"{SITE_NAME}, {self.url}, from the sources cited there"],
            ["Licence", f"Data {LICENCE_NAME}, {LICENCE_URL}"],
            ["Data version", str(self.version)],
            ["Last updated", self.changed_iso or "never"],
            [],
        ]

    def http_headers(self, sources_url: str) -> dict[str, str]:
        """The same facts as HTTP headers, for a file whose first row is fixed."""
        links = [
            f'<{LICENCE_URL}>; rel="license"; title="{LICENCE_NAME}"',
            f'<{sources_url}>; rel="describedby"; title="Sources cited"',
        ]
        headers = {
            "Link": ", ".join(links),
            "X-Data-Source": f"{SITE_NAME}, {self.url}",
            "X-Data-Version": str(self.version),
        }
        if self.changed is not None:
            headers["X-Data-Updated"] = self.changed_iso
        return headers
