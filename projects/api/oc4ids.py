"""/api/oc4ids/: every project as an OC4IDS 0.9.5 project package (JSON).

Named after the standard, as its publishers' endpoints are; the package is built
from the data by projects.exports.oc4ids and its bytes kept until the data changes.
"""

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from ..caching.answers import api_policy, cached_body, content_type, refuse_unknown
from ..exports.oc4ids import oc4ids_package


def package_uri(request) -> str:
    return request.build_absolute_uri(reverse("api-oc4ids"))


class OC4IDSView(APIView):
    """The projects in the Open Contracting for Infrastructure Data Standard."""

    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head", "options"]
    cache_policy = api_policy(extra=())

    @extend_schema(
        summary="Every project as an OC4IDS 0.9.5 project package",
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="An OC4IDS project package (project-package-schema.json "
                "of OC4IDS 0.9.5).",
            )
        },
    )
    def get(self, request, *args, **kwargs):
        refuse_unknown(request, self.cache_policy)
        renderer = request.accepted_renderer

        def build() -> bytes:
            return renderer.render(oc4ids_package(package_uri(request)))

        body = cached_body("oc4ids", request, build, self.cache_policy)
        response = HttpResponse(body, content_type=content_type(renderer))
        response["Content-Disposition"] = 'inline; filename="cpec-oc4ids.json"'
        return response
