"""The pages' filter forms: drop-downs of slugs, labels, errors beside their control."""

from django import forms

# The project table's sortable columns: (label, ordering parameter, numeric).
PROJECT_COLUMNS = [
    ("Project", "name", False),
    ("Phase", "phase", False),
    ("Sector", "sector", False),
    ("Status", "status", False),
    ("Province", "province", False),
    ("Cost (US$ million)", "cost_usd_million", True),
    ("Start", "start_date", False),
    ("Completion", "completion_date", False),
]


class PhaseSelect(forms.Select):
    """Phase options by slug; a phase asked for by its number shows as chosen too.

    With counts ({slug: projects}), only the phases that have projects, each with
    how many.
    """

    def __init__(self, phases: list[dict], counts: dict[str, int] | None = None):
        options = [
            (p["slug"], f"Phase {p['number']}: {p['name']}")
            for p in phases
            if counts is None or p["slug"] in counts
        ]
        if counts is not None:
            options = [(slug, f"{label} ({counts[slug]})") for slug, label in options]
        super().__init__(choices=[("", "All phases"), *options])
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
            choices=[("", "All sectors")]
            + [(slug, f"{name} ({count})") for slug, name, count in sectors]
        )


# The list's sort options, named as its column headers are.
ORDERING_LABELS = {
    **{param: f"{label}, A to Z" for label, param, numeric in PROJECT_COLUMNS},
    **{f"-{param}": f"{label}, Z to A" for label, param, numeric in PROJECT_COLUMNS},
    "cost_usd_million": "Cost, lowest first",
    "-cost_usd_million": "Cost, highest first",
    "start_date": "Start, earliest first",
    "-start_date": "Start, latest first",
    "completion_date": "Completion, earliest first",
    "-completion_date": "Completion, latest first",
    "phase": "Phase, first to last",
    "-phase": "Phase, last to first",
    "capacity": "Capacity, smallest first",
    "-capacity": "Capacity, largest first",
}

EMPTY_LABELS = {
    "status": "Any status",
    "province": "Any province",
    "kind": "Any kind",
    "ordering": "Default order",
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
