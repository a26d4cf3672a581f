"""The floor of the query: /api/projects/'s query through values() and orjson."""

import orjson
from django.http import HttpResponse

from projects.models import Project

FIELDS = [
    "slug",
    "name",
    "phase__number",
    "phase__name",
    "phase__slug",
    "sector__slug",
    "sector__name",
    "status",
    "province",
    "location",
    "latitude",
    "longitude",
    "capacity",
    "capacity_unit",
    "cost_usd_million",
    "start_date",
    "start_date_precision",
    "completion_date",
    "completion_date_precision",
    "sponsors",
    "description",
]
PAGE_SIZE = 50


def baseline_projects(request):
    page = max(1, int(request.GET.get("page", "1")))
    queryset = Project.objects.order_by("name", "id")
    offset = (page - 1) * PAGE_SIZE
    rows = list(queryset.values(*FIELDS)[offset : offset + PAGE_SIZE])
    body = {"count": queryset.count(), "results": rows}
    return HttpResponse(
        orjson.dumps(body, option=orjson.OPT_PASSTHROUGH_DATACLASS, default=str),
        content_type="application/json",
    )
