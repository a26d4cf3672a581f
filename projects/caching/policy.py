"""Each public page's cache policy, declared on its view in one line.

A page names the query parameters it reads; the middleware drops every other
one before the view runs, so a shared link with tracking parameters is the same
page, under the same ETag and the same stored entry. Parameters with a bounded
set of valid values (a sector, a phase, an ordering, a page number) may be part
of a stored page's key; a page that carries any other (free text, a number, a
date) is answered with its ETag but not stored, and so is a page whose view
found a parameter invalid (not_stored). So no client can mint stored entries:
there are at most as many as there are valid combinations of bounded values.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.http import QueryDict
from django.urls import Resolver404, resolve


@dataclass(frozen=True)
class PagePolicy:
    params: frozenset[str]
    bounded: frozenset[str]

    def normalise(self, query: QueryDict) -> QueryDict:
        """The known parameters with a value, in name order."""
        kept = QueryDict(mutable=True)
        for name in sorted(self.params.intersection(query)):
            values = [value for value in query.getlist(name) if value != ""]
            if values:
                kept.setlist(name, values)
        kept._mutable = False
        return kept

    def may_store(self, query: QueryDict) -> bool:
        return self.bounded.issuperset(query)


def in_order(raw: str) -> str:
    """A query string with its parameters in name order, each name's values in
    the order sent: `?status=x&province=y` and `?province=y&status=x` ask the
    same question. Cheap enough for every request (no URL resolving)."""
    if "&" not in raw:
        return raw
    pairs = parse_qsl(raw, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def in_normal_form(query: QueryDict, raw: str) -> bool:
    """The query string as sent holds the normalised parameters alone, in any
    order, no value twice (so `?format=json&&`, `?a=1&a=1` or `?a=1&x=2` is not
    an address of its own)."""
    lists = query.lists()
    once = all(len(set(values)) == len(values) for _name, values in lists)
    return once and query.urlencode() == in_order(raw)


def page_cache(params: Iterable[str] = (), *, bounded: Iterable[str] | None = None):
    """Declare a page's parameters (and which of them have bounded values)."""
    params = frozenset(params)
    policy = PagePolicy(params, params if bounded is None else frozenset(bounded))

    def decorate(view):
        view.cache_policy = policy
        return view

    return decorate


def policy_for(request) -> PagePolicy | None:
    """The policy of the view this address leads to; None if it declares none."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return getattr(match.func, "cache_policy", None)


def not_stored(response):
    """Answer this response with its ETag but keep no copy (a refused parameter)."""
    response.cache_store = False
    return response


def refused(response):
    """A page whose filters were refused: a 400 that names them, never kept."""
    response.status_code = 400
    return not_stored(response)
