"""Indonesian amounts in words (terbilang), Rupiah figures and dates, for official documents.

The study prints Rp136.860.000 in words as ninety-four million...: amounts in words are always
generated from the figure, never typed.

    terbilang(136_860_000)  -> "seratus tiga puluh enam juta delapan ratus enam puluh ribu rupiah"
    terbilang(11, unit="")  -> "sebelas"
    rupiah(136_860_000)     -> "Rp136.860.000"
    tanggal(date(2022, 12, 1)) -> "1 Desember 2022"
"""

from decimal import Decimal

ONES = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]
# Each group of three digits, lowest first; "ribu" takes "se-" for one ("seribu", not "satu ribu").
SCALES = ["", "ribu", "juta", "miliar", "triliun"]
LIMIT = 10**15  # up to 999 triliun

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _whole(n):
    if isinstance(n, bool):
        raise TypeError("A number is needed, not a boolean.")
    if isinstance(n, float | Decimal):
        if n != int(n):
            raise ValueError(f"Terbilang needs a whole number, not {n}.")
        n = int(n)
    if not isinstance(n, int):
        raise TypeError(f"A whole number is needed, not {type(n).__name__}.")
    if not 0 <= n < LIMIT:
        raise ValueError(f"Terbilang covers 0 to {LIMIT - 1:,}, not {n:,}.")
    return n


def _below_thousand(n):
    """Words for 1..999."""
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [ONES[hundreds], "ratus"]
    if rest < 12:
        if rest:
            words.append(ONES[rest])
    elif rest < 20:
        words += [ONES[rest - 10], "belas"]
    else:
        tens, ones = divmod(rest, 10)
        words += [ONES[tens], "puluh"]
        if ones:
            words.append(ONES[ones])
    return words


def terbilang(n, *, unit="rupiah"):
    """An amount from 0 to 999 triliun in Indonesian words, followed by `unit` (if any)."""
    n = _whole(n)
    if n == 0:
        words = ["nol"]
    else:
        words = []
        groups = []
        while n:
            n, group = divmod(n, 1000)
            groups.append(group)
        for scale in reversed(range(len(groups))):
            group = groups[scale]
            if not group:
                continue
            if scale == 1 and group == 1:
                words.append("seribu")
                continue
            words += _below_thousand(group)
            if SCALES[scale]:
                words.append(SCALES[scale])
    if unit:
        words.append(unit)
    return " ".join(words)


def rupiah(n):
    """A Rupiah figure with dots between thousands: Rp136.860.000 (negative: -Rp5.000)."""
    if isinstance(n, float | Decimal):
        n = int(round(n))
    sign = "-" if n < 0 else ""
    return f"{sign}Rp{abs(n):,}".replace(",", ".")


def angka(n):
    """A count with dots between thousands: 1.452."""
    return f"{n:,}".replace(",", ".")


def bulan(month):
    """The Indonesian name of a month (1-12)."""
    return MONTHS[month - 1]


def bulan_romawi(month):
    """A month in Roman numerals, as in a letter number (XI for November)."""
    return ROMAN_MONTHS[month - 1]


def tanggal(day):
    """A date in Indonesian: 1 Desember 2022."""
    return f"{day.day} {bulan(day.month)} {day.year}"
