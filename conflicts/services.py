"""Writes of conflict incidents, and the incidents per unit and month the dashboards read.

Every write of an incident goes through here (the admin, the importer, the demo), and in the
same transaction recounts `conflicts.UnitIncidentMonth` for the (unit, month) pairs it touched:
for an edit, the pair it leaves and the pair it lands in. A row counts one unit's own incidents,
so moving a unit in the tree changes none of them.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth

from conflicts.models import Incident, UnitIncidentMonth
from org.locks import period_check_not_locked, periods_check_open
from org.periods import month_of, shift_month


def incident_save(*, incident, actor=None):
    """Create or change one incident (validated) and keep the monthly totals."""
    incident.full_clean()
    with transaction.atomic():
        before = _stored_keys([incident.pk]) if incident.pk else []
        periods_check_open(unit_days=[*before, (incident.unit_id, incident.occurred_on)])
        incident.save()
        incident_months_recount(unit_dates=[*before, (incident.unit_id, incident.occurred_on)])
    return incident


def incidents_delete(*, incidents, actor=None):
    """Delete incidents (a queryset; their involvements go with them) and keep the totals."""
    with transaction.atomic():
        keys = list(incidents.values_list("unit_id", "occurred_on"))
        periods_check_open(unit_days=keys)
        deleted = incidents.delete()
        incident_months_recount(unit_dates=keys)
    return deleted


def incidents_import(*, creates, updates, fields):
    """Write an import's new and changed incidents in bulk and keep the totals, in the
    importer's transaction."""
    before = []
    for start in range(0, len(updates), 1000):
        before += _stored_keys([incident.pk for incident in updates[start : start + 1000]])
    periods_check_open(
        unit_days={*before, *((i.unit_id, i.occurred_on) for i in [*creates, *updates])}
    )
    Incident.objects.bulk_create(creates, batch_size=1000)
    if updates:
        Incident.objects.bulk_update(updates, list(fields), batch_size=1000)
    incident_months_recount(
        unit_dates=[*before, *((i.unit_id, i.occurred_on) for i in [*creates, *updates])]
    )


def incident_check_open(*, incident):
    """Raise MonthLocked when the incident falls, or was, in a locked month (a form's early
    refusal; incident_save checks again, locking, when it writes)."""
    for unit_id, day in [*(_stored_keys([incident.pk]) if incident.pk else [])]:
        period_check_not_locked(unit_id, day)
    if incident.unit_id is not None and incident.occurred_on is not None:
        period_check_not_locked(incident.unit_id, incident.occurred_on)


def _stored_keys(pks):
    return list(Incident._base_manager.filter(pk__in=pks).values_list("unit_id", "occurred_on"))


def incident_months_recount(*, unit_dates):
    """Recount the (unit id, month) pairs of the given (unit id, date) pairs: lock the units,
    delete their rows of those months, insert the recount. Three queries, whatever the number
    of pairs. Call it in the transaction that wrote the incidents."""
    units_by_month = defaultdict(set)
    for unit_id, day in unit_dates:
        if unit_id is not None and day is not None:
            units_by_month[month_of(day)].add(unit_id)
    if not units_by_month:
        return
    incidents_where, rows_where = Q(pk__in=[]), Q(pk__in=[])
    for month, unit_ids in units_by_month.items():
        following = shift_month(month, 1)
        incidents_where |= Q(
            unit_id__in=unit_ids, occurred_on__gte=month, occurred_on__lt=following
        )
        rows_where |= Q(unit_id__in=unit_ids, month=month)
    unit_ids = set().union(*units_by_month.values())
    _rebuild(Incident, UnitIncidentMonth, incidents_where, rows_where, unit_ids)


def incident_months_rebuild(
    incident_model=Incident, aggregate_model=UnitIncidentMonth, *, months=None
):
    """Recount the rows of the given months (None: every row), after a bulk load or a
    restore. The models are parameters so that a migration can call it with its historical
    ones."""
    incidents_where, rows_where = Q(), Q()
    if months is not None:
        months = sorted({month_of(month) for month in months})
        incidents_where = Q(pk__in=[])
        for month in months:
            incidents_where |= Q(occurred_on__gte=month, occurred_on__lt=shift_month(month, 1))
        rows_where = Q(month__in=months)
    _rebuild(incident_model, aggregate_model, incidents_where, rows_where, None)
    if months is None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(aggregate_model._meta.db_table)
            cursor.execute(f"ANALYZE {table}")


def _rebuild(incident_model, aggregate_model, incidents_where, rows_where, unit_ids):
    unit_model = incident_model._meta.get_field("unit").related_model
    with transaction.atomic():
        # Two writers recounting one unit's month would otherwise both delete, then both insert.
        units = unit_model._base_manager.all()
        if unit_ids is not None:
            units = units.filter(pk__in=unit_ids)
        list(units.select_for_update().order_by("pk").values_list("pk", flat=True))
        aggregate_model._base_manager.filter(rows_where).delete()
        aggregate_model._base_manager.bulk_create(
            [
                aggregate_model(incidents=row.pop("n"), **row)
                for row in _own_counts(incident_model._base_manager.filter(incidents_where))
            ],
            batch_size=2000,
        )


def _own_counts(incidents):
    return (
        incidents.annotate(month=TruncMonth("occurred_on", output_field=DateField()))
        .order_by()
        .values("unit_id", "month", "category_id")
        .annotate(n=Count("pk"))
    )


def incident_months_expected():
    """The rows as a full recount makes them, as sorted (unit id, month, category id, incidents)
    tuples (for checks and tests)."""
    return sorted(
        (row["unit_id"], row["month"], row["category_id"], row["n"])
        for row in _own_counts(Incident.objects.all())
    )
