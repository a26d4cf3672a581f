"""The pages' filter forms: drop-downs of slugs, labels, errors beside their control."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The project table's sortable columns: (label, ordering parameter, numeric).
PROJECT_COLUMNS = [
    (_("Project"), "name", False),
    (_("Phase"), "phase", False),
    (_("Sector"), "sector", False),
    (_("Status"), "status", False),
    (_("Province"), "province", False),
    (_("Cost (US$ million)"), "cost_usd_million", True),
    (_("Start"), "start_date", False),
    (_("Completion"), "completion_date", False),
]


class PhaseSelect(forms.Select):
    """Phase options by slug; a phase asked for by its number shows as chosen too.

    With counts ({slug: projects}), only the phases that have projects, each with
    how many.
    """

    def __init__(self, phases: list[dict], counts: dict[str, int] | None = None):
        options = [
            (
                p["slug"],
                gettext("Phase %(number)s: %(name)s")
                % {"number": p["number"], "name": p["name"]},
            )
            for p in phases
            if counts is None or p["slug"] in counts
        ]
        if counts is not None:
            options = [(slug, f"{label} ({counts[slug]})") for slug, label in options]
        super().__init__(choices=[("", _("All phases")), *options])
        self.slug_by_number = {str(p["number"]): p["slug"] for p in phases}

    def format_value(self, value):
        return [self.slug_by_number.get(v, v) for v in super().format_value(value)]


def use_selects(
    form, phases: list[dict], sectors, phase_counts: dict[str, int] | None = None
) -> None:
    """Phase and sector as drop-downs of slugs, the values the FilterSet accepts."""
    if "phase" in form.fields:
        form.fields["phase"].widget = PhaseSelect(phases, phase_counts)
    if "sector" in form.fields:
        # Only sectors with projects, each with how many (sector_choices).
        form.fields["sector"].widget = forms.Select(
            choices=[("", _("All sectors"))]
            + [(slug, f"{name} ({count})") for slug, name, count in sectors]
        )


def _sorted_by(message, label):
    """A sort option named after its column, translated when it is shown."""
    return lazy(lambda: gettext(message) % {"column": label}, str)()


# The list's sort options, named as its column headers are.
ORDERING_LABELS = {
    **{
        param: _sorted_by("%(column)s, A to Z", label)
        for label, param, numeric in PROJECT_COLUMNS
    },
    **{
        f"-{param}": _sorted_by("%(column)s, Z to A", label)
        for label, param, numeric in PROJECT_COLUMNS
    },
    "cost_usd_million": _("Cost, lowest first"),
    "-cost_usd_million": _("Cost, highest first"),
    "start_date": _("Start, earliest first"),
    "-start_date": _("Start, latest first"),
    "completion_date": _("Completion, earliest first"),
    "-completion_date": _("Completion, latest first"),
    "phase": _("Phase, first to last"),
    "-phase": _("Phase, last to first"),
    "capacity": _("Capacity, smallest first"),
    "-capacity": _("Capacity, largest first"),
}
# Marked here for makemessages; _sorted_by translates them.
_("%(column)s, A to Z")
_("%(column)s, Z to A")

EMPTY_LABELS = {
    "status": _("Any status"),
    "province": _("Any province"),
    "kind": _("Any kind"),
    "ordering": _("Default order"),
}


def prepare_form(form) -> bool:
    """Validate, name the empty choices, and tie each error to its control."""
    for name, label in EMPTY_LABELS.items():
        field = form.fields.get(name)
        if field is not None:
            # django-filter's choice fields prepend their empty_label themselves.
            field.empty_label = label
            field.choices = [c for c in field.choices if c[0] != ""]
    ordering = form.fields.get("ordering")
    if ordering is not None:
        ordering.choices = [
            (value, ORDERING_LABELS.get(value, label))
            for value, label in ordering.choices
            if value != ""
        ]
    valid = form.is_valid()
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
            )
    return valid


def chosen_phase(filterset, phases: list[dict]) -> dict | None:
    lookup = filterset.form.cleaned_data.get("phase")
    if not lookup:
        return None
    for phase in phases:
        if all(phase[key] == value for key, value in lookup.items()):
            return phase
    return None


def sort_headers(request) -> list[dict]:
    current = request.GET.get("ordering", "")
    headers = []
    for label, param, numeric in PROJECT_COLUMNS:
        if current == param:
            direction, next_value = "ascending", f"-{param}"
        elif current == f"-{param}":
            direction, next_value = "descending", param
        else:
            direction, next_value = None, param
        headers.append(
            {
                "label": label,
                "param": next_value,
                "direction": direction,
                "numeric": numeric,
            }
        )
    return headers


def page_links(page) -> list:
    """The first, the last and two either side of this page: looping over every
    page number would cost thousands of steps at 100,000 rows."""
    return list(
        page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
