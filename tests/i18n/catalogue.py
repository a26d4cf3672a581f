"""Reading the interface's catalogues (locale/*/LC_MESSAGES/django.po) in tests.

A small reader, so that the checks need neither polib nor a compiled catalogue:
each entry's context, msgid, plural msgid, msgstr forms and flags. Obsolete
entries (#~) are left out.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
# Language code of the pages -> folder of its catalogue, and its plural forms.
FOLDERS = {"ur": "ur", "zh-hans": "zh_Hans"}
PLURALS = {"ur": 2, "zh_Hans": 1}


@dataclass
class Entry:
    msgid: str
    context: str | None = None
    plural: str | None = None
    forms: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple:
        return (self.context, self.msgid, self.plural)

    @property
    def untranslated(self) -> bool:
        return not self.forms or not all(self.forms.values())


def _unquote(text: str) -> str:
    return text.strip()[1:-1].replace('\\"', '"').replace("\\n", "\n")


def _entry(lines: list[str]) -> Entry | None:
    fields: dict[str, str] = {}
    flags: set[str] = set()
    current = None
    for line in lines:
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#") or not line.strip():
            continue
        elif line.startswith('"') and current:
            fields[current] += _unquote(line)
        else:
            current, _, value = line.partition(" ")
            fields[current] = _unquote(value)
    if not fields.get("msgid"):
        return None  # the header, or an obsolete entry
    forms = {
        int(match[1] or 0): value
        for name, value in fields.items()
        if (match := re.fullmatch(r"msgstr(?:\[(\d+)\])?", name))
    }
    return Entry(
        msgid=fields["msgid"],
        context=fields.get("msgctxt"),
        plural=fields.get("msgid_plural"),
        forms=forms,
        flags=flags,
    )


def read_po(path: Path) -> list[Entry]:
    text = path.read_text(encoding="utf-8")
    blocks = [block.strip().splitlines() for block in re.split(r"\n\s*\n", text)]
    return [entry for block in blocks if (entry := _entry(block))]


def catalogue(folder: str, root: Path = LOCALE) -> list[Entry]:
    return read_po(root / folder / "LC_MESSAGES" / "django.po")
