"""A chart's table as CSV, when ?download=<chart> asks for it."""

import csv

from django.http import HttpResponse

from ..charts import Chart


def csv_response(chart: Chart, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(chart.columns)
    for row in chart.rows:
        writer.writerow(["" if value is None else value for value in row])
    return response


def download(request, chart_list, prefix: str):
    """The CSV of one chart's table, when ?download=<chart> asks for it."""
    wanted = request.GET.get("download")
    if not wanted:
        return None
    for chart in chart_list:
        if chart.slug == wanted:
            return csv_response(chart, f"{prefix}-{chart.slug}")
    return HttpResponse("Unknown chart.", status=404, content_type="text/plain")
