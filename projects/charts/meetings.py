"""Meetings over time: one mark per meeting on its date, a row per kind."""

import datetime
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from ..choices import MeetingKind
from .base import NO_GRID, Chart, axis, empty, layout, link, plain
from .rows import MeetingRow, kind_label

# One colour per meeting kind, in the same plain palette as the status colours.
MEETING_KIND_COLORS = {
    MeetingKind.JCC: "#1d70b8",
    MeetingKind.JWG: "#4c2c92",
    MeetingKind.SUMMIT: "#b35c00",
    MeetingKind.STATE_VISIT: "#00703c",
    MeetingKind.MINISTERIAL: "#8a1538",
    MeetingKind.OTHER: "#505a5f",
}
COLUMNS = [
    gettext_lazy("Meeting"),
    gettext_lazy("Kind"),
    gettext_lazy("Date"),
    gettext_lazy("City"),
    gettext_lazy("Held or upcoming"),
]


def _table(meetings: Sequence[MeetingRow], today: datetime.date) -> list[list]:
    return [
        [
            m.title,
            m.kind_label,
            m.date_display,
            m.city or None,
            (_("upcoming") if m.date > today else _("held")) if m.date else None,
        ]
        for m in meetings
    ]


def _short_kind(label: str) -> str:
    """ "Joint Cooperation Committee (JCC)" -> "JCC"; others as they are."""
    if label.endswith(")") and "(" in label:
        return label[label.rindex("(") + 1 : -1]
    return label


def _short_label(meeting: MeetingRow) -> str:
    if not meeting.number:
        return ""
    n = meeting.number
    # English ordinals differ by their last digits; other languages' do not, and
    # translate all four the same way.
    ordinals = {
        "st": pgettext("ordinal", "%(number)sst"),
        "nd": pgettext("ordinal", "%(number)snd"),
        "rd": pgettext("ordinal", "%(number)srd"),
        "th": pgettext("ordinal", "%(number)sth"),
    }
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return ordinals[suffix] % {"number": n}


def _dots(dated: list[MeetingRow]) -> list[dict]:
    """One mark per meeting on its date, a row per kind, each labelled."""
    data = []
    for kind in MeetingKind.values:
        of_kind = sorted((m for m in dated if m.kind == kind), key=lambda m: m.date)
        if not of_kind:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": kind_label(kind),
                "x": [m.date.isoformat() for m in of_kind],
                "y": [kind_label(kind)] * len(of_kind),
                # Short labels (a JCC's number), above and below in turn so that
                # neighbours do not collide; the full title is in the hover.
                "text": [_short_label(m) for m in of_kind],
                "textposition": [
                    "top center" if i % 2 == 0 else "bottom center"
                    for i in range(len(of_kind))
                ],
                "hovertext": [plain(m.title) for m in of_kind],
                "ids": [link("meeting-detail", m.slug) for m in of_kind],
                "textfont": {"size": 11},
                "customdata": [m.date_display for m in of_kind],
                "marker": {"color": MEETING_KIND_COLORS[kind], "size": 11},
                "hovertemplate": "<b>%{hovertext}</b><br>%{customdata}<extra></extra>",
                "showlegend": False,
            }
        )
    return data


def _wording(
    meetings: Sequence[MeetingRow], dated: list[MeetingRow], today: datetime.date
) -> tuple[str, str]:
    first, last = min(m.date.year for m in dated), max(m.date.year for m in dated)
    undated = [m for m in meetings if not m.date]
    n = len(meetings)
    values = {"count": n, "dated": len(dated), "first": first, "last": last}
    if undated and first == last:
        title = ngettext(
            "%(count)s meeting, %(dated)s of them dated in %(first)s",
            "%(count)s meetings, %(dated)s of them dated in %(first)s",
            n,
        )
    elif undated:
        title = ngettext(
            "%(count)s meeting, %(dated)s of them dated from %(first)s to %(last)s",
            "%(count)s meetings, %(dated)s of them dated from %(first)s to %(last)s",
            n,
        )
    elif first == last:
        title = ngettext(
            "%(count)s meeting in %(first)s", "%(count)s meetings in %(first)s", n
        )
    else:
        title = ngettext(
            "%(count)s meeting from %(first)s to %(last)s",
            "%(count)s meetings from %(first)s to %(last)s",
            n,
        )
    latest = max(dated, key=lambda m: m.date)
    summary = (
        _("%(title)s (%(date)s) is upcoming.")
        if latest.date > today
        else _("%(title)s (%(date)s) is the latest.")
    ) % {"title": latest.title, "date": latest.date_display}
    if undated:
        names = ", ".join(m.title for m in undated)
        summary = _("%(summary)s No known date, so not drawn: %(names)s.") % {
            "summary": summary,
            "names": names,
        }
    return title % values, summary


def meetings_chart(
    meetings: Sequence[MeetingRow],
    *,
    today: datetime.date | None = None,
    sources=(),
) -> Chart:
    """A dot strip: one labelled mark per dated meeting, a row per kind; the
    meetings with no known date are named in the summary and the table."""
    today = today or timezone.localdate()
    slug = "meetings"
    table = _table(meetings, today)
    dated = [m for m in meetings if m.date]
    if not dated:
        message = (
            _("None of the %(count)s meetings has a known date.")
            % {"count": len(meetings)}
            if meetings
            else _("There are no meetings yet.")
        )
        title = _("Meetings over time")
        chart = empty(slug, title, message, COLUMNS, sources=list(sources))
        chart.rows = table
        return chart
    title, summary = _wording(meetings, dated, today)
    data = _dots(dated)
    figure = {
        "data": data,
        "layout": layout(
            height=max(200, 120 + 60 * len(data)),
            xaxis=axis(type="date", title={"text": ""}),
            yaxis=axis(type="category", gridcolor=NO_GRID, automargin=True),
        ),
    }
    kinds = [trace["name"] for trace in data]
    # On a phone, the kinds by their short names, so the dates keep the width.
    narrow = {"yaxis": {"tickvals": kinds, "ticktext": [_short_kind(k) for k in kinds]}}
    return Chart(
        slug,
        title,
        summary,
        figure,
        COLUMNS,
        table,
        sources=list(sources),
        narrow=narrow,
    )
