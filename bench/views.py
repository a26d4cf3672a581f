"""The floor of the query: /api/projects/'s query through values() and orjson."""

import orjson
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from projects.models import Project
from projects.selectors import PROJECT_LIST_FIELDS

PAGE_SIZE = 50


# Never kept by the page cache, nor answered 304: every request runs the query.
@never_cache
def baseline_projects(request):
    page = max(1, int(request.GET.get("page", "1")))
    queryset = Project.objects.order_by("name", "id")
    offset = (page - 1) * PAGE_SIZE
    rows = list(queryset.values(*PROJECT_LIST_FIELDS)[offset : offset + PAGE_SIZE])
    body = {"count": queryset.count(), "results": rows}
    return HttpResponse(
        orjson.dumps(body, option=orjson.OPT_PASSTHROUGH_DATACLASS, default=str),
        content_type="application/json",
    )
