"""The report's month: parsed from '2022-11', its bounds in local time, and months around it."""

import datetime

from django.utils import timezone

from bhabin.schedules import month_bounds as schedule_month_bounds


def parse_period(text):
    """'2022-11' -> (2022, 11); ValueError otherwise."""
    year, _, month = text.partition("-")
    if not (len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        raise ValueError(f"Periode harus berbentuk TTTT-BB, bukan {text!r}.")
    return int(year), int(month)


def month_bounds(year, month):
    """The first and last day of a month, and aware datetimes around it in local time."""
    first, last = schedule_month_bounds(year, month)
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time())
    )
    return first, last, start, end


def shift_month(year, month, by):
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1
