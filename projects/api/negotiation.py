"""Content negotiation: an explicit format wins, else the Accept header by q-value.

DRF's default negotiation filters the renderers by `?format=` and then still
matches them against the Accept header, so a client that sends a generic header
(GDAL: `Accept: text/plain, application/json`) with `?format=geojson` gets a 406.
Here the format alone decides. Without a format the Accept header's media types
are tried by quality (q), then by how specific they are, then in the client's
order; a media type with q=0 is refused.
"""

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType


def quality(media_type: _MediaType) -> float:
    """The q parameter, 1 when absent; a malformed one counts as 0 (not wanted)."""
    value = media_type.params.get("q")
    if value is None:
        return 1.0
    try:
        q = float(value)
    except ValueError:
        return 0.0
    return q if 0.0 <= q <= 1.0 else 0.0


class FormatFirstNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        format_param = self.settings.URL_FORMAT_OVERRIDE
        format = format_suffix or request.query_params.get(format_param)
        if format:
            # An explicit format is a choice: the Accept header cannot veto it.
            renderer = self.filter_renderers(renderers, format)[0]
            return renderer, renderer.media_type
        return self._by_quality(request, renderers)

    def _by_quality(self, request, renderers):
        accepts = self._get_parsed_accept_list(request)
        if not accepts:
            # An empty or unreadable header says nothing: the default renderer.
            return renderers[0], renderers[0].media_type
        ranked = sorted(
            (
                (-quality(media_type), -media_type.precedence, index, media_type)
                for index, media_type in enumerate(accepts)
                if quality(media_type) > 0
            ),
            key=lambda item: item[:3],
        )
        for *_, wanted in ranked:
            for renderer in renderers:
                offered = _MediaType(renderer.media_type)
                if offered.match(wanted):
                    return renderer, self._accepted(renderer, offered, wanted)
        raise exceptions.NotAcceptable(available_renderers=renderers)

    @staticmethod
    def _accepted(renderer, offered: _MediaType, wanted: _MediaType) -> str:
        """The most specific media type, as DRF gives it (with the client's
        parameters, such as indent, but not q)."""
        params = {k: v for k, v in wanted.params.items() if k != "q"}
        if offered.precedence > wanted.precedence or not params:
            base = renderer.media_type
        else:
            base = wanted.full_type
        return ";".join((base, *(f"{k}={v}" for k, v in params.items())))
