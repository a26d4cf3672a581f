"""The catalogues are complete, checked by gettext, and up to date with the code.

A string newly marked for translation (and not yet in the catalogues, or in them
untranslated) fails test_makemessages_finds_nothing_new_or_stale.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .catalogue import FOLDERS, LOCALE, PLURALS, catalogue, read_po

BASE = Path(settings.BASE_DIR)
# What makemessages reads for the "django" domain, copied to a scratch project.
SOURCES = ("cpec_site", "projects", "templates")
GETTEXT = all(shutil.which(tool) for tool in ("msgfmt", "xgettext", "msgmerge"))
needs_gettext = pytest.mark.skipif(not GETTEXT, reason="GNU gettext is not installed")


@needs_gettext
@pytest.mark.parametrize("folder", FOLDERS.values())
def test_msgfmt_finds_every_message_translated_and_none_fuzzy(folder):
    po = LOCALE / folder / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Only "N translated messages.": no fuzzy or untranslated count after it.
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


@pytest.mark.parametrize("folder", FOLDERS.values())
def test_every_plural_has_the_forms_of_its_language(folder):
    text = (LOCALE / folder / "LC_MESSAGES" / "django.po").read_text("utf-8")
    nplurals = PLURALS[folder]
    assert f'"Plural-Forms: nplurals={nplurals}; ' in text
    plurals = [entry for entry in catalogue(folder) if entry.plural]
    assert plurals, "no plural message: ngettext and blocktranslate count are unused"
    for entry in plurals:
        assert sorted(entry.forms) == list(range(nplurals)), entry.msgid


def _scratch_project(root: Path) -> None:
    """The code and catalogues in a folder of their own, for makemessages to
    rewrite: its settings (BASE_DIR) point at the copy, never at the checkout."""
    skip = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")
    for name in (*SOURCES, "locale"):
        shutil.copytree(BASE / name, root / name, ignore=skip)
    shutil.copy(BASE / "manage.py", root / "manage.py")


@needs_gettext
def test_makemessages_finds_nothing_new_or_stale(tmp_path):
    _scratch_project(tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cpec_site.settings.test"}
    env["PYTHONPATH"] = str(tmp_path)
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
    for folder in FOLDERS.values():
        command += ["-l", folder]
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for folder in FOLDERS.values():
        committed = {entry.key for entry in catalogue(folder)}
        fresh = read_po(tmp_path / "locale" / folder / "LC_MESSAGES" / "django.po")
        new = [e.msgid for e in fresh if e.key not in committed]
        untranslated = [e.msgid for e in fresh if e.untranslated or "fuzzy" in e.flags]
        stale = committed - {entry.key for entry in fresh}
        assert new == [], f"marked but not in locale/{folder}"
        assert untranslated == [], f"untranslated or fuzzy in locale/{folder}"
        assert stale == set(), f"in locale/{folder} but no longer marked"
