"""Visit schedules: the monthly plan (services) and the board and adherence (selectors).

The plan puts every active assisted area of a unit on the calendar at least once a month, more
often the more vulnerable it is (`visits_per_month`), with the area's active primary officer, on
working days (Monday to Saturday: Bhabinkamtibmas field work runs six days a week) that are not
public holidays or cuti bersama. An area without a primary officer is reported, never dropped.

`schedule_apply_plan` is the one way a plan reaches the database: the simple rule here feeds it
through `schedule_plan_month`, and a better optimiser can feed it the same `PlanEntry` rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bhabin.models import Activity, Assignment, AssistedArea, Visit, VisitSchedule
from org.locks import period_check_not_locked, period_check_open, periods_check_open
from org.models import PoliceUnit, PublicHoliday
from org.periods import holidays_between, month_days, working_days
from personnel.models import Officer

VISITS_PER_MONTH = {
    AssistedArea.KakerdaLevel.LOW: 1,
    AssistedArea.KakerdaLevel.MEDIUM: 2,
    AssistedArea.KakerdaLevel.HIGH: 4,
}


def visits_per_month(kakerda_level):
    """How many planned visits an area of this vulnerability (Kakerda) level gets in a month."""
    return VISITS_PER_MONTH.get(kakerda_level, 1)


@dataclass(frozen=True)
class PlanEntry:
    """One planned visit, before it is written."""

    officer_id: int
    area_id: int
    planned_on: datetime.date
    activity_id: int | None = None
    note: str = ""


@dataclass
class MonthPlan:
    """A proposed month: the entries, and the areas no entry could be made for."""

    entries: list[PlanEntry]
    unassigned: list[AssistedArea]


@dataclass
class ApplyResult:
    created: int = 0
    deleted: int = 0
    unassigned: list[AssistedArea] = field(default_factory=list)


def _assignment_day(first, last):
    # The primary officer at the time of planning, kept within the month: a past month is planned
    # with whoever held the area at its end, a future month with whoever holds it at its start.
    return min(max(timezone.localdate(), first), last)


def schedule_propose_month(*, unit, year, month):
    """The simple rule's plan for a unit's month; reads, writes nothing."""
    first, last = month_days(datetime.date(year, month, 1))
    days = working_days(first, last)
    areas = list(
        AssistedArea.objects.filter(unit=unit, is_active=True)
        .annotate(
            primary_officer_id=Subquery(
                Assignment.objects.primary_of(on=_assignment_day(first, last)).values("officer_id")[
                    :1
                ]
            )
        )
        .order_by("code")
    )
    activity_id = (
        Activity.objects.filter(is_active=True)
        .order_by("sort_order")
        .values_list("id", flat=True)
        .first()
    )
    demands = defaultdict(list)
    unassigned = []
    for area in areas:
        if area.primary_officer_id is None:
            unassigned.append(area)
        else:
            demands[area.primary_officer_id].append(area)
    entries = []
    if not days:
        return MonthPlan(entries=[], unassigned=unassigned)
    officer_ids = sorted(demands)
    for index, officer_id in enumerate(officer_ids):
        entries.extend(
            _spread(officer_id, demands[officer_id], days, index, len(officer_ids), activity_id)
        )
    return MonthPlan(entries=entries, unassigned=unassigned)


def _spread(officer_id, areas, days, index, officer_count, activity_id):
    """An officer's visits spread evenly over the working days, each area's visits evenly apart.

    The k-th of an area's n visits wants to sit at fraction (k + 0.5) / n of the month; the
    officer's visits are taken in that order and laid on evenly spaced days. Each officer's
    pattern is shifted by their place in the unit, so the Polsek's days fill evenly too.
    """
    wanted = sorted(
        ((k + 0.5) / visits_per_month(area.kakerda_level), area.code, area.pk)
        for area in areas
        for k in range(visits_per_month(area.kakerda_level))
    )
    total = len(wanted)
    width = len(days)
    shift = index * width // officer_count
    seen = set()
    entries = []
    for slot, (_fraction, _code, area_id) in enumerate(wanted):
        day = days[(int((slot + 0.5) * width / total) + shift) % width]
        if (area_id, day) in seen:
            continue  # only when an officer has more visits than the month has working days
        seen.add((area_id, day))
        entries.append(PlanEntry(officer_id, area_id, day, activity_id))
    return entries


def schedule_apply_plan(*, unit, year, month, entries, replace=False):
    """Write a month's plan for a unit in one transaction; nothing is written if any entry is bad.

    Without `replace` it is idempotent: an area gets only the visits it still lacks (a plan's
    count for it minus what is already scheduled that month), so running a plan twice, or after
    the Kapolsek moved a visit, adds nothing. With `replace` the unit's month is cleared first.
    """
    first, last = month_days(datetime.date(year, month, 1))
    entries = list(entries)
    _check_entries(unit, first, last, entries)
    month_rows = VisitSchedule.objects.filter(area__unit=unit, planned_on__range=(first, last))
    with transaction.atomic():
        period_check_open(unit, first)
        deleted = month_rows.delete()[0] if replace else 0
        existing = set(month_rows.values_list("officer_id", "area_id", "planned_on"))
        scheduled = defaultdict(int)
        for _officer_id, area_id, _day in existing:
            scheduled[area_id] += 1
        wanted = defaultdict(int)
        for entry in entries:
            wanted[entry.area_id] += 1
        new = []
        for entry in entries:
            key = (entry.officer_id, entry.area_id, entry.planned_on)
            if key in existing or scheduled[entry.area_id] >= wanted[entry.area_id]:
                continue
            existing.add(key)
            scheduled[entry.area_id] += 1
            new.append(
                VisitSchedule(
                    officer_id=entry.officer_id,
                    area_id=entry.area_id,
                    planned_on=entry.planned_on,
                    activity_id=entry.activity_id,
                    note=entry.note,
                )
            )
        VisitSchedule.objects.bulk_create(new)
    return ApplyResult(created=len(new), deleted=deleted)


def schedule_entry_check(*, entry):
    """Raise MonthLocked when a scheduled visit falls, or was, in a locked month (a form's early
    refusal; the writes below check again, locking)."""
    for unit_id, day in _stored_unit_days([entry.pk] if entry.pk else []):
        period_check_not_locked(unit_id, day)
    if entry.area_id is not None and entry.planned_on is not None:
        period_check_not_locked(entry.area.unit_id, entry.planned_on)


def schedule_entry_save(*, entry):
    """Create or move one scheduled visit (the planning page, the admin)."""
    with transaction.atomic():
        keys = _stored_unit_days([entry.pk] if entry.pk else [])
        periods_check_open(unit_days=[*keys, (entry.area.unit_id, entry.planned_on)])
        entry.save()
    return entry


def schedule_entries_delete(*, entries):
    """Delete scheduled visits (a queryset)."""
    with transaction.atomic():
        periods_check_open(unit_days=list(entries.values_list("area__unit_id", "planned_on")))
        return entries.delete()


def _stored_unit_days(pks):
    if not pks:
        return []
    rows = VisitSchedule._base_manager.filter(pk__in=pks)
    return list(rows.values_list("area__unit_id", "planned_on"))


def _check_entries(unit, first, last, entries):
    officer_ids = set(Officer.objects.filter(unit=unit).values_list("id", flat=True))
    area_ids = set(AssistedArea.objects.filter(unit=unit).values_list("id", flat=True))
    for entry in entries:
        if entry.officer_id not in officer_ids:
            raise ValidationError(_("A planned visit names an officer from another unit."))
        if entry.area_id not in area_ids:
            raise ValidationError(_("A planned visit names an area of another unit."))
        if not first <= entry.planned_on <= last:
            raise ValidationError(_("A planned visit falls outside the month being planned."))


def schedule_plan_month(*, unit, year, month, replace=False):
    """Plan a unit's month with the simple Kakerda rule and write it (see schedule_apply_plan)."""
    plan = schedule_propose_month(unit=unit, year=year, month=month)
    result = schedule_apply_plan(
        unit=unit, year=year, month=month, entries=plan.entries, replace=replace
    )
    result.unassigned = plan.unassigned
    return result


# Selectors ---------------------------------------------------------------------------------


def visit_done():
    """True for a scheduled visit its officer made: a visit in that area on that (local) day."""
    return Exists(
        Visit.objects.filter(
            officer=OuterRef("officer"),
            area=OuterRef("area"),
            occurred_at__date=OuterRef("planned_on"),
        )
    )


def scheduled_entries(user, first, last):
    """The scheduled visits a user may see in a period, each with `done`."""
    return (
        VisitSchedule.objects.visible_to(user)
        .filter(planned_on__range=(first, last))
        .select_related("officer", "area", "activity")
        .annotate(done=visit_done())
        .order_by("planned_on", "officer__name", "area__name")
    )


def areas_without_primary(user, unit, on):
    """The unit's active areas without an active primary officer on a day."""
    return (
        AssistedArea.objects.visible_to(user)
        .filter(unit=unit, is_active=True)
        .exclude(Exists(Assignment.objects.primary_of(on=on)))
        .order_by("name")
    )


@dataclass
class BoardDay:
    date: datetime.date
    holiday: PublicHoliday | None

    @property
    def is_working_day(self):
        return self.date.weekday() in settings.FIELD_WORK_WEEKDAYS and self.holiday is None


@dataclass
class BoardCell:
    day: BoardDay
    entries: list = field(default_factory=list)


@dataclass
class BoardRow:
    officer: Officer
    cells: list[BoardCell]
    planned: int = 0
    done: int = 0


def schedule_board(*, user, unit, first, last):
    """The board of a unit for a period: the days, and one row per officer with their visits.

    Three queries: holidays, the unit's active Bhabinkamtibmas, the scheduled visits (with done).
    """
    days = [
        BoardDay(first + datetime.timedelta(days=n), None) for n in range((last - first).days + 1)
    ]
    holidays = holidays_between(first, last)
    for day in days:
        day.holiday = holidays.get(day.date)
    rows = {
        officer.pk: BoardRow(officer, [BoardCell(day) for day in days])
        for officer in Officer.objects.visible_to(user).bhabin().filter(unit=unit)
    }
    for entry in scheduled_entries(user, first, last).filter(area__unit=unit):
        row = rows.get(entry.officer_id)
        if row is None:  # a colleague from elsewhere covering one of the unit's areas
            row = rows[entry.officer_id] = BoardRow(entry.officer, [BoardCell(d) for d in days])
        row.cells[(entry.planned_on - first).days].entries.append(entry)
        row.planned += 1
        row.done += entry.done
    ordered = sorted(rows.values(), key=lambda row: (row.officer.name, row.officer.pk))
    return days, ordered


@dataclass(frozen=True)
class AdherenceRow:
    """Planned and done scheduled visits of one officer, area or unit in a month."""

    subject: object
    unit_id: int
    planned: int
    done: int

    @property
    def percent(self):
        """Done as a whole percentage of planned, rounded half up; None when nothing was planned."""
        if not self.planned:
            return None
        return (200 * self.done + self.planned) // (2 * self.planned)


def _count(entries, path):
    counts = (
        entries.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _unit_ids(units):
    if isinstance(units, QuerySet):
        return units.values("pk")
    return [getattr(unit, "pk", unit) for unit in units]


def schedule_adherence(*, units, year, month, by="officer"):
    """Planned vs done per officer, area or unit of `units` in a month, counted in one query.

    `units` are police units (a list or a queryset) the caller has already scoped to the user.
    Officers are the units' active Bhabinkamtibmas and anyone with a planned visit; areas are the
    active ones and any with a planned visit.
    """
    first, last = month_days(datetime.date(year, month, 1))
    entries = VisitSchedule.objects.filter(planned_on__range=(first, last))
    done = entries.filter(visit_done())
    if by == "officer":
        queryset = Officer.objects.filter(unit__in=units).annotate(
            planned=_count(entries, "officer"), done=_count(done, "officer")
        )
        queryset = queryset.filter(
            Q(planned__gt=0) | Q(position=Officer.Position.BHABIN, is_active=True)
        ).order_by("unit__sort_order", "name")
    elif by == "area":
        queryset = AssistedArea.objects.filter(unit__in=units).annotate(
            planned=_count(entries, "area"), done=_count(done, "area")
        )
        queryset = queryset.filter(Q(planned__gt=0) | Q(is_active=True)).order_by(
            "unit__sort_order", "name"
        )
    elif by == "unit":
        queryset = (
            PoliceUnit.objects.filter(pk__in=_unit_ids(units))
            .annotate(planned=_count(entries, "area__unit"), done=_count(done, "area__unit"))
            .order_by("sort_order", "name")
        )
        return [AdherenceRow(unit, unit.pk, unit.planned, unit.done) for unit in queryset]
    else:
        raise ValueError(f"Unknown grouping {by!r}: officer, area or unit.")
    return [AdherenceRow(row, row.unit_id, row.planned, row.done) for row in queryset]
