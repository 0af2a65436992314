"""Every message of the importers goes through gettext and has its translations.

The source of imports/ is read (ast): each gettext call's msgid must be in both catalogues, with
an Indonesian translation; and a row message, finding or refusal written as a bare string (not
through gettext) fails the test, except in the modules still listed in NOT_YET_TRANSLATED, a
list that may only shrink (a module listed that has none left fails too).
"""

import ast
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SOURCES = sorted(
    path for path in (ROOT / "imports").rglob("*.py") if "migrations" not in path.parts
)
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "gettext_noop"}
# The calls that carry a message for the operator, and the position of the message.
MESSAGE_CALLS = {
    "RowError": 0,
    "CellError": 0,
    "ReadError": 0,
    "UnknownValue": 0,
    "RowSetAside": 0,
    "Finding": 1,
    "_finish": 2,  # a batch's status message (imports.flow)
    "_record": 3,
    "add": 3,  # a plan's row message: plan.add(row, status, key, message)
    "stage": 0,  # a job's progress note
    "JobFailed": 0,
}
# Modules whose row messages are still Indonesian source strings: none since issue 18, item 5.
NOT_YET_TRANSLATED = set()


def catalogue(language):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    return {entry.msgid: entry for entry in po if not entry.obsolete}


def call_name(node):
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def gettext_msgids(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and call_name(node) in GETTEXT and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, first.value


def bare_messages(tree):
    """Lines where a message call gets a bare string or f-string, not a gettext call."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and call_name(node) in MESSAGE_CALLS):
            continue
        position = MESSAGE_CALLS[call_name(node)]
        if len(node.args) <= position:
            continue
        message = node.args[position]
        while isinstance(message, ast.BinOp):  # "..." % values, or gettext(...) % values
            message = message.left
        if isinstance(message, ast.JoinedStr) or (
            isinstance(message, ast.Constant) and isinstance(message.value, str)
        ):
            yield node.lineno


@pytest.fixture(scope="module")
def catalogues():
    return catalogue("id"), catalogue("en")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_gettext_message_of_the_importers_is_in_both_catalogues(path, catalogues):
    indonesian, english = catalogues
    tree = ast.parse(path.read_text(encoding="utf-8"))
    missing = [
        f"{line}: {msgid!r}"
        for line, msgid in gettext_msgids(tree)
        if msgid not in english or msgid not in indonesian or not _translated(indonesian[msgid])
    ]
    assert missing == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_importer_message_is_a_bare_string(path):
    name = str(path.relative_to(ROOT))
    lines = list(bare_messages(ast.parse(path.read_text(encoding="utf-8"))))
    if name in NOT_YET_TRANSLATED:
        assert lines, f"{name} has no bare message left: remove it from NOT_YET_TRANSLATED"
    else:
        assert lines == [], f"{name}: messages not through gettext on lines {lines}"


def _translated(entry):
    if entry.msgid_plural:
        return all(entry.msgstr_plural.values())
    return bool(entry.msgstr)
