"""A chart's table as CSV, when ?download=<chart> asks for it.

The file opens with what a spreadsheet user should read first, two cells a row
(a label in column A, its text in column B):

    Title,<the chart's title>
    Source,"CPEC Tracker, <the page's address>, from the sources cited there"
    Licence,"Data CC BY 4.0, https://creativecommons.org/licenses/by/4.0/"
    Data version,<N>
    Last updated,<ISO 8601 time, UTC>
    <an empty row>
    <the table's header row, then its rows>

Code that reads the table skips to the first row after the first empty one. A
text cell a spreadsheet would run as a formula starts with a "'"
(projects.exports.cells). The
API's CSV (projects.api.renderers) keeps its header row first instead and gives
these facts as HTTP headers.
"""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ..charts import Chart
from ..exports.cells import spreadsheet_cell
from ..exports.provenance import Provenance


def page_address(request, *, anchor: str = "") -> str:
    """The absolute address of this page with its filters, not the download."""
    query = request.GET.copy()
    for name in ("download", "page"):
        query.pop(name, None)
    encoded = query.urlencode()
    path = f"{request.path}?{encoded}" if encoded else request.path
    return request.build_absolute_uri(path) + (f"#{anchor}" if anchor else "")


def csv_response(chart: Chart, filename: str, provenance: Provenance) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    # The title names records too ("<sector> holds 40% of the known cost").
    for line in provenance.csv_preamble(chart.title):
        writer.writerow([spreadsheet_cell(value) for value in line])
    writer.writerow(chart.columns)
    for row in chart.rows:
        writer.writerow(
            ["" if value is None else spreadsheet_cell(value) for value in row]
        )
    return response


def download(request, chart_list, prefix: str):
    """The CSV of one chart's table, when ?download=<chart> asks for it."""
    wanted = request.GET.get("download")
    if not wanted:
        return None
    for chart in chart_list:
        if chart.slug == wanted:
            provenance = Provenance.current(page_address(request))
            return csv_response(chart, f"{prefix}-{chart.slug}", provenance)
    return HttpResponse(_("Unknown chart."), status=404, content_type="text/plain")
