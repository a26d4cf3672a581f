"""Every public page, read from the URL conf, for the checks that visit them all.

A page added to projects/site/urls.py is checked as soon as it exists: one
without arguments as it is, one with arguments once SAMPLE_ARGS names a record
of the test corridor (tests/site/conftest.py) for it.
"""

import pytest
from django.urls import NoReverseMatch, URLPattern, reverse

from projects.site import urls as site_urls

# Records of the test corridor, one per kind of detail page.
SAMPLE_ARGS = {
    "project-detail": {"slug": "sahiwal"},
    "phase-detail": {"slug": "phase-i"},
    "sector-detail": {"slug": "energy"},
    "meeting-detail": {"slug": "jcc-14"},
    "embed": {"chart": "map"},
}
# Pages that need a query to show what they are for.
QUERIES = {"search": "?q=ML-1"}
# Routes that answer with something other than an HTML page.
NOT_PAGES = {
    "data-file": "a file download",
    "health": "JSON for the load balancer",
}
# Pages being added; until their route exists they are skipped, not failed.
EXPECTED = ["about", "search", "embed"]
# Outside projects.site, or a state of a page worth its own visit.
EXTRA = [
    "/api/",
    "/projects/?min_cost=abc&status=planned",
    "/?phase=phase-ii",
]


def _params():
    params, seen = [], set()
    for pattern in site_urls.urlpatterns:
        if not isinstance(pattern, URLPattern) or pattern.name in NOT_PAGES:
            continue
        name = f"{site_urls.app_name}:{pattern.name}"
        seen.add(pattern.name)
        kwargs = SAMPLE_ARGS.get(pattern.name)
        if pattern.pattern.converters and kwargs is None:
            reason = f"{name} takes arguments: name a record for it in SAMPLE_ARGS"
            params.append(pytest.param(name, id=name, marks=pytest.mark.skip(reason)))
            continue
        try:
            path = reverse(name, kwargs=kwargs) + QUERIES.get(pattern.name, "")
        except NoReverseMatch as error:
            reason = f"{name} does not reverse with {kwargs}: {error}"
            params.append(pytest.param(name, id=name, marks=pytest.mark.skip(reason)))
            continue
        params.append(pytest.param(path, id=path))
    for url_name in EXPECTED:
        if url_name not in seen:
            reason = f"projects:{url_name} is not in the URL conf yet"
            params.append(
                pytest.param(url_name, id=url_name, marks=pytest.mark.skip(reason))
            )
    params += [pytest.param(path, id=path) for path in EXTRA]
    return params


PUBLIC_PAGES = _params()
