"""The compiled catalogues (.mo) say what their sources (.po) say.

A merge that touches a .po file without recompiling leaves the interface speaking the old
words: the suite caught it once as an English message under `translation.override("id")`.
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="needs GNU gettext's msgfmt")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: path.parts[-3])
def test_the_committed_mo_file_is_compiled_from_its_po_file(po, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run([MSGFMT, "--check", "-o", str(fresh), str(po)], check=True)  # noqa: S603 (our own files)

    with fresh.open("rb") as expected, po.with_suffix(".mo").open("rb") as committed:
        expected_catalogue = gettext.GNUTranslations(expected)._catalog
        committed_catalogue = gettext.GNUTranslations(committed)._catalog

    stale = sorted(
        str(key)
        for key in expected_catalogue.keys() | committed_catalogue.keys()
        if expected_catalogue.get(key) != committed_catalogue.get(key)
    )
    assert stale == [], f"run `manage.py compilemessages`: {len(stale)} entries differ"


def test_the_msgids_are_english():
    """The code speaks English: the Indonesian words are in locale/id, and locale/en translates
    nothing (a msgid in Indonesian with English in locale/en was the other convention, twice)."""
    english = polib.pofile(str(Path(settings.BASE_DIR, "locale", "en", "LC_MESSAGES", "django.po")))
    translated = [
        entry.msgid
        for entry in english
        if not entry.obsolete
        and (
            (entry.msgstr and entry.msgstr != entry.msgid)
            or any(
                value and value not in (entry.msgid, entry.msgid_plural)
                for value in entry.msgstr_plural.values()
            )
        )
    ]
    assert translated == []


def test_there_are_catalogues_to_check():
    assert {po.parts[-3] for po in CATALOGUES} == {"en", "id"}
