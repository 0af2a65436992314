"""Keep the field-work aggregates equal to a recount of the rows they come from.

`bhabin.AreaMonth` (visits per area and month) and `bhabin.AreaOpenItems` (open early warnings
and cases per area) are written here and nowhere else. The field-report services call
`area_months_recount` and `open_items_recount` in the transaction that writes the visits,
warnings or cases, with the keys they touched (for an edit, the old and the new); a bulk writer
(the demo, the scale generator, a restore) calls `aggregates_rebuild` once at its end. Each
recount deletes the affected rows and inserts them again from the source rows, so an aggregate
never drifts from the data. A new visit from the officer's form, the busiest write, is added
to its month's row in one statement instead (`area_month_add_visit`): the same result as a
recount, without locking the area and reading its month again.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, DateField, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from bhabin.models import AreaMonth, AreaOpenItems, AssistedArea, EarlyWarning, ProblemCase, Visit
from org.periods import month_bounds, month_of

AGGREGATED_COLUMNS = (
    "area_id",
    "month",
    "visits",
    "households_visited",
    "people_met",
    "follow_ups_needed",
    "last_visit_at",
)


def area_months_recount(*, area_month_pairs):
    """Recount the (area id, month) pairs whose visits changed.

    A month may be given as any date or aware datetime in it (`visit.occurred_at` will do).
    Call it inside the transaction that wrote the visits. Three queries, whatever the number
    of pairs: lock the areas, delete their rows, insert the recount.
    """
    areas_by_month = defaultdict(set)
    for area_id, when in area_month_pairs:
        if area_id is not None and when is not None:
            areas_by_month[month_of(when)].add(area_id)
    if not areas_by_month:
        return
    visits_where, rows_where = Q(pk__in=[]), Q(pk__in=[])
    for month, area_ids in areas_by_month.items():
        start, end = month_bounds(month)
        visits_where |= Q(area_id__in=area_ids, occurred_at__gte=start, occurred_at__lt=end)
        rows_where |= Q(area_id__in=area_ids, month=month)
    all_area_ids = set().union(*areas_by_month.values())
    _area_months_rebuild(visits_where, rows_where, AssistedArea.objects.filter(pk__in=all_area_ids))


def area_month_add_visit(*, visit):
    """Add one newly inserted visit to its area's month, in one statement (call it in the
    transaction that inserted it). Concurrent adds to the same row are safe: the conflict
    clause updates the latest committed row, so each adds its own visit to the others'."""
    table = connection.ops.quote_name(AreaMonth._meta.db_table)
    values = {
        "area_id": visit.area_id,
        "month": month_of(visit.occurred_at),
        "visits": 1,
        "households_visited": visit.households_visited or 0,
        "people_met": visit.people_met or 0,
        "follow_ups_needed": 1 if visit.follow_up_needed else 0,
        "last_visit_at": visit.occurred_at,
    }
    params = [
        AreaMonth._meta.get_field(column.removesuffix("_id")).get_db_prep_save(
            values[column], connection
        )
        for column in AGGREGATED_COLUMNS
    ]
    summed = ("visits", "households_visited", "people_met", "follow_ups_needed")
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in summed)
    sql = (
        f"INSERT INTO {table} ({', '.join(AGGREGATED_COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(AGGREGATED_COLUMNS))}) "
        f"ON CONFLICT (area_id, month) DO UPDATE SET {updates}, last_visit_at = CASE "
        f"WHEN excluded.last_visit_at > {table}.last_visit_at THEN excluded.last_visit_at "
        f"ELSE {table}.last_visit_at END"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def area_months_rebuild(*, area_ids=None, months=None):
    """Recount the visit aggregates of the given areas and months (None means all of them).

    With both, every pair of the two lists is recounted. A full recount (neither) is for after
    a bulk load or a restore.
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
    _area_months_rebuild(visits_where, rows_where, areas)
    if area_ids is None and months is None:
        _analyze(AreaMonth)


def area_months_expected(visits=None):
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


def _area_months_rebuild(visits_where, rows_where, areas):
    source_sql, params = area_months_expected(
        Visit.objects.filter(visits_where)
    ).query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(column) for column in AGGREGATED_COLUMNS)
    table = connection.ops.quote_name(AreaMonth._meta.db_table)
    with transaction.atomic():
        # Two writers recounting the same area would otherwise both delete, then both insert.
        # Locking the areas serialises them; each then recounts what is committed plus its own.
        list(areas.select_for_update().order_by("pk").values_list("pk", flat=True))
        AreaMonth.objects.filter(rows_where).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) {source_sql}", params)  # noqa: S608


# --- Open early warnings and cases per area ------------------------------------------------------


def open_in_area(model):
    """The open rows of an area-owned model (EarlyWarning, ProblemCase) in the outer area,
    counted on its (area) WHERE open index alone."""
    counted = (
        model._base_manager.filter(area=OuterRef("pk"), state=model.State.OPEN)
        .order_by()
        .values("area")
        .annotate(n=Count("*"))  # not Count("pk"): the id is not in the index
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def open_items_recount(area_ids):
    """Recount the open early warnings and cases of the areas (ids; None is ignored). Call it
    in the transaction that wrote them. Four queries per thousand areas."""
    ids = sorted({area_id for area_id in area_ids if area_id is not None})
    for start in range(0, len(ids), 1000):  # a bulk delete can name thousands of areas
        open_items_rebuild(AssistedArea._base_manager.filter(pk__in=ids[start : start + 1000]))


def open_items_rebuild(areas=None):
    """Recount the open items of the given areas (a queryset; None: every area)."""
    areas = AssistedArea._base_manager.all() if areas is None else areas
    with transaction.atomic():
        # Two writers recounting one area would otherwise both delete, then both insert.
        locked = list(areas.select_for_update().order_by("pk").values_list("pk", flat=True))
        AreaOpenItems.objects.filter(area__in=areas.values("pk")).delete()
        counts = (
            areas.order_by()
            .annotate(warnings=open_in_area(EarlyWarning), cases=open_in_area(ProblemCase))
            .filter(Q(warnings__gt=0) | Q(cases__gt=0))
            .values_list("pk", "warnings", "cases")
        )
        AreaOpenItems.objects.bulk_create(
            [AreaOpenItems(area_id=pk, warnings=w, cases=c) for pk, w, c in counts],
            batch_size=2000,
        )
    return len(locked)


def open_items_expected(warning_model=EarlyWarning, case_model=ProblemCase):
    """(area id, open warnings, open cases) as a fresh count makes them, sorted (for checks and
    tests, and for the migration that filled the table, with its historical models)."""
    counts = {}
    for model, index in ((warning_model, 0), (case_model, 1)):
        rows = (
            model._base_manager.filter(state="open")
            .order_by()
            .values_list("area_id")
            .annotate(n=Count("pk"))
        )
        for area_id, n in rows:
            counts.setdefault(area_id, [0, 0])[index] = n
    return sorted((area_id, *pair) for area_id, pair in counts.items())


def aggregates_rebuild():
    """Recount every field-work aggregate: after a bulk load that wrote source rows directly
    (the demo, the scale generator) or a restore from an older dump."""
    area_months_rebuild()
    open_items_rebuild()


def _analyze(model):
    """After a full rebuild the planner's row estimates for the table are stale."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
