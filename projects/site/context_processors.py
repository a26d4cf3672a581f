"""Template context shared by every page."""

from .. import selectors
from ..caching.store import cached, data_key


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
