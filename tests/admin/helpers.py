"""Helpers the admin tests share: admin URLs, form submits and CSV rows."""

import datetime

import tablib
from django.urls import reverse

from projects.admin.resources import ProjectResource
from projects.models import Project


def admin_url(model, view, *args):
    return reverse(f"admin:projects_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """The POST data an unchanged submit of the admin form in `response` sends."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def post_change(client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url))
    data.update({k: str(v) for k, v in changes.items()})
    return client.post(url, data)


HEADER = ProjectResource().get_export_headers()


def project_csv(rows) -> str:
    dataset = tablib.Dataset(headers=HEADER)
    for row in rows:
        dataset.append([row.get(h, "") for h in HEADER])
    return dataset.export("csv")


def row_for(project, **changes):
    row = dict(zip(HEADER, ProjectResource().export_resource(project), strict=True))
    row.update(changes)
    return row


def snapshot():
    return list(Project.objects.order_by("pk").values())
