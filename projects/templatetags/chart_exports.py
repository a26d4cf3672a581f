"""{% chart_exports chart as exports %}: a chart card's share link, embed snippet
and provenance (projects.site.embed.chart_exports)."""

from django import template

from ..site.embed import chart_exports as exports_for

register = template.Library()


@register.simple_tag(takes_context=True)
def chart_exports(context, chart) -> dict:
    return exports_for(context["request"], chart)
