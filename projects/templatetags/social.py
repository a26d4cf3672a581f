"""{% block_text "title" %}: the plain text a page's block renders to, so the
og: and twitter: tags in base.html repeat each page's own title and description
without every page naming them twice."""

import html

from django import template
from django.conf import settings
from django.template.base import NodeList
from django.template.loader_tags import BlockNode
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context, name: str) -> str:
    # A BlockNode renders the most derived override of its name (base.html's own
    # when no page overrides it); its markup is dropped, its text unescaped here
    # and escaped again where the tag's value is printed.
    rendered = BlockNode(name, NodeList()).render(context)
    return " ".join(html.unescape(strip_tags(rendered)).split())


@register.simple_tag(takes_context=True)
def page_url(context) -> str:
    """The page's absolute address with only the parameters it reads.

    The cache middleware has normalised request.GET by then, so a link that
    arrived with tracking parameters is shared, and cached, without them.
    """
    request = context["request"]
    query = request.GET.urlencode()
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """This page in each of the site's languages, with the same parameters.

    For the language switch and the hreflang links; an address that does not
    resolve (a 404) keeps its path.
    """
    request = context["request"]
    query = request.GET.urlencode()
    path = request.path + (f"?{query}" if query else "")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute": request.build_absolute_uri(url),
                "current": code == current,
                "bidi": translation.get_language_info(code)["bidi"],
            }
        )
    return links
