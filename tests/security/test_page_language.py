"""Every page of the access matrix speaks one language: no Indonesian from our catalogues on an
English page, no English on an Indonesian one.

The pages are the access matrix's URL names (tests/security/test_access_matrix.py), each opened
on the own unit's world by the first role the matrix lets in, once with the language cookie set
to English and once to Indonesian. Their visible text (tags, scripts, styles and the language
switch removed) is searched for the strings of the other language in our compiled catalogues:
the Indonesian msgstrs (and Indonesian msgids given an English msgstr) on an English page, the
English msgids (and English msgstrs) on an Indonesian one. Names of places and people are not
in the catalogues, and every name stored in the database is taken out of the text first. To
keep short words from matching by chance, a string counts when, cut at its placeholders, a piece
has two words or more, or is one word of six letters or more that no string of the page's own
language uses and that makes a whole label, heading or cell (one word inside a sentence may be
data).
"""

import gettext
import html
import re
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from conflicts.models import ConflictCategory, Incident
from tests.security.test_access_matrix import EXPECTATIONS, ROLES

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|<[^>]*>")
WORD = re.compile(r"[^\W\d_]+")


def _catalog(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def _pairs():
    """(English, Indonesian) pairs from both catalogues."""
    pairs = []
    for key, msgstr in _catalog("id").items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and msgstr and msgstr != msgid:
            pairs.append((msgid, msgstr))
    for key, msgstr in _catalog("en").items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and msgstr and msgstr != msgid:
            pairs.append((msgstr, msgid))
    return pairs


def _pieces(text):
    return [" ".join(p.split()) for p in PLACEHOLDER.split(text) if p.strip()]


@cache
def foreign_pieces(language):
    """The pieces of the other language's strings that would give it away on a page."""
    pairs = _pairs()
    own = [en if language == "en" else id_ for en, id_ in pairs]
    other = [id_ if language == "en" else en for en, id_ in pairs]
    own_text = "\n".join(" ".join(s.split()) for s in own)
    own_words = {w.lower() for w in WORD.findall(own_text)}
    found = set()
    for text in other:
        for piece in _pieces(text):
            words = WORD.findall(piece)
            if piece in own_text:
                continue  # the same in both languages ("Polsek", "Kakerda")
            if len(words) >= 2 or (
                len(words) == 1 and len(words[0]) >= 6 and words[0].lower() not in own_words
            ):
                found.add(piece)
    return sorted(found, key=len, reverse=True)


def visible_text(content):
    content = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", content)
    # The language switch names each language in that language, on purpose.
    content = re.sub(r'(?is)<form[^>]*action="[^"]*setlang[^"]*".*?</form>', " ", content)
    content = re.sub(r"(?s)<!--.*?-->", " ", content)
    text = re.sub(r"(?s)<[^>]+>", "\n", content)
    return "\n".join(" ".join(line.split()) for line in html.unescape(text).splitlines())


def data_names():
    """Every name stored in the database (places, people, categories, activities, holidays):
    data, in whatever language it was entered, is not the interface's to translate."""
    names = set()
    for model in apps.get_models():
        field = next((f for f in model._meta.fields if f.name == "name"), None)
        if isinstance(field, models.CharField):
            names.update(model._default_manager.values_list("name", flat=True))
    return sorted((n for n in names if n), key=len, reverse=True)


def without(text, names):
    for name in names:
        text = text.replace(name, "·")
    return text


def leaks(text, language):
    """The other language's pieces found in the text, on word boundaries."""
    found = []
    lines = set(text.splitlines())
    for piece in foreign_pieces(language):
        if " " not in piece:
            # One word: only a whole label, heading or cell, not a word inside data.
            if piece in lines:
                found.append(piece)
            continue
        match = piece in text and re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text)
        if match:
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            found.append(f"{piece} (in: {text[start : end if end >= 0 else None][:120]})")
    return found


def first_role(expect):
    for role, outcome in zip(ROLES, expect.own.split(), strict=True):
        if outcome == "ok":
            return role
    return None


PAGES = sorted(name for name, expect in EXPECTATIONS.items() if first_role(expect))
# Pages whose text is built in Python (reasons, solver outcomes, chart notes), not only in
# templates: the test fails if one of them drops out of the checked set.
MUST_CHECK = {"optimisation:overview", "optimisation:risk", "dashboard:overview", "dashboard:unit"}
# The same pages again with questions that bring more text built in Python: the what-if answers
# (officers, motorbikes and money added) and a dikbangspes seat.
ASKED = {"optimisation:overview": "?tambah_personel=2&tambah_motor=1&tambah_rp=90000000&kursi=1"}


def page_text(client, world, name, language, query=""):
    """The page's visible text with every stored name taken out, or None if it is no HTML page."""
    expect = EXPECTATIONS[name]
    kwargs = expect.params(world["own"]) if expect.params else {}
    client.logout()
    client.force_login(world["users"][first_role(expect)])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name, kwargs=kwargs) + query)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    return without(visible_text(response.content.decode()), data_names())


def test_the_checker_finds_an_indonesian_heading_on_an_english_page():
    assert leaks("Overview\nKekuatan\n", "en") == ["Kekuatan"]
    assert leaks("Overview\nWilayah binaan yang dikunjungi\n", "en")
    assert not leaks("Areas visited in the last 30 days\n", "en")


@pytest.mark.parametrize("language", ["en", "id"])
def test_every_page_speaks_one_language(client, matrix_world, language):
    checked, failures = set(), {}
    for name in PAGES:
        text = page_text(client, matrix_world, name, language)
        if text is None:
            continue
        checked.add(name)
        found = leaks(text, language)
        if found:
            failures[name] = found[:8]
    for name, query in ASKED.items():
        text = page_text(client, matrix_world, name, language, query)
        assert ("Areas per officer" if language == "en" else "Wilayah per personel") in text
        found = leaks(text, language)
        if found:
            failures[name + query] = found[:8]
    print(f"\n{len(checked)} pages checked in {language!r}")
    assert len(checked) >= 30
    assert checked >= MUST_CHECK, MUST_CHECK - checked
    assert not failures, "\n".join(f"{name}: {found}" for name, found in failures.items())


@pytest.mark.parametrize("language", ["en", "id"])
def test_an_empty_chart_speaks_the_page_language(client, matrix_world, language):
    """Before any conflict category is entered the dashboard's category chart has no bar; the
    line that says so was an Indonesian literal in reports/charts.py."""
    Incident.objects.all().delete()
    ConflictCategory.objects.all().delete()
    text = page_text(client, matrix_world, "dashboard:overview", language)
    assert ("No data." if language == "en" else "Tidak ada data.") in text
    assert not leaks(text, language)
