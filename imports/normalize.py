"""Cell normalisers: each turns one spreadsheet cell into a clean value or raises CellError.

Messages go through gettext (English msgids, Indonesian in locale/id): they are shown to Polres
staff next to the row that failed.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY_MARKS = frozenset({"", "-", "--", "—", "–", "nihil", "nil"})
EXCEL_EPOCH = datetime.date(1899, 12, 30)

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "maret": 3,
    "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11, "nop": 11,
    "desember": 12, "des": 12,
}  # fmt: skip
DAY_NAMES = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad")

# What a cell is called in a message when the caller does not name its column.
COUNT = gettext_lazy("Count")
CASUALTIES = gettext_lazy("Number of casualties")
RUPIAH = gettext_lazy("Rupiah amount")
DATE = gettext_lazy("Date")
TIME = gettext_lazy("Time")
NUMBER = gettext_lazy("Number")


class CellError(ValueError):
    """A cell that cannot be read; the message is for the person who filled in the sheet."""


def is_empty(value):
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and value.strip().lower() in EMPTY_MARKS


def clean_text(value):
    """Text with surrounding and repeated spaces removed; numbers typed as 12.0 become "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _integer(value, what):
    if isinstance(value, bool):
        raise CellError(
            _("%(what)s must be a number, not %(value)s.") % {"what": what, "value": repr(value)}
        )
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(
                _("%(what)s must be a whole number, not %(value)s.")
                % {"what": what, "value": f"{value:g}"}
            )
        number = int(value)
    else:
        text = clean_text(value).replace(" ", "")
        # Indonesian thousands use dots (1.234); a trailing ",00" or ",-" carries no value.
        text = re.sub(r",(-|0+)?$", "", text)
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        if not re.fullmatch(r"-?\d+", text):
            raise CellError(
                _("%(what)s must be a number, not '%(value)s'.")
                % {"what": what, "value": clean_text(value)}
            )
        number = int(text)
    if number < 0:
        raise CellError(
            _("%(what)s cannot be negative (%(number)s).") % {"what": what, "number": number}
        )
    return number


def parse_count(value, what=COUNT):
    """A count: "-" and blank mean 0 (how recap sheets write zero)."""
    if is_empty(value):
        return 0
    return _integer(value, what)


def parse_casualty(value, what=CASUALTIES):
    """A casualty count: "-" and blank mean unknown (None), never zero."""
    if is_empty(value):
        return None
    return _integer(value, what)


def parse_rupiah(value, what=RUPIAH):
    """An amount in Rupiah: "Rp47.360.000,-", "Rp 1.500.000,00", 47360000 -> int."""
    if is_empty(value):
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _integer(value, what)
    text = clean_text(value)
    text = re.sub(r"(?i)^rp\.?\s*", "", text).strip()
    return _integer(text, what)


def parse_nrp(value):
    """An NRP as 8-digit text; a sheet that stored it as a number lost leading zeros."""
    if is_empty(value):
        raise CellError(_("NRP is required."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("NRP '%(value)s' is not 8 digits.") % {"value": value})
        value = int(value)
    text = re.sub(r"[\s.\-]", "", str(value).strip())
    if not text.isdigit() or len(text) > 8:
        raise CellError(_("NRP '%(value)s' is not 8 digits.") % {"value": clean_text(value)})
    return text.zfill(8)


RANK_ALIASES = {
    "BRIGADIR": "BRIGPOL", "BRIGADIRPOLISI": "BRIGPOL", "BRIG": "BRIGPOL", "BRIGPOL": "BRIGPOL",
    "BRIPDA": "BRIPDA", "BRIGADIRPOLISIDUA": "BRIPDA", "BRIPTU": "BRIPTU",
    "BRIGADIRPOLISISATU": "BRIPTU", "BRIPKA": "BRIPKA", "BRIGADIRPOLISIKEPALA": "BRIPKA",
    "AIPDA": "AIPDA", "AJUNINSPEKTURPOLISIDUA": "AIPDA", "AIPTU": "AIPTU",
    "AJUNINSPEKTURPOLISISATU": "AIPTU", "IPDA": "IPDA", "INSPEKTURPOLISIDUA": "IPDA",
    "IPTU": "IPTU", "INSPEKTURPOLISISATU": "IPTU", "AKP": "AKP", "AJUNKOMISARISPOLISI": "AKP",
    "KOMPOL": "KOMPOL", "KOMISARISPOLISI": "KOMPOL", "AKBP": "AKBP",
    "AJUNKOMISARISBESARPOLISI": "AKBP", "KOMBES": "KOMBES", "KOMBESPOL": "KOMBES",
    "KOMISARISBESARPOLISI": "KOMBES", "BHARADA": "BHARADA", "BHARATU": "BHARATU",
    "BHARAKA": "BHARAKA", "ABRIP": "ABRIP", "ABRIPTU": "ABRIPTU", "ABRIPDA": "ABRIPDA",
    "BRIGJEN": "BRIGJEN", "BRIGJENPOL": "BRIGJEN", "IRJEN": "IRJEN", "IRJENPOL": "IRJEN",
    "KOMJEN": "KOMJEN", "KOMJENPOL": "KOMJEN", "JENDERAL": "JENDERAL", "JENDERALPOL": "JENDERAL",
}  # fmt: skip


def parse_rank(value):
    """A Polri rank in any usual spelling ("Brigpol", "BRIGADIR", "Brig. Pol.") -> its code."""
    key = re.sub(r"[^A-Z]", "", clean_text(value).upper())
    if key not in RANK_ALIASES:
        raise CellError(_("Rank '%(value)s' is not known.") % {"value": clean_text(value)})
    return RANK_ALIASES[key]


def parse_phone(value):
    """An Indonesian phone number in +62 form; blank stays blank."""
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = re.sub(r"[\s\-().]", "", str(value).strip())
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        raise CellError(_("Mobile number '%(value)s' is not valid.") % {"value": clean_text(value)})
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    elif digits.startswith("8"):  # stored as a number: the leading 0 was lost
        national = digits
    else:
        raise CellError(
            _("Mobile number '%(value)s' is not an Indonesian number.")
            % {"value": clean_text(value)}
        )
    if not 8 <= len(national) <= 13:
        raise CellError(
            _("Mobile number '%(value)s' has an implausible length.") % {"value": clean_text(value)}
        )
    return "+62" + national


def parse_date(value, what=DATE):
    """A date from a date cell, ISO text, an Excel serial number, d/m/Y, or Indonesian text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if is_empty(value):
        raise CellError(_("%(what)s is required.") % {"what": what})
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError(
            _("%(what)s '%(value)s' is not recognised.") % {"what": what, "value": value}
        )
    text = clean_text(value)
    lowered = text.lower()
    for day in DAY_NAMES:
        if lowered.startswith(day):
            lowered = lowered[len(day) :].lstrip(" ,")
            break
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?", lowered)
    if match:
        year, month, day = map(int, match.groups())
        return _date(year, month, day, text, what)
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", lowered)
    if match:
        day, month, year = map(int, match.groups())
        return _date(year, month, day, text, what)
    match = re.fullmatch(r"(\d{1,2})\s+([a-z']+)\.?\s+(\d{4})", lowered)
    if match and match.group(2) in MONTHS:
        return _date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)), text, what)
    if re.fullmatch(r"\d+(\.0+)?", lowered):
        return parse_date(float(lowered), what)
    raise CellError(
        _("%(what)s '%(value)s' is not recognised (for example: 2022-12-01 or 1 December 2022).")
        % {"what": what, "value": text}
    )


def _date(year, month, day, text, what):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _("%(what)s '%(value)s' is not a date that exists.") % {"what": what, "value": text}
        ) from None


def parse_time(value, what=TIME):
    """A time of day ("07:30", "07.30", an Excel fraction of a day); blank means unknown."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return datetime.time(minutes // 60, minutes % 60)
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?(?:\s*wib)?", clean_text(value).lower())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise CellError(
            _("%(what)s '%(value)s' is not recognised (for example: 07:30).")
            % {"what": what, "value": clean_text(value)}
        )
    return datetime.time(int(match.group(1)), int(match.group(2)))


def parse_decimal(value, what=NUMBER):
    """A decimal number written with either comma or dot as the decimal mark; blank is None."""
    if is_empty(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = clean_text(value).replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(
            _("%(what)s '%(value)s' is not a number.") % {"what": what, "value": clean_text(value)}
        ) from None
    if number < 0:
        raise CellError(
            _("%(what)s cannot be negative (%(number)s).") % {"what": what, "number": number}
        )
    return number


def name_key(value, drop=()):
    """A key for matching names: lower case, letters and digits only, given words dropped."""
    words = re.findall(r"[a-z0-9]+", clean_text(value).lower())
    return "".join(w for w in words if w not in drop)


UNIT_WORDS = ("polsek", "polres", "polda", "polresta", "polrestabes", "metro", "sektor", "resor")


def unit_key(value):
    """ "POLSEK CIKARANG BARAT", "Cikarang Barat", "Polsek Cikarang-Barat" -> "cikarangbarat"."""
    return name_key(value, drop=UNIT_WORDS) or name_key(value)


# "Bripka / 87011234", "AIPDA/79120345", "Cecep Pratama NRP. 87011234", "87011234 - BRIPKA".
TEXT_THEN_NRP = re.compile(r"^(.*?)[\s/,;:|()\-]*(?:nrp[\s.:]*)?(\d{8})\)?$", re.I)
NRP_THEN_TEXT = re.compile(r"^(\d{8})[\s/,;:|\-]+(.+)$")


def split_nrp(value):
    """A cell holding a rank or a name and an NRP -> (the text, the NRP); CellError otherwise."""
    text = clean_text(value)
    match = TEXT_THEN_NRP.match(text)
    if match and match.group(1).strip(" /-"):
        return match.group(1).strip(" /-,"), match.group(2)
    match = NRP_THEN_TEXT.match(text)
    if match:
        return match.group(2).strip(" /-,"), match.group(1)
    raise CellError(
        _(
            "'%(value)s' does not hold a rank or name and an 8-digit NRP"
            " (for example: BRIPKA / 87011234)."
        )
        % {"value": text}
    )


def holds_nrp(values, share=0.8):
    """Whether a column's filled cells mostly carry an NRP besides their text (its content, not
    its heading, says it is a combined column)."""
    filled = [v for v in values if not is_empty(v)]
    if not filled:
        return False
    split = 0
    for value in filled:
        try:
            split_nrp(value)
        except CellError:
            continue
        split += 1
    return split >= share * len(filled)


DATETIME_TEXT = re.compile(r"^(.*\d)[ T](\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)(?:\s*wib)?$", re.I)


def split_date_time(value, what_date=DATE, what_time=TIME):
    """A date cell, possibly carrying a time ("2022-08-01 09:15", "4/1/2022 07.30 WIB", a
    datetime, an Excel date-time serial) -> (date, time or None)."""
    if isinstance(value, datetime.datetime):
        moment = value.time()
        return value.date(), (moment if moment != datetime.time() else None)
    if isinstance(value, float) and not value.is_integer():
        return parse_date(value, what_date), parse_time(value % 1, what_time)
    if isinstance(value, str):
        match = DATETIME_TEXT.match(value.strip())
        if match:
            return (
                parse_date(match.group(1), what_date),
                parse_time(match.group(2).replace(".", ":"), what_time),
            )
    return parse_date(value, what_date), None
