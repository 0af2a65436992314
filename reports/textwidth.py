"""How wide a text is in DejaVu Sans, the font charts and PDFs are drawn in, without a font file.

Advance widths in thousandths of an em for printable ASCII (32..126) and a few other characters,
taken from DejaVu Sans 2.37 (regular and bold); any other character counts as a full em, so a
label with unusual letters is measured wider rather than narrower. Charts name DejaVu Sans first
(WeasyPrint has it on Debian); other sans fonts are narrower, so a text measured to fit here fits
there too.
"""

_REGULAR = (
    318,
    401,
    460,
    838,
    636,
    950,
    780,
    275,
    390,
    390,
    500,
    838,
    318,
    361,
    318,
    337,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    337,
    337,
    838,
    838,
    838,
    531,
    1000,
    684,
    686,
    698,
    770,
    632,
    575,
    775,
    752,
    295,
    295,
    656,
    557,
    863,
    748,
    787,
    603,
    787,
    695,
    635,
    611,
    732,
    684,
    989,
    685,
    611,
    685,
    390,
    337,
    390,
    838,
    500,
    500,
    613,
    635,
    550,
    635,
    615,
    352,
    635,
    634,
    278,
    278,
    579,
    278,
    974,
    634,
    612,
    635,
    635,
    411,
    521,
    392,
    634,
    592,
    818,
    592,
    592,
    525,
    636,
    337,
    636,
    838,
)
_REGULAR_EXTRA = {
    "–": 500,
    "—": 1000,
    "…": 1000,
    "’": 318,
    "‘": 318,
    "“": 518,
    "”": 518,
    "•": 590,
    "²": 401,
    "·": 318,
    "±": 838,
    "é": 615,
    "×": 838,
}

_BOLD = (
    348,
    456,
    521,
    838,
    696,
    1002,
    872,
    306,
    457,
    457,
    523,
    838,
    380,
    415,
    380,
    365,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    400,
    400,
    838,
    838,
    838,
    580,
    1000,
    774,
    762,
    734,
    830,
    683,
    683,
    821,
    837,
    372,
    372,
    775,
    637,
    995,
    837,
    850,
    733,
    850,
    770,
    720,
    682,
    812,
    774,
    1103,
    771,
    724,
    725,
    457,
    365,
    457,
    838,
    500,
    500,
    675,
    716,
    593,
    716,
    678,
    435,
    716,
    712,
    343,
    343,
    665,
    343,
    1042,
    712,
    687,
    716,
    716,
    493,
    595,
    478,
    712,
    652,
    924,
    645,
    652,
    582,
    712,
    365,
    712,
    838,
)
_BOLD_EXTRA = {
    "–": 500,
    "—": 1000,
    "…": 1000,
    "’": 380,
    "‘": 380,
    "“": 657,
    "”": 657,
    "•": 639,
    "²": 438,
    "·": 380,
    "±": 838,
    "é": 678,
    "×": 838,
}
# Browsers may fall back to a font a little wider than DejaVu Sans (Verdana is): a margin.
SAFETY = 1.05


def text_width(text, size, *, bold=False):
    """The width of `text` at font size `size` (in the same unit as the size)."""
    table, extra = (_BOLD, _BOLD_EXTRA) if bold else (_REGULAR, _REGULAR_EXTRA)
    total = 0
    for char in str(text):
        code = ord(char)
        if 32 <= code <= 126:
            total += table[code - 32]
        else:
            total += extra.get(char, 1000)
    return total * size / 1000 * SAFETY


def wrap(text, size, width, *, bold=False):
    """`text` in lines no wider than `width`, broken between words.

    A single word wider than `width` is broken inside (the only way not to clip it); every
    other break falls between words.
    """
    lines = []
    current = ""
    for word in str(text).split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size, bold=bold) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and text_width(current[:cut], size, bold=bold) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current or not lines:
        lines.append(current)
    return lines
