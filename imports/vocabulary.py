"""Coded values as sheets write them ("Giat Sambang / DDS", "Binluh (Penyuluhan)") -> our codes.

A value is normalised (case, spaces, punctuation, the prefixes field reports put in front) and
tried whole, then without and within its brackets, then in its parts split on "/", "," and ";".
The words each code is known by are data: the reference table's own names and codes, and the
synonyms of imports.Synonym (shared, and those a Polres remembered from its mapping step). When
nothing matches, a close match (difflib) is *proposed*: the row stays unknown until the operator
picks a value in the preview, or with `import_sheet --map`.
"""

import difflib
import re
from dataclasses import dataclass

from imports.normalize import clean_text

# The words field reports put before the value they mean: "Giat Sambang", "Kegiatan DDS",
# "Polsek Setu", "Desa Sukamaju", "Kel. Jatimulya".
PREFIXES = frozenset(
    {"giat", "kegiatan", "keg", "polsek", "desa", "ds", "kel", "kelurahan", "kec", "kecamatan"}
)
BRACKETED = re.compile(r"\(([^()]*)\)")
PART_SEPARATORS = re.compile(r"[/,;]|\s-\s|\s&\s|\bdan\b")
# A close match is proposed from this similarity (difflib's ratio, 0-1) up, measured by
# bench/vocabulary_threshold.py: 273 misspellings of the shipped activity, facility-type and
# category words (a letter dropped, doubled, swapped or a vowel changed) all score >= 0.80
# against their word, while their best match among another code's words scores <= 0.76, and
# 20 unrelated field-report words ("Patroli", "Pengamanan", ...) score below 0.75 against all.
CLOSE_MATCH = 0.78


def words(text):
    return re.findall(r"[a-z0-9]+", clean_text(text).lower())


def key(text):
    """Lower case, letters and digits only, a leading field-report prefix dropped."""
    found = words(text)
    while len(found) > 1 and found[0] in PREFIXES:
        found = found[1:]
    return "".join(found)


def raw_key(text):
    return "".join(words(text))


def candidate_keys(text):
    """The keys a value may be known by, most specific first: whole, outside and within its
    brackets, then each part of a compound ("Sambang / DDS", "Binluh, Sambang")."""
    whole, others = candidate_tiers(text)
    return _unique(whole + others)


def candidate_tiers(text):
    """(keys of the whole value, keys of its bracketed and compound parts)."""
    text = clean_text(text)
    outside = BRACKETED.sub(" ", text)
    inside = BRACKETED.findall(text)
    whole = _unique([raw_key(text), key(text)])
    others = [key(outside), *(key(t) for t in inside)]
    parts = [p for p in PART_SEPARATORS.split(outside) if p.strip()]
    if len(parts) > 1:
        others += [key(part) for part in parts]
    return whole, [item for item in _unique(others) if item not in whole]


def _unique(items):
    seen = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


@dataclass
class Match:
    """What a value means: `code` when it is known, else a `proposal` (code) or nothing."""

    text: str
    code: str | None = None
    proposal: str | None = None
    how: str = ""  # "exact", "part", "mapped", "rejected", "close", "ambiguous", "unknown"
    score: float = 0.0


class Vocabulary:
    """The words one column's codes are known by, and the matching described above.

    `entries` is an iterable of (code, words); `mapping` holds this batch's choices from the
    mapping step, by the value's key: a code, or "" for "reject these rows".
    """

    def __init__(self, entries, mapping=None):
        self.by_key = {}
        self.codes = []
        for code, names in entries:
            if code not in self.codes:
                self.codes.append(code)
            for name in (code, *names):
                for item in {raw_key(name), key(name)}:
                    if item:
                        self.by_key.setdefault(item, code)
        self.mapping = {key(text) or raw_key(text): code for text, code in (mapping or {}).items()}
        self._keys = list(self.by_key)
        self._answers = {}

    def match(self, raw):
        text = clean_text(raw)
        if text not in self._answers:
            self._answers[text] = self._match(text)
        return self._answers[text]

    def _match(self, text):
        chosen = self.mapping.get(key(text) or raw_key(text))
        if chosen is not None:
            return Match(text, chosen or None, how="mapped" if chosen else "rejected")
        whole, others = candidate_tiers(text)
        for item in whole:
            if item in self.by_key:
                return Match(text, self.by_key[item], how="exact", score=1.0)
        found = _unique([self.by_key[item] for item in others if item in self.by_key])
        if found and len(set(found)) == 1:
            return Match(text, found[0], how="part", score=1.0)
        if found:
            # Two parts naming two different codes ("Sambang / Penyuluhan"): one row holds one
            # value, so the first is proposed and the operator decides.
            return Match(text, proposal=found[0], how="ambiguous", score=1.0)
        best, score = self.closest(whole + others)
        if best is not None:
            return Match(text, proposal=best, how="close", score=score)
        return Match(text, how="unknown")

    def closest(self, candidates):
        """The code whose word is most like one of the candidate keys, if it is close enough."""
        best, best_score = None, 0.0
        for item in candidates:
            for known in difflib.get_close_matches(item, self._keys, n=1, cutoff=CLOSE_MATCH):
                score = difflib.SequenceMatcher(None, item, known).ratio()
                if score > best_score:
                    best, best_score = self.by_key[known], score
        return best, round(best_score, 2)
