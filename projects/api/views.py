"""API viewsets: anonymous reads, staff writes, CSV and GeoJSON lists, aggregates."""

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import selectors
from ..caching.answers import (
    DETAIL_POLICY,
    api_policy,
    cached_body,
    cached_json,
    content_type,
    refuse_unknown,
)
from ..caching.middleware import is_public_read
from ..caching.paging import query_key
from ..caching.policy import PagePolicy
from ..caching.store import cached
from ..exports.listing import export_response
from ..filters import MeetingFilterSet
from ..lookups import SLUG_PATTERN, phase_lookup
from ..models import Citation, Indicator, Meeting, Phase, Project, Sector, Source
from . import serializers as s
from .conditional import check_if_match, item_etag, not_modified
from .filters import ProjectAPIFilterSet, multi_value_params
from .pagination import GeoJSONPagination
from .renderers import (
    CSVRenderer,
    ExportRenderer,
    GeoJSONRenderer,
    export_filename,
)
from .schema import PHASE_LOOKUP, list_schema, lookup_schemas, write_schemas

WRITE_METHODS = {"POST", "PUT", "PATCH"}
# Project filters whose values are free (text, amounts, dates): answers that use
# them are computed, not kept.
FREE_PROJECT_PARAMS = (
    "q",
    "min_cost",
    "max_cost",
    "started_after",
    "started_before",
    "modified_since",
)

CITATIONS = Prefetch("citations", queryset=Citation.objects.select_related("source"))


def refuse_repeated(request, multi: frozenset[str]) -> None:
    """A 400 naming each parameter given more than once that takes one value
    (generated clients send a list as repeated parameters: never keep the last)."""
    repeated = sorted(
        name
        for name in request.query_params
        if name not in multi and len(request.query_params.getlist(name)) > 1
    )
    if repeated:
        raise ValidationError(
            {
                name: [_("Give this parameter once: it takes one value.")]
                for name in repeated
            }
        )


def policy_for_request(request, policy: PagePolicy, multi: frozenset[str]):
    """The policy, with the multi-value parameters free when one carries several
    values: their lists and orders are not bounded, so such answers are not kept."""
    several = {
        name
        for name in multi
        if len([v for v in request.query_params.getlist(name) if v]) > 1
        or any("," in v for v in request.query_params.getlist(name))
    }
    if not several:
        return policy
    return PagePolicy(policy.params, policy.bounded - several)


def check_query(view, request) -> PagePolicy:
    """Unknown and repeated parameters refused; the policy this request uses."""
    refuse_unknown(request, view.cache_policy)
    filterset_class = getattr(view, "filterset_class", None)
    multi = multi_value_params(filterset_class) if filterset_class else frozenset()
    refuse_repeated(request, multi)
    return policy_for_request(request, view.cache_policy, multi)


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

    def listed_export_renderers(self):
        """The exports a list offers, for OPTIONS (api.metadata)."""
        return () if self.detail else self.export_renderer_classes

    def list(self, request, *args, **kwargs):
        policy = check_query(self, request)
        renderer = request.accepted_renderer
        if isinstance(renderer, ExportRenderer):
            if request.method != "HEAD":
                return export_response(self, request, policy, self.basename)
            # GET's headers without building the export: no row is read.
            queryset = self.filter_queryset(self.get_queryset()).none()
            return renderer.streaming_response(
                queryset, self.get_serializer(), basename=self.basename
            )
        page = cached_json(
            self,
            request,
            f"{self.basename}-page",
            lambda: super(RecordViewSet, self).list(request, *args, **kwargs).data,
            policy,
        )
        return page or super().list(request, *args, **kwargs)

    def _detail_data(self, instance):
        """The one-record shape, read through the detail queryset (annotations,
        prefetches): what a GET of the record gives."""
        queryset = (
            self.queryset if self.detail_queryset is None else self.detail_queryset
        )
        serializer_class = self.detail_serializer_class or self.serializer_class
        return serializer_class(
            queryset.get(pk=instance.pk), context=self.get_serializer_context()
        ).data

    def _read(self, instance, status_code=status.HTTP_200_OK):
        data = self._detail_data(instance)
        return Response(data, status=status_code, headers={"ETag": item_etag(data)})

    def retrieve(self, request, *args, **kwargs):
        """A public read's JSON is kept until the data changes, with the data
        version's weak ETag (the middleware's: a repeat is a 304 for one query);
        a signed-in client, who may write, gets the record's strong ETag."""
        if is_public_read(request):
            record = cached_json(
                self,
                request,
                f"{self.basename}-detail",
                lambda: self.get_serializer(self.get_object()).data,
                DETAIL_POLICY,
            )
            return record or super().retrieve(request, *args, **kwargs)
        data = self.get_serializer(self.get_object()).data
        etag = item_etag(data)
        response = not_modified(request, etag)
        if response is None:
            response = Response(data, headers={"ETag": etag})
            response["Cache-Control"] = "private, no-cache"
        return response

    def _check_if_match(self, request, instance) -> None:
        check_if_match(request, lambda: item_etag(self._detail_data(instance)))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(serializer.save(), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        self._check_if_match(request, instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self._read(serializer.save())

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self._check_if_match(request, instance)
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

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
    filterset_class = ProjectAPIFilterSet
    export_renderer_classes = (CSVRenderer, GeoJSONRenderer)
    cache_policy = api_policy(ProjectAPIFilterSet, free=FREE_PROJECT_PARAMS)

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, GeoJSONRenderer):
            return self._geojson(request, check_query(self, request))
        return super().list(request, *args, **kwargs)

    def _geojson(self, request, policy):
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

        body = cached_body("geojson", request, build, policy)
        response = HttpResponse(body, content_type=content_type(renderer))
        response["Content-Disposition"] = (
            f"{renderer.disposition}; "
            f'filename="{export_filename(request, self.basename, renderer.format)}"'
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


# The project filters, documented as on the list (not a list view: say so).
@extend_schema_view(get=extend_schema(filters=True))
class StatsView(generics.GenericAPIView):
    """Project counts and known cost by sector, phase, status and province.

    Takes the project filters, so /api/stats/?phase=2 describes Phase II alone.
    """

    queryset = Project.objects.all()
    filterset_class = ProjectAPIFilterSet
    serializer_class = s.StatsSerializer
    pagination_class = None
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]

    cache_policy = api_policy(
        ProjectAPIFilterSet, free=FREE_PROJECT_PARAMS, extra=("format",)
    )

    def get(self, request, *args, **kwargs):
        policy = check_query(self, request)
        page = cached_json(self, request, "stats-page", self._data, policy)
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
