"""How records are named in addresses, parameters and request bodies.

One slug pattern for every kind of record, and one reading of "a phase by its number
or its slug", shared by the filters, the API's fields and its phase addresses.
"""

import re

SLUG_CHARS = r"[-a-zA-Z0-9_]"
# In an address (the router's lookup); a value is checked against SLUG_RE.
SLUG_PATTERN = SLUG_CHARS + "+"
SLUG_RE = re.compile(rf"^{SLUG_CHARS}{{1,80}}$")
# Phase numbers are small integers (PositiveSmallIntegerField).
MAX_PHASE_NUMBER = 32767


def is_number(value) -> bool:
    """An integer, or a string of ASCII digits (not a bool, not "²" or "١٢")."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (
        isinstance(value, str) and value.isascii() and value.isdigit()
    )


def phase_lookup(value) -> dict | None:
    """{"number": n} for a phase number, {"slug": s} for a slug, None for neither."""
    if is_number(value):
        if isinstance(value, str) and len(value) > 5:
            return None
        number = int(value)
        return {"number": number} if 0 < number <= MAX_PHASE_NUMBER else None
    if isinstance(value, str) and SLUG_RE.fullmatch(value):
        return {"slug": value}
    return None
