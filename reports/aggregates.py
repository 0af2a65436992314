"""Keep the monthly aggregates (`reports.AreaMonth`) equal to a recount of `bhabin.Visit`.

Whatever writes visits (the visit form, the importer, the admin) calls `visits_changed` in the
same transaction, with the (area, month) of every visit it added, deleted, or edited: for an
edit, both the old and the new (area, month). The affected rows are rebuilt from the visits in
one delete and one INSERT ... SELECT ... GROUP BY, so the aggregate never drifts from the data.
"""

import datetime
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, DateField, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from bhabin.models import AssistedArea, Visit
from reports.models import AreaMonth

AGGREGATED_COLUMNS = (
    "area_id",
    "month",
    "visits",
    "households_visited",
    "people_met",
    "follow_ups_needed",
    "last_visit_at",
)


def month_of(value):
    """The first day of the month of a date, or of an aware datetime in local time."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def month_bounds(month):
    """The aware local datetimes [start, end) of the month that contains the date `month`."""
    start = month_of(month)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time()), tz),
        timezone.make_aware(datetime.datetime.combine(end, datetime.time()), tz),
    )


def visits_changed(*, area_month_pairs):
    """Rebuild the aggregates of the (area id, month) pairs whose visits changed.

    A month may be given as any date or aware datetime in it (`visit.occurred_at` will do).
    Call it inside the transaction that wrote the visits. Three queries, whatever the number
    of pairs: lock the areas, delete their rows, insert the recount.
    """
    areas_by_month = defaultdict(set)
    for area_id, when in area_month_pairs:
        areas_by_month[month_of(when)].add(area_id)
    if not areas_by_month:
        return
    visits_where, rows_where = Q(pk__in=[]), Q(pk__in=[])
    for month, area_ids in areas_by_month.items():
        start, end = month_bounds(month)
        visits_where |= Q(area_id__in=area_ids, occurred_at__gte=start, occurred_at__lt=end)
        rows_where |= Q(area_id__in=area_ids, month=month)
    all_area_ids = set().union(*areas_by_month.values())
    _rebuild(visits_where, rows_where, AssistedArea.objects.filter(pk__in=all_area_ids))


def aggregates_refresh(*, area_ids=None, months=None):
    """Rebuild the aggregates of the given areas and months (None means all of them).

    With both, every pair of the two lists is rebuilt. `refresh_aggregates --all` calls this
    with neither: a full recount, for after a bulk load or to repair.
    """
    visits_where, rows_where = Q(), Q()
    areas = AssistedArea.objects.all()
    if area_ids is not None:
        visits_where &= Q(area_id__in=area_ids)
        rows_where &= Q(area_id__in=area_ids)
        areas = areas.filter(pk__in=area_ids)
    if months is not None:
        months = {month_of(month) for month in months}
        in_months = Q(pk__in=[])
        for month in months:
            start, end = month_bounds(month)
            in_months |= Q(occurred_at__gte=start, occurred_at__lt=end)
        visits_where &= in_months
        rows_where &= Q(month__in=months)
    _rebuild(visits_where, rows_where, areas)
    if area_ids is None and months is None and connection.vendor == "postgresql":
        # After a full rebuild the planner's row estimates for the table are stale.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(AreaMonth._meta.db_table)}")


def recount(visits=None):
    """The aggregate rows as a fresh recount of `visits` would make them (for checks and tests)."""
    visits = Visit.objects.all() if visits is None else visits
    return (
        visits.annotate(month=TruncMonth("occurred_at", output_field=DateField()))
        .values("area_id", "month")
        .annotate(
            visits=Count("pk"),
            households_visited=Sum("households_visited"),
            people_met=Sum("people_met"),
            follow_ups_needed=Count("pk", filter=Q(follow_up_needed=True)),
            last_visit_at=Max("occurred_at"),
        )
        .values(*AGGREGATED_COLUMNS)
        .order_by()
    )


def _rebuild(visits_where, rows_where, areas):
    source_sql, params = recount(Visit.objects.filter(visits_where)).query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(column) for column in AGGREGATED_COLUMNS)
    table = connection.ops.quote_name(AreaMonth._meta.db_table)
    with transaction.atomic():
        # Two writers rebuilding the same area would otherwise both delete, then both insert.
        # Locking the areas serialises them; each then recounts what is committed plus its own.
        list(areas.select_for_update().order_by("pk").values_list("pk", flat=True))
        AreaMonth.objects.filter(rows_where).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) {source_sql}", params)  # noqa: S608
