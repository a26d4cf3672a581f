"""API viewsets: anonymous reads, staff writes, CSV and GeoJSON lists, aggregates."""

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_view
from rest_framework import generics, permissions, status, viewsets
from rest_framework.response import Response

from .. import selectors
from ..caching.answers import (
    api_policy,
    cached_body,
    cached_json,
    content_type,
    refuse_unknown,
)
from ..caching.paging import query_key
from ..caching.store import cached
from ..filters import MeetingFilterSet, ProjectFilterSet
from ..lookups import SLUG_PATTERN, phase_lookup
from ..models import Citation, Indicator, Meeting, Phase, Project, Sector, Source
from . import serializers as s
from .pagination import GeoJSONPagination
from .renderers import CSVRenderer, ExportRenderer, GeoJSONRenderer
from .schema import PHASE_LOOKUP, list_schema, lookup_schemas, write_schemas

WRITE_METHODS = {"POST", "PUT", "PATCH"}
# Project filters whose values are free (text, amounts, dates): answers that use
# them are computed, not kept.
FREE_PROJECT_PARAMS = ("q", "min_cost", "max_cost", "started_after", "started_before")

CITATIONS = Prefetch("citations", queryset=Citation.objects.select_related("source"))


class RecordViewSet(viewsets.ModelViewSet):
    """Reads for everyone; writes validated like the admin, answered in the read
    shape, and recorded in the history with their user.

    `serializer_class` is the list shape; `detail_serializer_class` the one-record
    shape; `write_serializer_class` takes plain values for create and update.
    """

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    detail_serializer_class = None
    write_serializer_class = None
    detail_queryset = None
    export_renderer_classes = (CSVRenderer,)
    # The list's parameters (caching.answers); set per viewset from its filters.
    cache_policy = api_policy()

    def get_queryset(self):
        if self.action != "list" and self.detail_queryset is not None:
            return self.detail_queryset.all()
        return super().get_queryset()

    def get_serializer_class(self):
        # The method as well as the action: the browsable API's forms and OPTIONS
        # ask for a serializer under a cloned POST or PUT request.
        writing = self.request is not None and self.request.method in WRITE_METHODS
        if writing or self.action in {"create", "update", "partial_update"}:
            return self.write_serializer_class
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers += [renderer() for renderer in self.export_renderer_classes]
        return renderers

    def list(self, request, *args, **kwargs):
        refuse_unknown(request, self.cache_policy)
        renderer = request.accepted_renderer
        if isinstance(renderer, ExportRenderer):
            queryset = self.filter_queryset(self.get_queryset())
            return renderer.streaming_response(
                queryset, self.get_serializer(), basename=self.basename
            )
        page = cached_json(
            self,
            request,
            f"{self.basename}-page",
            lambda: super(RecordViewSet, self).list(request, *args, **kwargs).data,
            self.cache_policy,
        )
        return page or super().list(request, *args, **kwargs)

    def _read(self, instance, status_code=status.HTTP_200_OK):
        # Read back through the detail queryset, for its annotations and prefetches.
        queryset = (
            self.queryset if self.detail_queryset is None else self.detail_queryset
        )
        serializer_class = self.detail_serializer_class or self.serializer_class
        serializer = serializer_class(
            queryset.get(pk=instance.pk), context=self.get_serializer_context()
        )
        return Response(serializer.data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(serializer.save(), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(
            self.get_object(), data=request.data, partial=partial
        )
        serializer.is_valid(raise_exception=True)
        return self._read(serializer.save())

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        instance.delete()


@extend_schema_view(
    list=list_schema(s.ProjectSerializer, formats=("csv", "geojson")),
    **write_schemas(s.ProjectDetailSerializer),
)
class ProjectViewSet(RecordViewSet):
    """CPEC projects. Filter with the query parameters; ?format=csv or geojson."""

    queryset = selectors.project_list_rows()
    detail_queryset = selectors.project_detail_queryset()
    serializer_class = s.ProjectSerializer
    detail_serializer_class = s.ProjectDetailSerializer
    write_serializer_class = s.ProjectWriteSerializer
    filterset_class = ProjectFilterSet
    export_renderer_classes = (CSVRenderer, GeoJSONRenderer)
    cache_policy = api_policy(ProjectFilterSet, free=FREE_PROJECT_PARAMS)

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, GeoJSONRenderer):
            refuse_unknown(request, self.cache_policy)
            return self._geojson(request)
        return super().list(request, *args, **kwargs)

    def _geojson(self, request):
        """One page of features, its bytes cached until the data changes.

        All 100,000 features of a large tracker would be tens of megabytes for
        every request; pages of GEOJSON_PAGE_SIZE with links to the next keep
        each answer bounded and cacheable.
        """
        renderer = request.accepted_renderer
        paginator = GeoJSONPagination()

        def build() -> bytes:
            located = (
                self.filter_queryset(self.get_queryset())
                .filter(selectors.located_q())
                .only(*selectors.PROJECT_LIST_FIELDS, "route")
            )
            page = paginator.paginate_queryset(located, request, view=self)
            serializer = self.get_serializer()
            rows = (
                serializer.to_representation(obj) | {"route": obj.route} for obj in page
            )
            return "".join(
                renderer.stream(rows, serializer, paging=paginator.geojson_members())
            ).encode(renderer.charset)

        body = cached_body("geojson", request, build, self.cache_policy)
        response = HttpResponse(body, content_type=content_type(renderer))
        response["Content-Disposition"] = (
            f'{renderer.disposition}; filename="{self.basename}.{renderer.format}"'
        )
        return response


@extend_schema_view(
    list=list_schema(s.PhaseSerializer),
    **lookup_schemas(PHASE_LOOKUP),
    **write_schemas(s.PhaseSerializer, parameters=[PHASE_LOOKUP]),
)
class PhaseViewSet(RecordViewSet):
    """Phases of CPEC, with the tracked projects' count and known cost."""

    queryset = selectors.with_project_totals(
        Phase.objects.prefetch_related("focus_sectors")
    ).order_by("number")
    serializer_class = s.PhaseSerializer
    write_serializer_class = s.PhaseWriteSerializer

    def get_object(self):
        value = self.kwargs[self.lookup_field]
        lookup = phase_lookup(value) or {"slug": value}
        obj = get_object_or_404(self.get_queryset(), **lookup)
        self.check_object_permissions(self.request, obj)
        return obj


@extend_schema_view(
    list=list_schema(s.SectorSerializer), **write_schemas(s.SectorSerializer)
)
class SectorViewSet(RecordViewSet):
    """Sectors, with the colour charts use and the tracked projects' totals."""

    queryset = selectors.with_project_totals(Sector.objects.all()).order_by(
        "name", "id"
    )
    serializer_class = s.SectorSerializer
    write_serializer_class = s.SectorWriteSerializer


@extend_schema_view(
    list=list_schema(s.MeetingSerializer),
    **write_schemas(s.MeetingDetailSerializer),
)
class MeetingViewSet(RecordViewSet):
    """Meetings that steer CPEC, with their linked projects."""

    queryset = Meeting.objects.select_related("phase").prefetch_related("projects")
    detail_queryset = queryset.prefetch_related(CITATIONS)
    serializer_class = s.MeetingSerializer
    detail_serializer_class = s.MeetingDetailSerializer
    write_serializer_class = s.MeetingWriteSerializer
    filterset_class = MeetingFilterSet
    cache_policy = api_policy(MeetingFilterSet)


@extend_schema_view(
    list=list_schema(s.SourceSerializer), **write_schemas(s.SourceDetailSerializer)
)
class SourceViewSet(RecordViewSet):
    """Sources of the facts; the detail holds the full text where it is kept."""

    queryset = Source.objects.annotate(citation_count=Count("citations")).order_by(
        "title", "id"
    )
    # The first SUPPORTS_SHOWN citations (a synthetic source supports every
    # synthetic project), each with its record: one query per kind of record.
    detail_queryset = queryset.prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("content_type").prefetch_related(
                "content_object"
            )[: selectors.SUPPORTS_SHOWN],
            to_attr="shown_citations",
        )
    )
    serializer_class = s.SourceSerializer
    detail_serializer_class = s.SourceDetailSerializer
    write_serializer_class = s.SourceWriteSerializer


@extend_schema_view(
    list=list_schema(s.IndicatorSerializer),
    **write_schemas(s.IndicatorDetailSerializer),
)
class IndicatorViewSet(RecordViewSet):
    """Headline figures that are not projects, such as trade totals."""

    queryset = Indicator.objects.all()
    detail_queryset = queryset.prefetch_related(CITATIONS)
    serializer_class = s.IndicatorSerializer
    detail_serializer_class = s.IndicatorDetailSerializer
    write_serializer_class = s.IndicatorWriteSerializer


class StatsView(generics.GenericAPIView):
    """Project counts and known cost by sector, phase, status and province.

    Takes the project filters, so /api/stats/?phase=2 describes Phase II alone.
    """

    queryset = Project.objects.all()
    filterset_class = ProjectFilterSet
    serializer_class = s.StatsSerializer
    pagination_class = None
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]

    cache_policy = api_policy(
        ProjectFilterSet, free=FREE_PROJECT_PARAMS, extra=("format",)
    )

    def get(self, request, *args, **kwargs):
        refuse_unknown(request, self.cache_policy)
        page = cached_json(self, request, "stats-page", self._data, self.cache_policy)
        return page or Response(self._data())

    def _data(self) -> dict:
        # Keyed by the query, so addresses that filter alike share the figures.
        projects = self.filter_queryset(self.get_queryset())
        stats = cached(
            "stats",
            lambda: selectors.project_stats(projects=projects),
            query_key(projects.order_by()),
        )
        return self.get_serializer(stats).data
