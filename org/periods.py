"""Months, periods and working days: the one home of calendar arithmetic and of parsing the
dates, months and years that people type (URL parameters, forms, command options).

A month is written as the date of its first day. Local time is Asia/Jakarta (settings.TIME_ZONE):
a visit at 23:30 on the 31st belongs to that month whatever UTC says.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import PublicHoliday

# A date typed outside these years is a typing mistake, and stepping past year 1 or 9999 would
# overflow: parsers refuse it.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_of(value):
    """The first day of the month of a date, or of an aware datetime in local time."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def month_days(month):
    """The first and the last day of the month that contains the date `month`."""
    first = month_of(month)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def shift_month(month, by):
    """The first day of the month `by` months after (before, if negative) the month of `month`."""
    index = month.year * 12 + (month.month - 1) + by
    return datetime.date(index // 12, index % 12 + 1, 1)


def day_start(day):
    """The aware local datetime at which a day begins."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def month_bounds(month):
    """The aware local datetimes [start, end) of the month that contains the date or aware
    datetime `month`, for filtering datetime fields."""
    first = month_of(month)
    return day_start(first), day_start(shift_month(first, 1))


def reports_due(month):
    """The end of the due day of a month's reports: the end of settings.REPORTS_DUE_DAY of the
    next month, local time. A report recorded before it is on time."""
    following = shift_month(month_of(month), 1)
    return day_start(following.replace(day=settings.REPORTS_DUE_DAY) + datetime.timedelta(days=1))


def months_between(first, last):
    """The first days of the months from the month of `first` to that of `last`, inclusive."""
    month, end, months = month_of(first), month_of(last), []
    while month <= end:
        months.append(month)
        month = shift_month(month, 1)
    return months


# --- Parsing what people type ---------------------------------------------------------------


def _in_range(year, text, kind):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            _("“%(value)s” is not a %(kind)s between %(first)d and %(last)d.")
            % {"value": text, "kind": kind, "first": FIRST_YEAR, "last": LAST_YEAR}
        )


def parse_date(text):
    """'2022-11-30' -> date(2022, 11, 30); ValueError, with a message to show, otherwise."""
    text = (text or "").strip()
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text}) from None
    if len(text) != 10:  # fromisoformat also takes "20221130" and week dates
        raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text})
    _in_range(day.year, text, _("date"))
    return day


def parse_month(text):
    """'2022-11' -> date(2022, 11, 1); ValueError, with a message to show, otherwise."""
    text = (text or "").strip()
    year, dash, month = text.partition("-")
    if not (dash and len(year) == 4 and year.isdigit() and month.isdigit() and len(month) <= 2):
        raise ValueError(_("“%(value)s” is not a month (YYYY-MM).") % {"value": text})
    if not 1 <= int(month) <= 12:
        raise ValueError(_("“%(value)s” is not a month (YYYY-MM).") % {"value": text})
    _in_range(int(year), text, _("month"))
    return datetime.date(int(year), int(month), 1)


def parse_year(text):
    """'2022' -> 2022; ValueError, with a message to show, otherwise."""
    text = (text or "").strip()
    if not (len(text) == 4 and text.isdigit()):
        raise ValueError(_("“%(value)s” is not a year (YYYY).") % {"value": text})
    _in_range(int(text), text, _("year"))
    return int(text)


def parse_date_parts(year, month=None, day=None):
    """The first day the admin's date hierarchy asks for ('2022', '11', None -> date(2022, 11,
    1)); ValueError, with a message to show, for parts that are not numbers, not a day of the
    calendar, or so far out that the next year or day would not exist. Wider than the years the
    other parsers take: the hierarchy offers the years found in the data."""
    parts = [(text or "").strip() for text in (year, month or "1", day or "1")]
    shown = "-".join(part for part in (year, month, day) if part)
    if not all(part.isascii() and part.isdigit() and len(part) <= 4 for part in parts):
        raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": shown[:40]})
    try:
        first = datetime.date(*(int(part) for part in parts))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": shown}) from None
    if not 1 <= first.year < datetime.MAXYEAR:
        raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": shown})
    return first


def parse_or_none(parser, text):
    """What `parser` makes of `text`, or None when it is blank or not valid."""
    try:
        return parser(text) if (text or "").strip() else None
    except ValueError:
        return None


# --- Periods -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included; `is_month` when it is one calendar month."""

    start: datetime.date
    end: datetime.date
    is_month: bool = False

    @classmethod
    def month(cls, month):
        """The calendar month that contains the date `month`."""
        first, last = month_days(month)
        return cls(first, last, True)

    @classmethod
    def of(cls, start, end):
        """The days from start to end; a whole calendar month is a month period."""
        if start.day == 1 and end == month_days(start)[1]:
            return cls.month(start)
        return cls(start, end)

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period just before: the previous calendar month, or as many days before."""
        if self.is_month:
            return Period.month(shift_month(self.start, -1))
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def last_year(self):
        """The same period a year earlier (29 February becomes the 28th)."""
        if self.is_month:
            return Period.month(shift_month(self.start, -12))
        return Period(_year_earlier(self.start), _year_earlier(self.end))

    def bounds(self):
        """Aware local datetimes [start, day after end), for datetime fields."""
        return day_start(self.start), day_start(self.end + datetime.timedelta(days=1))

    def query(self):
        """The URL parameters that select this period again."""
        if self.is_month:
            return f"period={self.start:%Y-%m}"
        return f"from={self.start:%Y-%m-%d}&to={self.end:%Y-%m-%d}"


def _year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def requested_period(params):
    """The period the parameters ask for (`from` and `to`, else `period=YYYY-MM`), or None
    when they ask for none or for one that is not valid."""
    start = parse_or_none(parse_date, params.get("from"))
    end = parse_or_none(parse_date, params.get("to"))
    if start and end and start <= end:
        return Period.of(start, end)
    month = parse_or_none(parse_month, params.get("period"))
    return Period.month(month) if month else None


# --- Working days ----------------------------------------------------------------------------


def holidays_between(first, last):
    """Public holidays and cuti bersama in a period, by date (reference data, one query)."""
    return {h.date: h for h in PublicHoliday.objects.filter(date__range=(first, last))}


def working_days(first, last, *, closed=None):
    """The days from first to last on which Bhabinkamtibmas field work is planned: the weekdays
    of settings.FIELD_WORK_WEEKDAYS (Monday to Saturday) that are not in `closed` (by default
    the public holidays and cuti bersama of the period, one query)."""
    closed = holidays_between(first, last) if closed is None else closed
    days, day = [], first
    while day <= last:
        if day.weekday() in settings.FIELD_WORK_WEEKDAYS and day not in closed:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def parse_param(request, name, parser, default=None):
    """A query-string parameter through one of the parsers above: its value, or `default` when
    it is absent, and `default` with a message saying so when it is not valid (never an error
    page)."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    try:
        return parser(raw)
    except ValueError as error:
        messages.warning(request, str(error))
        return default
