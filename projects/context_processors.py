"""Template context shared by every page."""

from django.utils import timezone

from . import selectors
from .caching.store import cached
from .caching.version import version_key


def synthetic_notice(request) -> dict:
    """How many synthetic projects exist, for the notice on every page.

    A callable, which templates call when they use it: a page that does not show
    the notice (the admin's) pays nothing; cached until the data changes.
    """

    def count() -> int:
        return cached("synthetic-count", selectors.synthetic_project_count)

    # For fragment caches: the version (pinned for the request, so no query) and
    # the day, by which the timeline tells planned from past completions.
    return {
        "synthetic_project_count": count,
        "data_version": version_key,
        "data_day": timezone.localdate,
    }
