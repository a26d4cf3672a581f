"""/data/: the bulk files, their sizes, the data version, and how to cite them;
/data/files/<name>: the files themselves, from the current build.

Both serve what is already on disk and never build in the request. When the data
has moved since the build, they answer from that build and start a rebuild in
the background (stale-while-revalidate; see projects.exports.builds for why, and
for where the files live). Their validators follow the build, not the data
version alone: each sets its own ETag, which the site's ETag middleware keeps.
A file carries its source, licence, data version and date as HTTP headers, as
the API's CSV does: those of its build, which may be behind the site's data.
"""

from __future__ import annotations

import datetime
import hashlib
import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from ..exports import builds
from ..exports.bulk import DATAPACKAGE_FILE
from ..exports.datapackage import LICENCE_STATEMENT
from ..exports.provenance import Provenance

MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".sqlite": "application/vnd.sqlite3",
}
ATTACHMENTS = {".csv", ".sqlite"}


def _refresh(request) -> tuple[builds.Build | None, bool]:
    """The current build, and whether a newer one is being made."""
    build = builds.current_build()
    stale = builds.is_stale(build)
    if stale:
        builds.refresh_in_background(request.build_absolute_uri("/"))
    return build, stale


def _etag(*parts) -> str:
    text = "\n".join(str(part) for part in (*parts, settings.RELEASE))
    return '"' + hashlib.blake2b(text.encode(), digest_size=16).hexdigest() + '"'


def _files(build: builds.Build) -> tuple[dict, list[dict]]:
    package = build.package()
    files = [
        {
            "name": resource["path"],
            "title": resource.get("title", ""),
            "format": resource.get("format", ""),
            "bytes": resource["bytes"],
            "url": reverse("projects:data-file", args=[resource["path"]]),
        }
        for resource in package["resources"]
    ]
    files.append(
        {
            "name": DATAPACKAGE_FILE,
            "title": _("Frictionless data package: every file, its fields and types"),
            "format": "json",
            "bytes": (build.directory / DATAPACKAGE_FILE).stat().st_size,
            "url": reverse("projects:data-file", args=[DATAPACKAGE_FILE]),
        }
    )
    return package, files


def data_page(request):
    build, stale = _refresh(request)
    etag = _etag(build.id if build else "", stale)
    response = get_conditional_response(request, etag=etag)
    if response is not None:
        return response
    context = {"build": build, "stale": stale, "licence": _(LICENCE_STATEMENT)}
    if build is not None:
        context["package"], context["files"] = _files(build)
        context["package_url"] = request.build_absolute_uri(
            reverse("projects:data-file", args=[DATAPACKAGE_FILE])
        )
        context["page_url"] = request.build_absolute_uri(reverse("projects:data"))
    response = render(request, "projects/data.html", context)
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    return response


def data_file(request, name: str):
    build, _stale = _refresh(request)
    path = build.file(name) if build is not None else None
    if path is None:
        raise Http404("No such file in the current build.")
    stat = path.stat()
    etag = _etag(build.id, name)
    response = get_conditional_response(
        request, etag=etag, last_modified=int(stat.st_mtime)
    )
    if response is None:
        suffix = path.suffix
        response = FileResponse(
            path.open("rb"),
            as_attachment=suffix in ATTACHMENTS,
            filename=name,
            content_type=MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0],
        )
        response["Last-Modified"] = http_date(stat.st_mtime)
        for header, value in _provenance(request, build).items():
            response[header] = value
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    return response


def _provenance(request, build: builds.Build) -> dict[str, str]:
    changed = build.package().get("cpec:dataChanged")
    provenance = Provenance(
        request.build_absolute_uri(),
        build.data_version,
        datetime.datetime.fromisoformat(changed) if changed else None,
    )
    sources = request.build_absolute_uri(reverse("projects:source-list"))
    return provenance.http_headers(sources)
