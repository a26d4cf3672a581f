"""Template context shared by every page."""

import datetime

from .. import selectors
from ..caching.store import cached, data_key
from ..caching.version import last_updated


def synthetic_notice(request) -> dict:
    """How many synthetic projects exist, for the notice on every page.

    A callable, which templates call when they use it: a page that does not show
    the notice (the admin's) pays nothing; cached until the data changes.
    """

    def count() -> int:
        return cached("synthetic-count", selectors.synthetic_project_count)

    # For fragment caches: the release and the data version (pinned for the
    # request, so no query).
    return {
        "synthetic_project_count": count,
        "data_version": data_key,
    }


def last_update(request) -> dict:
    """The data version and the time of the last committed write, for the footer.

    A callable, like the notice's count: read when a template shows it, at most
    once a request (none inside the pinned version of a public read). The pages
    are kept by data version, so a kept page never shows an older one.
    """
    found: list[dict] = []

    def read() -> dict:
        if not found:
            version, at = last_updated()
            at = at.astimezone(datetime.UTC) if at else None
            found.append(
                {
                    "version": version,
                    "at": at,
                    "iso": at.isoformat(timespec="seconds") if at else "",
                    "text": f"{at:%Y-%m-%d %H:%M} UTC" if at else "",
                }
            )
        return found[0]

    return {"last_update": read}
