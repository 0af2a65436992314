"""Dashboard selectors that stay fast at Polda scale (thousands of areas, millions of visits).

For the reader building the dashboard pages: each function here takes the user (every query
goes through `visible_to(user)`) and the ids of the units a page covers, returns plain dicts
keyed by unit id (or lists), and issues the fixed number of queries its docstring names,
whatever the number of units, areas, visits or incidents.

Visit figures come from the monthly aggregates (`reports.AreaMonth`, kept equal to the visits
by `reports.aggregates.visits_changed`), so they cost a few thousand rows, not millions.
Incident figures come from `conflicts.Incident` itself (tens of thousands of rows, indexed on
unit and date), so they need no second copy to keep in step.
"""

import datetime

from django.db.models import (
    Count,
    FilteredRelation,
    Max,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from bhabin.models import AssistedArea
from conflicts.models import Incident
from personnel.models import Officer
from reports.aggregates import month_of
from reports.models import AreaMonth

COVERAGE_DAYS = 30
HOTSPOT_MONTHS = 12
# What a Bhabin is expected to log per area and month; a figure for the lead to confirm.
VISITS_TARGET_PER_AREA_MONTH = 8


def months_between(first, last):
    """The first days of the months from the month of `first` to that of `last`, in order."""
    month, stop, months = month_of(first), month_of(last), []
    while month <= stop:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def coverage_per_unit(user, unit_ids, first_month, last_month=None, *, today=None):
    """Per unit id, for the whole months from `first_month` to `last_month` (default: the same):

    - `areas`: active assisted areas of the unit;
    - `visits`, `households_visited`: visits logged in those months and households they reached;
    - `areas_period`: areas with at least one visit in those months;
    - `areas_window`: areas visited in the COVERAGE_DAYS days up to the end of the last month,
      or up to `today` (default: the local date) when the last month is the current one;
    - `target`: active areas x months x VISITS_TARGET_PER_AREA_MONTH.

    Units without areas are absent. One query: the active areas joined to their aggregate rows
    of the months involved only (about areas x 3 rows at Polda scale).
    """
    today = today or timezone.localdate()
    months = months_between(first_month, last_month or first_month)
    following = (months[-1] + datetime.timedelta(days=32)).replace(day=1)
    window_end = min(today, following - datetime.timedelta(days=1))
    window_start = window_end - datetime.timedelta(days=COVERAGE_DAYS - 1)
    window_start_at = timezone.make_aware(datetime.datetime.combine(window_start, datetime.time()))
    lowest = min(months[0], month_of(window_start))
    in_months = Q(m__month__gte=months[0], m__month__lte=months[-1])
    in_window = Q(m__month__gte=month_of(window_start), m__last_visit_at__gte=window_start_at)
    rows = (
        AssistedArea.objects.visible_to(user)
        .filter(unit_id__in=unit_ids)
        .annotate(
            m=FilteredRelation(
                "months", condition=Q(months__month__gte=lowest, months__month__lte=months[-1])
            )
        )
        .order_by()
        .values("unit_id")
        .annotate(
            areas=Count("pk", filter=Q(is_active=True), distinct=True),
            visits=Coalesce(Sum("m__visits", filter=in_months), 0),
            households_visited=Coalesce(Sum("m__households_visited", filter=in_months), 0),
            areas_period=Count("pk", filter=in_months, distinct=True),
            areas_window=Count("pk", filter=in_window, distinct=True),
        )
    )
    figures = {}
    for row in rows:
        row["target"] = row["areas"] * len(months) * VISITS_TARGET_PER_AREA_MONTH
        figures[row.pop("unit_id")] = row
    return figures


def visits_per_month(user, last_month, months=12, *, unit_ids=None, area_ids=None):
    """(month starts, visit counts) for the `months` months up to `last_month`, oldest first,
    over the areas of `unit_ids` or the areas `area_ids`. One query."""
    firsts = months_between(_months_before(month_of(last_month), months - 1), month_of(last_month))
    rows = AreaMonth.objects.visible_to(user).filter(month__gte=firsts[0], month__lte=firsts[-1])
    if unit_ids is not None:
        rows = rows.filter(area__unit_id__in=unit_ids)
    if area_ids is not None:
        rows = rows.filter(area_id__in=area_ids)
    counts = dict(
        rows.order_by().values("month").annotate(n=Sum("visits")).values_list("month", "n")
    )
    return firsts, [counts.get(first, 0) for first in firsts]


def _months_before(month, count):
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def last_visits(user, area_ids):
    """Per area id: the time of its latest visit (areas never visited are absent). One query."""
    rows = (
        AreaMonth.objects.visible_to(user)
        .filter(area_id__in=area_ids)
        .order_by()
        .values("area_id")
        .annotate(last=Max("last_visit_at"))
    )
    return {row["area_id"]: row["last"] for row in rows}


# --- Conflicts ---------------------------------------------------------------------------------


def _previous_period(start, end):
    """The period just before [start, end]: the previous months if it is whole months, else
    as many days before."""
    if start.day == 1 and (end + datetime.timedelta(days=1)).day == 1:
        months = len(months_between(start, end))
        first = _months_before(start, months)
        return first, start - datetime.timedelta(days=1)
    days = (end - start).days + 1
    return start - datetime.timedelta(days=days), start - datetime.timedelta(days=1)


def _year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def conflicts_per_unit_category(user, unit_ids, start, end):
    """Incident counts per (unit id, category id) for the days [start, end], with the same
    figures for the previous period (previous months when the period is whole months) and for
    the same period a year earlier:

        {(unit_id, category_id): {"current": n, "previous": n, "last_year": n}}

    Sum over the keys for per-unit or per-category totals. One query, reading only the
    incidents of the three periods through the (unit, occurred_on) index.
    """
    previous = _previous_period(start, end)
    last_year = (_year_earlier(start), _year_earlier(end))

    def within(bounds):
        return Q(occurred_on__gte=bounds[0], occurred_on__lte=bounds[1])

    rows = (
        Incident.objects.visible_to(user)
        .filter(unit_id__in=unit_ids)
        .filter(within((start, end)) | within(previous) | within(last_year))
        .order_by()
        .values("unit_id", "category_id")
        .annotate(
            current=Count("pk", filter=within((start, end))),
            previous=Count("pk", filter=within(previous)),
            last_year=Count("pk", filter=within(last_year)),
        )
    )
    return {(row.pop("unit_id"), row.pop("category_id")): row for row in rows}


def conflicts_per_month(user, unit_ids, year):
    """Per month number 1..12 of `year`: incidents of the units, with the same month of the
    previous year, as {"current": [12 counts], "last_year": [12 counts]}. One query."""
    rows = (
        Incident.objects.visible_to(user)
        .filter(unit_id__in=unit_ids)
        .filter(
            occurred_on__gte=datetime.date(year - 1, 1, 1),
            occurred_on__lte=datetime.date(year, 12, 31),
        )
        .annotate(y=ExtractYear("occurred_on"), m=ExtractMonth("occurred_on"))
        .order_by()
        .values("y", "m")
        .annotate(n=Count("pk"))
    )
    figures = {"current": [0] * 12, "last_year": [0] * 12}
    for row in rows:
        figures["current" if row["y"] == year else "last_year"][row["m"] - 1] = row["n"]
    return figures


def hotspots(user, unit_ids, end, limit=10):
    """The areas with the most incidents in the HOTSPOT_MONTHS months up to the day `end`,
    most first, each an AssistedArea with `incident_count` and its `unit` loaded. Two queries:
    the counts grouped by area from the incidents, then the areas themselves."""
    first = _months_before(month_of(end), HOTSPOT_MONTHS - 1)
    counts = list(
        Incident.objects.visible_to(user)
        .filter(unit_id__in=unit_ids, area__isnull=False)
        .filter(occurred_on__gte=first, occurred_on__lte=end)
        .order_by()
        .values("area_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "area_id")[:limit]
    )
    areas = (
        AssistedArea.objects.visible_to(user)
        .select_related("unit")
        .in_bulk([row["area_id"] for row in counts])
    )
    hot = []
    for row in counts:
        area = areas.get(row["area_id"])
        if area is not None:
            area.incident_count = row["n"]
            hot.append(area)
    return hot


# --- Workload ----------------------------------------------------------------------------------


def workload_per_unit(user, unit_ids):
    """Per unit id: active areas, their population and km², active Bhabin officers, and the
    areas, population and km² per officer (None without officers). Units with neither areas
    nor officers are absent. Two queries: areas grouped by unit, officers grouped by unit."""
    areas = (
        AssistedArea.objects.visible_to(user)
        .filter(unit_id__in=unit_ids, is_active=True)
        .order_by()
        .values("unit_id")
        .annotate(areas=Count("pk"), population=Sum("population"), area_km2=Sum("area_km2"))
    )
    officers = dict(
        Officer.objects.visible_to(user)
        .bhabin()
        .filter(unit_id__in=unit_ids)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    empty = {"areas": 0, "population": 0, "area_km2": None}
    figures = {unit_id: {**empty, "unit_id": unit_id} for unit_id in officers}
    for row in areas:
        figures[row["unit_id"]] = row
    for unit_id, row in figures.items():
        del row["unit_id"]
        row["population"] = row["population"] or 0
        count = row["officers"] = officers.get(unit_id, 0)
        for name in ("areas", "population", "area_km2"):
            value = row[name]
            row[f"{name}_per_officer"] = (
                round(value / count, 2) if count and value is not None else None
            )
    return figures
