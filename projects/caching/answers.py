"""The API's answers, their bytes kept until the data changes.

The API keeps its own answers, inside the view, so that its throttles count a
repeat too. An endpoint declares its parameters as a page does (policy.py): an
unknown one is refused with a 400 that names it, and an answer is kept only when
every parameter it carries has a bounded set of values, under a key made of the
normalised parameters, so no client can mint entries.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from .policy import PagePolicy, in_normal_form
from .revalidate import remember
from .store import cached_bytes, mark_kept

# What every list answers to besides its filters.
# Shape a CSV export only (which is streamed, never kept): never part of a key.
EXPORT_PARAMS = ("bom", "headers")
LIST_PARAMS = ("page", "page_size", "format", *EXPORT_PARAMS)
# Every endpoint's: the language of its labels and messages (api/language.py).
# Bounded: a value that is not one of the site's languages is refused.
LANG_PARAM = "lang"


def api_policy(filterset_class=None, *, free=(), extra=LIST_PARAMS) -> PagePolicy:
    """A list's parameters: its filters and paging; `free` ones are never kept."""
    names = {*extra, LANG_PARAM}
    if filterset_class is not None:
        names |= set(filterset_class.base_filters)
    free = {*free, *EXPORT_PARAMS}
    return PagePolicy(frozenset(names), frozenset(names - set(free)))


# A record's address names it; it reads its format and language alone.
DETAIL_POLICY = api_policy(extra=("format",))


def refuse_unknown(request, policy: PagePolicy) -> None:
    """A 400 naming each parameter the endpoint does not take."""
    errors = {}
    unknown = sorted(set(request.query_params) - policy.params)
    if unknown:
        allowed = ", ".join(sorted(policy.params))
        message = _("Unknown parameter. Allowed: %(allowed)s.") % {"allowed": allowed}
        errors = {name: [message] for name in unknown}
    languages = [code for code, _name in settings.LANGUAGES]
    lang = request.query_params.get(LANG_PARAM)
    if lang is not None and lang.strip().lower() not in languages:
        errors[LANG_PARAM] = [
            _("Unknown language. Allowed: %(allowed)s.")
            % {"allowed": ", ".join(languages)}
        ]
    if errors:
        raise serializers.ValidationError(errors)


def content_type(renderer) -> str:
    if renderer.charset:
        return f"{renderer.media_type}; charset={renderer.charset}"
    return renderer.media_type


def cached_body(name: str, request, build, policy: PagePolicy) -> bytes:
    """build()'s bytes for this query and media type, kept until the data changes.

    For answers that follow from the data and the request's address alone (its
    scheme and host are in every link). build() runs the filters and the
    paginator, which raise on bad input, so a refused request stores nothing.
    """
    query = policy.normalise(request.query_params)
    if not policy.may_store(query):
        return build()
    if in_normal_form(query, request.META.get("QUERY_STRING", "")):
        mark_kept(request)
    address = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            query.urlencode(),
            request.accepted_media_type,
        ]
    )
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()

    def build_once() -> bytes:
        body = build()
        # Asked for and kept: rebuilt ahead of the readers after the next write.
        remember(request._request)
        return body

    return cached_bytes(name, build_once, digest)


def cached_json(view, request, name: str, build_data, policy) -> HttpResponse | None:
    """The JSON of build_data(), rendered once per version of the data.

    A repeat costs one cache read, after the throttles, instead of filtering,
    querying and serialising. None for the browsable API, which shows forms, the
    user and a CSRF token: the caller renders that itself.
    """
    renderer = request.accepted_renderer
    if type(renderer) is not JSONRenderer:
        return None

    def build() -> bytes:
        context = view.get_renderer_context()
        return renderer.render(build_data(), request.accepted_media_type, context)

    body = cached_body(name, request, build, policy)
    return HttpResponse(body, content_type=content_type(renderer))
