"""CSV cells that a spreadsheet reads as data, never as a formula.

Every CSV the project writes (the API's lists, the bulk files, a chart's table, the
admin's export) passes its cells through `spreadsheet_cell`. A text cell that starts
with "=", "+", "-", "@", a tab or a carriage return would run as a formula in Excel,
LibreOffice or Google Sheets (`=HYPERLINK(...)` opens a link, DDE runs a command),
so it gets a leading single quote, as OWASP's "CSV Injection" page recommends: a
spreadsheet shows the text as written and code sees the quote.

Numbers stay numbers: only text is escaped, and text that is a plain decimal
number ("-12.5", a citation's reported value) is a number to a spreadsheet, not a
formula, so it is left as it is.
"""

import re

# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def spreadsheet_cell(value):
    """The value, a formula-like text quoted with a leading "'" (OWASP)."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value
