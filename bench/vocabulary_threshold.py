"""The close-match threshold of imports.vocabulary, measured (no database needed).

    .venv/bin/python bench/vocabulary_threshold.py

Misspellings are made from every shipped word of the activity, facility-type and conflict-category
vocabularies (imports/synonyms.json): a letter dropped, doubled, two neighbours swapped, a vowel
changed, the way hurried typing and dictation spell them. Each is scored (difflib's ratio, as the
vocabulary scores) against the key it came from and against the best key of another code.
It prints how many misspellings each threshold catches and how many wrong codes it would propose.
"""

import difflib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from imports.vocabulary import key  # noqa: E402

SECTIONS = {"visits": "_activities", "facilities": "_types", "incidents": "_categories"}
VOWELS = "aiueo"
# Words field reports use that are none of the vocabularies' values: nothing should be proposed.
UNRELATED = [
    "Patroli", "Apel pagi", "Pengamanan", "Pengawalan", "Rapat", "Pemilu", "Olahraga",
    "Upacara", "Piket", "Cuti", "Turjawali", "Razia", "Operasi", "Pelatihan", "Deteksi dini",
    "Pam ibadah", "Giat rutin", "Lain", "Sidik", "Pemantauan",
]  # fmt: skip


def misspell(word, rng):
    i = rng.randrange(len(word))
    match rng.randrange(4):
        case 0:
            return word[:i] + word[i + 1 :]
        case 1:
            return word[:i] + word[i] + word[i:]
        case 2 if i < len(word) - 1:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        case _:
            vowel = rng.choice([v for v in VOWELS if v != word[i]])
            return word[:i] + vowel + word[i + 1 :]


def main():
    rng = random.Random(18)
    data = json.loads((ROOT / "imports" / "synonyms.json").read_text(encoding="utf-8"))
    right, wrong = [], []
    for kind, section in SECTIONS.items():
        table = {key(w): code for code, ws in data[kind][section].items() for w in [code, *ws]}
        keys = [k for k in table if len(k) >= 4]
        for source in keys:
            for _ in range(3):
                typo = misspell(source, rng)
                if typo in table:
                    continue
                right.append(difflib.SequenceMatcher(None, typo, source).ratio())
                others = [k for k in keys if table[k] != table[source]]
                wrong.append(max(difflib.SequenceMatcher(None, typo, k).ratio() for k in others))
    all_keys = []
    for kind, section in SECTIONS.items():
        all_keys += [key(w) for code, ws in data[kind][section].items() for w in [code, *ws]]
    unrelated = [
        max(difflib.SequenceMatcher(None, key(word), k).ratio() for k in all_keys)
        for word in UNRELATED
    ]
    print(f"{len(right)} misspellings, {len(UNRELATED)} unrelated words")
    print("threshold  caught  wrong code proposed  unrelated words given a proposal")
    for threshold in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        caught = sum(r >= threshold for r in right) / len(right)
        false = sum(w >= threshold and w > r for r, w in zip(right, wrong, strict=True))
        loose = sum(u >= threshold for u in unrelated)
        print(f"  {threshold:.2f}    {caught:6.1%}  {false:19d}  {loose}/{len(unrelated)}")
    print(f"lowest score of a misspelling: {min(right):.2f}")
    print(f"highest score of another code's word: {max(wrong):.2f}")


if __name__ == "__main__":
    main()
