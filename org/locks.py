"""The lock of an approved month: one rule, in one place.

Once a unit's month is approved (monthly/approval.py), nothing dated in that month and unit may
be created, changed or deleted: visits, early-detection reports, cases, review decisions,
incidents, schedule entries. A unit's month is locked when its own period or the period of a
unit above it (the Polres over a Polsek) is not open.

Every writing service calls `periods_check_open` inside the transaction that writes, for the
(unit, day) pairs it touches (for an edit: where the row was and where it goes). It locks those
periods' rows (SELECT ... FOR UPDATE, creating an open row first where a month has none), and
the ladder locks the same rows before it approves, so an approval and a concurrent submission
cannot both win: whichever comes second sees the other's outcome. `periods_locked` answers the
same question without locking, for forms and previews that refuse early.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org.models import MonthPeriod, PoliceUnit
from org.periods import month_of

LOCKED_CODE = "month_locked"


class MonthLocked(ValidationError):
    """A write refused because its month is approved; `period` is the locking period."""

    def __init__(self, period, unit=None):
        self.period = period
        super().__init__(locked_message(period, unit), code=LOCKED_CODE)


def locked_message(period, unit=None):
    """Which month is locked, by whom and since when, and how to have it opened (Indonesian
    under the default language)."""
    step = period.steps.select_related("actor").order_by("-at", "-pk").first()
    who = (step.actor_label or str(step.actor or "")) if step else ""
    since = period.changed_at or (step.at if step else None)
    return _(
        "The month %(month)s of %(unit)s is locked: it was approved for %(period_unit)s by "
        "%(who)s on %(since)s. To change it, ask %(who)s (or the level above) to undo the "
        "approval, with a reason, on the Monthly approval page."
    ) % {
        "month": date_format(period.month, "F Y"),
        "unit": unit if unit is not None else period.unit,
        "period_unit": period.unit,
        "who": who or _("the unit's commander"),
        "since": date_format(timezone.localtime(since), "j F Y H:i") if since else "—",
    }


def _unit_chains(unit_ids):
    """Each unit id with the ids of the units from the top of the tree down to it."""
    paths = PoliceUnit._base_manager.filter(pk__in=unit_ids).values_list("pk", "path")
    return {
        pk: [int(part) for part in path.strip("/").split("/") if part] or [pk] for pk, path in paths
    }


def _pairs(unit_days):
    pairs = set()
    for unit_id, day in unit_days:
        if unit_id is not None and day is not None:
            pairs.add((unit_id, month_of(day)))
    return pairs


def _needed(pairs):
    """(unit id, month) -> the (unit id, month) keys of the periods that can lock it."""
    chains = _unit_chains({unit_id for unit_id, _month in pairs})
    return {
        (unit_id, month): [(above, month) for above in chains.get(unit_id, [unit_id])]
        for unit_id, month in pairs
    }


def _refuse(needed, periods):
    for (unit_id, _month), keys in sorted(needed.items(), key=lambda item: item[0][1]):
        for key in keys:
            period = periods.get(key)
            if period is not None and not period.is_open:
                unit = PoliceUnit._base_manager.filter(pk=unit_id).first()
                raise MonthLocked(period, unit)


def _select(keys, lock):
    units = {unit_id for unit_id, _month in keys}
    months = {month for _unit_id, month in keys}
    rows = MonthPeriod._base_manager.filter(unit_id__in=units, month__in=months).order_by("pk")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return {(row.unit_id, row.month): row for row in rows if (row.unit_id, row.month) in keys}


def periods_check_open(*, unit_days):
    """Raise MonthLocked when any (unit id, day) pair falls in a locked month; otherwise hold
    the lock on those months' periods until the caller's transaction ends. Call it inside the
    transaction that writes."""
    pairs = _pairs(unit_days)
    if not pairs:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("periods_check_open must run inside the writing transaction")
    needed = _needed(pairs)
    periods = periods_lock(keys={key for chain in needed.values() for key in chain})
    _refuse(needed, periods)


def periods_lock(*, keys):
    """Lock the periods of the (unit id, month) keys, making an open row where a month has
    none (a concurrent writer may make it first), so that there is a row for an approval and a
    write to queue on. Returns them by key. Inside a transaction."""
    keys = set(keys)
    periods = _select(keys, lock=True)
    missing = keys - set(periods)
    if missing:
        MonthPeriod._base_manager.bulk_create(
            [MonthPeriod(unit_id=unit_id, month=month) for unit_id, month in sorted(missing)],
            ignore_conflicts=True,
        )
        periods = _select(keys, lock=True)
    return periods


def period_check_open(unit, day):
    """periods_check_open for one unit (or unit id) and one day."""
    unit_id = getattr(unit, "pk", unit)
    periods_check_open(unit_days=[(unit_id, day)])


def periods_locked(*, unit_days):
    """The locked (unit id, month) pairs among the given (unit id, day) pairs, each with the
    period that locks it; no lock taken, for previews and forms that refuse early."""
    pairs = _pairs(unit_days)
    if not pairs:
        return {}
    needed = _needed(pairs)
    keys = {key for chain in needed.values() for key in chain}
    periods = _select(keys, lock=False)
    locked = {}
    for pair, chain in needed.items():
        for key in chain:
            period = periods.get(key)
            if period is not None and not period.is_open:
                locked[pair] = period
                break
    return locked


def period_check_not_locked(unit, day):
    """Raise MonthLocked when the unit's month of `day` is locked; no lock taken (a form's
    early refusal; the service checks again, locking, when it writes)."""
    unit_id = getattr(unit, "pk", unit)
    locked = periods_locked(unit_days=[(unit_id, day)])
    if locked:
        (period,) = locked.values()
        raise MonthLocked(period, PoliceUnit._base_manager.filter(pk=unit_id).first())
