"""Keep the aggregates the dashboards read equal to a recount of the rows they come from.

`reports.AreaMonth` from `bhabin.Visit`: whatever writes visits (the visit form, the importer,
the admin) calls `visits_changed` in the same transaction, with the (area, month) of every visit
it added, deleted, or edited: for an edit, both the old and the new (area, month). The affected
rows are rebuilt from the visits in one delete and one INSERT ... SELECT ... GROUP BY, so the
aggregate never drifts from the data.

`reports.AreaOpenItems` from `bhabin.EarlyWarning` and `bhabin.ProblemCase`: their save(),
delete() and querysets' bulk writes call `open_items_changed` with the areas concerned.

`reports.UnitIncidentMonth` from `conflicts.Incident`: whatever writes incidents (the importer,
the admin) calls `incidents_changed` likewise with the (unit, date) of every incident it added,
deleted or edited (old and new). Those months are recounted for the whole tree of each top unit
(Polda) concerned, since a unit's row totals every unit below it.
"""

import datetime
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count, DateField, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from bhabin.models import AssistedArea, EarlyWarning, PoliceUnit, ProblemCase, Visit
from conflicts.models import Incident
from reports.models import AreaMonth, AreaOpenItems, UnitIncidentMonth

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


# --- Incidents per unit (and the units below it), month and category ----------------------------


def incidents_changed(*, unit_dates):
    """Recount the incident aggregates of the months of the (unit id, date) pairs whose
    incidents changed, in the trees of those units' top units. Call it inside the transaction
    that wrote the incidents. The units' paths, then `incident_months_rebuild`'s queries,
    whatever the number of pairs."""
    pairs = list(unit_dates)
    if not pairs:
        return
    paths = PoliceUnit._base_manager.filter(pk__in={unit_id for unit_id, _ in pairs})
    tops = {_top_of(path) for path in paths.values_list("path", flat=True)} - {None}
    incident_months_rebuild(months={month_of(day) for _, day in pairs}, tops=tops)


def _top_of(path):
    parts = path.strip("/").split("/")
    return int(parts[0]) if parts[0] else None


def incident_months_rebuild(
    incident_model=Incident, aggregate_model=UnitIncidentMonth, *, months=None, tops=None
):
    """Rebuild the incident aggregates of the given months (None: all) in the trees of the given
    top unit ids (None: every tree). The models are parameters so that a migration can call it
    with its historical ones.

    Four queries: lock the top units (two writers would otherwise both delete, then both insert),
    count each unit's own incidents per month and category, delete the old rows, insert the new
    ones (in batches), each unit's row adding up its own and those of every unit below it.
    """
    unit_model = incident_model._meta.get_field("unit").related_model
    incidents = incident_model._base_manager.all()
    rows = aggregate_model._base_manager.all()
    top_units = unit_model._base_manager.filter(parent__isnull=True)
    if months is not None:
        months = sorted({month_of(month) for month in months})
        in_months = Q(pk__in=[])
        for month in months:
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            in_months |= Q(occurred_on__gte=month, occurred_on__lt=following)
        incidents = incidents.filter(in_months)
        rows = rows.filter(month__in=months)
    if tops is not None:
        in_trees = Q(pk__in=[])
        for top in tops:
            in_trees |= Q(unit__path__startswith=f"/{top}/")
        incidents = incidents.filter(in_trees)
        rows = rows.filter(in_trees)
        top_units = top_units.filter(pk__in=tops)
    with transaction.atomic():
        list(top_units.select_for_update().order_by("pk").values_list("pk", flat=True))
        own = (
            incidents.annotate(month=TruncMonth("occurred_on", output_field=DateField()))
            .order_by()
            .values("unit__path", "month", "category_id")
            .annotate(n=Count("pk"))
        )
        totals = Counter()
        for row in own:
            # The path lists the unit and every unit above it: the incidents count for each.
            for unit_id in row["unit__path"].strip("/").split("/") if row["unit__path"] else ():
                totals[(int(unit_id), row["month"], row["category_id"])] += row["n"]
        rows.delete()
        aggregate_model._base_manager.bulk_create(
            [
                aggregate_model(unit_id=unit_id, month=month, category_id=category, incidents=n)
                for (unit_id, month, category), n in totals.items()
            ],
            batch_size=2000,
        )
    if months is None and tops is None and connection.vendor == "postgresql":
        # After a full rebuild the planner's row estimates for the table are stale.
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(aggregate_model._meta.db_table)
            cursor.execute(f"ANALYZE {table}")


def incident_months_recount():
    """The incident aggregate rows as a full recount would make them, as sorted (unit id, month,
    category id, incidents) tuples (for checks and tests)."""
    totals = Counter()
    own = (
        Incident.objects.annotate(month=TruncMonth("occurred_on", output_field=DateField()))
        .values_list("unit_id", "month", "category_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    parents = dict(PoliceUnit.objects.values_list("pk", "parent_id"))
    for unit_id, month, category, n in own:
        while unit_id is not None:
            totals[(unit_id, month, category)] += n
            unit_id = parents[unit_id]
    return sorted((*key, n) for key, n in totals.items())


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


def open_items_changed(area_ids):
    """Recount the open early warnings and cases of the areas (ids; None is ignored). Call it
    in the transaction that wrote them. Four queries per thousand areas."""
    ids = sorted({area_id for area_id in area_ids if area_id is not None})
    for start in range(0, len(ids), 1000):  # bulk deletes can name thousands of areas
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


def open_items_recount(warning_model=EarlyWarning, case_model=ProblemCase):
    """(area id, open warnings, open cases) as a fresh count makes them, sorted (for tests, and
    for the migration that fills the table, with its historical models)."""
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
