"""Server-rendered pages."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from . import selectors
from .models import Meeting, Phase, Sector


def home(request):
    projects = selectors.project_list()
    return render(request, "projects/home.html", {"projects": projects})


def project_list(request):
    projects = selectors.project_list()
    return render(request, "projects/project_list.html", {"projects": projects})


def project_detail(request, slug):
    project = get_object_or_404(selectors.project_detail_queryset(), slug=slug)
    return render(request, "projects/project_detail.html", {"project": project})


def phase_detail(request, slug):
    phase = get_object_or_404(Phase, slug=slug)
    projects = selectors.project_list(phase=phase)
    return render(
        request, "projects/group_detail.html", {"group": phase, "projects": projects}
    )


def sector_detail(request, slug):
    sector = get_object_or_404(Sector, slug=slug)
    projects = selectors.project_list(sector=sector)
    return render(
        request, "projects/group_detail.html", {"group": sector, "projects": projects}
    )


def meeting_list(request):
    meetings = Meeting.objects.select_related("phase")
    return render(request, "projects/meeting_list.html", {"meetings": meetings})


def meeting_detail(request, slug):
    meeting = get_object_or_404(
        Meeting.objects.select_related("phase").prefetch_related("projects"), slug=slug
    )
    return render(request, "projects/meeting_detail.html", {"meeting": meeting})


def source_list(request):
    return render(
        request, "projects/source_list.html", {"sources": selectors.source_list()}
    )


@never_cache
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
