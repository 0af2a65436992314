"""Read-only queries behind the Kasat Binmas dashboard (`/dasbor/`) and its drill-down pages.

Every selector takes the user (every query goes through `visible_to(user)`) and the unit a page
covers (`root`: its rows and those of the units below it, found by the tree path, not by a list
of ids), and aggregates in the database: each issues a fixed number of queries, whatever the
number of units, areas or rows.

Visit figures read the monthly aggregates (`bhabin.AreaMonth`, kept equal to the visits by
`bhabin.services`) for every whole calendar month of a period, and the raw visits only for
the days of a `from`/`to` period that do not fill a month (at most two partial months at its
edges), so the figures are exact for any period and a month period never touches the visits.
Incident counts per month, category and unit read `conflicts.UnitIncidentMonth`, a unit's own
incidents per month and category, added up over the subtree by the tree path (about one row per
unit, month and category that had any, not every incident; the same edge rule applies);
hotspots, which are per area, read the incidents through an index. Open warnings and cases per
area come from `bhabin.AreaOpenItems`.

The per-unit selectors take an optional `recaps.selectors.Rollup`: given one, they group by
its row unit (a Polda's dashboard has a row per Polres with the totals of its subtree) in the
same single query; without, by unit.
"""

import datetime

from django.db.models import (
    Count,
    DateField,
    Exists,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from bhabin.models import (
    AreaMonth,
    Assignment,
    AssistedArea,
    EarlyWarning,
    ProblemCase,
    Visit,
    VisitSchedule,
)
from bhabin.months import default_month, latest_visit_month  # noqa: F401 (re-exported)
from bhabin.schedules import visit_done
from conflicts.models import Incident, UnitIncidentMonth
from org.periods import Period, day_start, month_of, shift_month
from personnel.models import OtherDuty
from recaps.selectors import row_unit_key

COVERAGE_DAYS = 30
HOTSPOT_MONTHS = 12
TREND_MONTHS = 12


def default_period(user, root, today=None):
    """The month a page opens on (`bhabin.months.default_month`) as a period, and whether it
    is the latest month with visits. One query."""
    month, has_data = default_month(user, root, today)
    return Period.month(month), has_data


# --- Areas and coverage -------------------------------------------------------------------


def _active_primary(on):
    """Whether the outer area has an active primary officer on a day. The assignments are the
    outer area's own, and that area is visible, so they are too: scoping them again would join
    every assignment to its area and unit a second time."""
    return Exists(Assignment.objects.primary_of(on=on))


def unstaffed_areas(user, root, on=None):
    """Active areas of the units without an active primary officer on a day (a queryset)."""
    on = on or timezone.localdate()
    return (
        AssistedArea.objects.visible_to(user)
        .filter(root.subtree("unit"), is_active=True)
        .filter(~_active_primary(on))
    )


def area_figures_per_unit(user, root, on=None, rollup=None):
    """Per unit id, from one pass over the areas: active areas (`areas`), those without an
    active primary officer on a day (`unstaffed`), the population and km² of the active areas,
    and the open early warnings and problem-solving cases of every area (from
    `reports.AreaOpenItems`, one row per area with any). One query: it was five passes over the
    same areas, each joined and grouped again, two of them counting in the warnings and cases
    of every area.
    """
    on = on or timezone.localdate()
    active = Q(is_active=True)
    rows = (
        AssistedArea.objects.visible_to(user)
        .filter(root.subtree("unit"))
        .order_by()
        .values(row_unit=row_unit_key(rollup, "unit"))
        .annotate(
            areas=Count("pk", filter=active),
            unstaffed=Count("pk", filter=active & ~_active_primary(on)),
            population=Coalesce(Sum("population", filter=active), 0),
            area_km2=Sum("area_km2", filter=active),
            open_warnings=Coalesce(Sum("open_items__warnings"), 0),
            open_cases=Coalesce(Sum("open_items__cases"), 0),
        )
    )
    return {row.pop("row_unit"): row for row in rows}


def _is_month_end(day):
    return (day + datetime.timedelta(days=1)).day == 1


def split_period(start, end):
    """The days [start, end] as (whole months, edges): the first days of the calendar months
    that lie wholly inside, and the (first, last) day ranges left over at either end."""
    first_whole = start if start.day == 1 else shift_month(start, 1)
    after_whole = end.replace(day=1) if not _is_month_end(end) else end + datetime.timedelta(1)
    months = []
    month = first_whole
    while month < after_whole:
        months.append(month)
        month = shift_month(month, 1)
    if not months:
        return [], [(start, end)]
    edges = []
    if start < first_whole:
        edges.append((start, first_whole - datetime.timedelta(days=1)))
    if after_whole <= end:
        edges.append((after_whole, end))
    return months, edges


def _on_days(edges, field, *, at=lambda day: day):
    """Rows whose `field` falls on the days of the (first, last) edge ranges: a Q, never true
    without edges. A datetime field passes `at=day_start` (each day from local midnight)."""
    where = Q(pk__in=[])
    for first, last in edges:
        where |= Q(
            **{f"{field}__gte": at(first)},
            **{f"{field}__lt": at(last + datetime.timedelta(days=1))},
        )
    return where


def _visits_on(edges):
    return _on_days(edges, "occurred_at", at=day_start)


def coverage_per_unit(user, root, period, rollup=None):
    """Per unit id: visits in the period, areas visited in it, and areas visited in the
    COVERAGE_DAYS days up to its end.

    One query for a period of whole months (the aggregate rows of the active and inactive
    areas of the units, about areas x 3 rows), one more for the visit count of partial months.
    An area counts as visited in the window when one of its whole months there has its last
    visit on or after the window's first day (every visit of a whole month in the window is
    before the window's end); a partial last month reads the visits.
    """
    months, edges = split_period(period.start, period.end)
    window_first = period.end - datetime.timedelta(days=COVERAGE_DAYS - 1)
    # The window's months from the one it starts in; a partial last month is one edge from the
    # 1st, which is never before the window's first day (COVERAGE_DAYS < 31).
    window_months, window_edges = split_period(month_of(window_first), period.end)
    lowest = min([*months, *window_months], default=month_of(period.end))
    highest = max([*months, *window_months], default=lowest)
    in_months = Q(m__month__in=months)
    in_window = Q(m__month__in=window_months, m__last_visit_at__gte=day_start(window_first))
    visits = Visit.objects.visible_to(user).filter(area=OuterRef("pk"))
    if edges:
        in_months |= Exists(visits.filter(_visits_on(edges)))
    if window_edges:
        in_window |= Exists(visits.filter(_visits_on(window_edges)))
    rows = (
        AssistedArea.objects.visible_to(user)
        .filter(root.subtree("unit"))
        .annotate(
            m=FilteredRelation(
                "months", condition=Q(months__month__gte=lowest, months__month__lte=highest)
            )
        )
        .order_by()
        .values(row_unit=row_unit_key(rollup, "unit"))
        .annotate(
            visits=Coalesce(Sum("m__visits", filter=Q(m__month__in=months)), 0),
            areas_period=Count("pk", filter=in_months, distinct=True),
            areas_window=Count("pk", filter=in_window, distinct=True),
        )
    )
    figures = {row.pop("row_unit"): row for row in rows}
    if edges:
        edge_rows = (
            Visit.objects.visible_to(user)
            .filter(_visits_on(edges), root.subtree("area__unit"))
            .order_by()
            .values(row_unit=row_unit_key(rollup, "area__unit"))
            .annotate(n=Count("pk"))
        )
        for row in edge_rows:
            figures[row["row_unit"]]["visits"] += row["n"]
    return figures


def schedule_per_unit(user, root, period, rollup=None):
    """Per unit id: visits scheduled in the period and those done (a visit by the same officer
    to the same area on the planned day). One query."""
    rows = (
        VisitSchedule.objects.visible_to(user)
        .filter(
            root.subtree("area__unit"), planned_on__gte=period.start, planned_on__lte=period.end
        )
        .annotate(done=visit_done())
        .order_by()
        .values(row_unit=row_unit_key(rollup, "area__unit"))
        .annotate(planned=Count("pk"), done_count=Count("pk", filter=Q(done=True)))
    )
    return {row["row_unit"]: row for row in rows}


def other_duty_hours_per_unit(user, root, period, rollup=None):
    """Per unit id: hours of other duties (Sabhara, Mako, ...) in the period. One query."""
    rows = (
        OtherDuty.objects.visible_to(user)
        .filter(root.subtree("officer__unit"), date__gte=period.start, date__lte=period.end)
        .order_by()
        .values(row_unit=row_unit_key(rollup, "officer__unit"))
        .annotate(hours=Sum("hours"))
    )
    return {row["row_unit"]: row["hours"] for row in rows}


# --- Conflicts ---------------------------------------------------------------------------


def _incidents(user, root):
    return Incident.objects.visible_to(user).filter(root.subtree("unit"))


def _incident_months(user, root):
    """The monthly incident rows of `root` and the units below it."""
    return UnitIncidentMonth.objects.visible_to(user).filter(root.subtree("unit")).order_by()


def incidents_per_month(user, root, year):
    """Twelve counts, January first, of the incidents of a year in `root` and the units below
    it, from the units' monthly rows. One query."""
    rows = (
        _incident_months(user, root)
        .filter(month__gte=datetime.date(year, 1, 1), month__lte=datetime.date(year, 12, 1))
        .values("month")
        .annotate(n=Sum("incidents"))
    )
    counts = [0] * 12
    for row in rows:
        counts[row["month"].month - 1] = row["n"]
    return counts


INCIDENT_SPANS = ("current", "previous", "last_year")


def incidents_per_unit_category(user, root, period, rollup):
    """Incident counts per row unit of `rollup` and category, as dicts with `row_unit`,
    `category_id` and the counts `current` (in the period), `previous` (the period before)
    and `last_year` (the same period a year earlier).

    Whole months come from the units' monthly rows (`conflicts.UnitIncidentMonth`), added up
    per row unit; the days of a period that do not fill a month (never for a month period) are
    counted on the incidents. One query, two with such days.
    """
    spans = dict(zip(INCIDENT_SPANS, (period, period.previous(), period.last_year()), strict=True))
    whole, edges = {}, {}
    for name, span in spans.items():
        whole[name], edges[name] = split_period(span.start, span.end)
    figures = {}

    def add(row):
        key = (row["row_unit"], row["category_id"])
        figure = figures.setdefault(
            key,
            {"row_unit": key[0], "category_id": key[1], **dict.fromkeys(spans, 0)},
        )
        for name in spans:
            figure[name] += row[name]

    months = sorted(set().union(*whole.values()))
    if months:
        totals = (
            _incident_months(user, root)
            .filter(month__in=months)
            .values("category_id", row_unit=row_unit_key(rollup, "unit"))
            .annotate(
                **{
                    name: Coalesce(Sum("incidents", filter=Q(month__in=whole[name])), 0)
                    if whole[name]
                    else Value(0)
                    for name in spans
                }
            )
        )
        for row in totals:
            add(row)
    if any(edges.values()):
        on_edges = {name: _on_days(edges[name], "occurred_on") for name in spans}
        rows = (
            _incidents(user, root)
            .filter(_on_days([edge for name in spans for edge in edges[name]], "occurred_on"))
            .order_by()
            .values("category_id", row_unit=row_unit_key(rollup, "unit"))
            .annotate(
                **{
                    name: Count("pk", filter=on_edges[name]) if edges[name] else Value(0)
                    for name in spans
                }
            )
        )
        for row in rows:
            add(row)
    return list(figures.values())


def hotspot_window(end):
    """The HOTSPOT_MONTHS months up to a day: (first day, last day)."""
    first = end.replace(day=1)
    for _ in range(HOTSPOT_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first, end


def hotspots(user, root, end, limit=10):
    """The areas with the most incidents in the HOTSPOT_MONTHS months up to `end`, most first,
    each with `incident_count` and its unit. Two queries: the counts grouped by area on the
    incidents alone (narrow rows), then the few areas chosen."""
    first, last = hotspot_window(end)
    counts = list(
        _incidents(user, root)
        .filter(area__isnull=False, occurred_on__gte=first, occurred_on__lte=last)
        .order_by()
        .values("area_id")
        .annotate(n=Count("*"))  # not Count("pk"): the (occurred_on, area, unit) index suffices
        .order_by("-n", "area_id")[:limit]
    )
    areas = (
        AssistedArea.objects.visible_to(user)
        .select_related("unit")
        .in_bulk([row["area_id"] for row in counts])
    )
    chosen = []
    for row in counts:
        area = areas.get(row["area_id"])
        if area is not None:
            area.incident_count = row["n"]
            chosen.append(area)
    # Equal counts by name, as the list is read.
    return sorted(chosen, key=lambda area: (-area.incident_count, area.name))


def open_warnings(user):
    return EarlyWarning.objects.visible_to(user).filter(state=EarlyWarning.State.OPEN)


def open_cases(user):
    return ProblemCase.objects.visible_to(user).filter(state=ProblemCase.State.OPEN)


def latest_open(queryset, root, limit=10):
    """The latest open rows of the units (newest first, then highest id), with area, unit and
    officer. One query: the `limit` ids are chosen on narrow rows first, then joined, instead
    of joining every open row of a Polda before keeping ten."""
    ordering = [*queryset.model._meta.ordering, "-pk"]
    latest = queryset.filter(root.subtree("area__unit")).order_by(*ordering).values("pk")
    return list(
        queryset.filter(pk__in=latest[:limit])
        .select_related("area", "area__unit", "officer")
        .order_by(*ordering)
    )


# --- One Polsek's areas, one area, one officer --------------------------------------------


def _count_per_area(queryset):
    counted = queryset.filter(area=OuterRef("pk")).order_by().values("area").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def _visits_per_area(user, period):
    """Per outer area: its visits in the period (aggregates for whole months, visits for the
    partial ones), as an expression for `annotate`."""
    months, edges = split_period(period.start, period.end)
    counted = (
        AreaMonth.objects.visible_to(user)
        .filter(area=OuterRef("pk"), month__in=months)
        .order_by()
        .values("area")
        .annotate(n=Sum("visits"))
    )
    total = Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))
    if edges:
        total += _count_per_area(Visit.objects.visible_to(user).filter(_visits_on(edges)))
    return total


def area_rows(user, root, period):
    """The rows of `area_rows_query`, all of them. One query."""
    return list(area_rows_query(user, root, period))


def area_rows_query(user, root, period):
    """The active areas of the units with their last visit, visits in the period, incidents in
    the last HOTSPOT_MONTHS months and whether they have an active primary officer: a queryset
    to page through (the figures are computed for the rows of the page only)."""
    first, last = hotspot_window(period.end)
    last_visit = (
        AreaMonth.objects.visible_to(user)
        .filter(area=OuterRef("pk"))
        .order_by("-month")
        .values("last_visit_at")
    )
    return (
        AssistedArea.objects.visible_to(user)
        .filter(root.subtree("unit"), is_active=True)
        .annotate(
            last_visit_at=Subquery(last_visit[:1]),
            visits_period=_visits_per_area(user, period),
            incidents_12m=_count_per_area(
                Incident.objects.visible_to(user).filter(
                    occurred_on__gte=first, occurred_on__lte=last
                )
            ),
            staffed=_active_primary(timezone.localdate()),
        )
        .select_related("unit")
        .order_by("unit__sort_order", "name")
    )


def month_starts(end, months=TREND_MONTHS):
    """The first days of the `months` months up to the month of `end`, oldest first."""
    firsts = [end.replace(day=1)]
    while len(firsts) < months:
        firsts.append((firsts[-1] - datetime.timedelta(days=1)).replace(day=1))
    return firsts[::-1]


def visits_per_month(visits, end, months=TREND_MONTHS):
    """(month starts, counts) of a visit queryset over the months up to `end`. One query."""
    firsts = month_starts(end, months)
    start = day_start(firsts[0])
    stop = day_start((end.replace(day=1) + datetime.timedelta(days=32)).replace(day=1))
    rows = (
        visits.filter(occurred_at__gte=start, occurred_at__lt=stop)
        .annotate(month=TruncMonth("occurred_at", output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    counts = {row["month"]: row["n"] for row in rows}
    return firsts, [counts.get(first, 0) for first in firsts]


def area_visits_per_month(user, area, end, months=TREND_MONTHS):
    """(month starts, counts) of an area's visits over the months up to `end`, from the
    monthly aggregates. One query."""
    firsts = month_starts(end, months)
    counts = dict(
        AreaMonth.objects.visible_to(user)
        .filter(area=area, month__gte=firsts[0], month__lte=firsts[-1])
        .values_list("month", "visits")
    )
    return firsts, [counts.get(first, 0) for first in firsts]


def other_duty_hours_by_kind(duties, period):
    """(kind label, hours) of other duties in the period, most hours first. One query."""
    rows = (
        duties.filter(date__gte=period.start, date__lte=period.end)
        .order_by()
        .values("kind")
        .annotate(hours=Sum("hours"))
        .order_by("-hours")
    )
    labels = dict(OtherDuty.Kind.choices)
    return [(labels.get(row["kind"], row["kind"]), row["hours"]) for row in rows]
