"""The completeness and timeliness panel of the dashboard, for one month: per row unit (a Polsek
of the Polres overview) and, on a Polsek's page, per officer.

- visits planned (the schedule) and done (a visit by the same officer to the same area that day);
- areas with an assignment in force on the month's last day, and those of them visited at least
  once in the month (per officer: assigned to them, visited by them);
- visits recorded by the reports' due day (settings.REPORTS_DUE_DAY of the next month) and late,
  leaving out imported logs (recaps/completeness.py counts alike);
- each row unit's step on the month's approval ladder.

Every figure links to the list that shows its rows (bhabin/filters.py). Unlike the recap, which
adds its officers up, a unit's figures here count areas and visits once by the unit of the area,
like the rest of the dashboard, so that the list behind each figure holds exactly that many rows.
Four grouped queries per page, and four more for the officers of a Polsek, whatever the number
of units and officers.
"""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from bhabin.models import Assignment, AssistedArea, Visit, VisitSchedule
from bhabin.schedules import visit_done
from dashboard.links import period_params
from dashboard.selectors import schedule_per_unit
from org.filters import list_url, unit_params
from org.models import MonthPeriod
from org.periods import Period, month_of, reports_due
from personnel.models import Officer
from recaps.selectors import row_unit_key


def panel_month(period):
    """The month the panel covers: the period's, or the month of its last day for a span."""
    return period.start if period.is_month else month_of(period.end)


def _percent(part, whole):
    return round(100 * part / whole) if whole else None


def _figures(planned=0, done=0, assigned=0, visited=0, on_time=0, late=0):
    return {
        "planned": planned,
        "done": done,
        "done_rate": _percent(done, planned),
        "assigned": assigned,
        "visited": visited,
        "visited_rate": _percent(visited, assigned),
        "on_time": on_time,
        "late": late,
        "on_time_rate": _percent(on_time, on_time + late),
    }


def _links(month_period, **who):
    month = period_params(month_period)
    return {
        "planned": list_url("bhabin:schedule-list", **who, **month),
        "done": list_url("bhabin:schedule-list", **who, **month, terlaksana=1),
        "assigned": list_url("bhabin:area-list", **who, **month, ditugaskan=1),
        "visited": list_url("bhabin:area-list", **who, **month, ditugaskan=1, dikunjungi=1),
        "on_time": list_url("bhabin:visit-list", **who, **month, tepat_waktu=1),
        "late": list_url("bhabin:visit-list", **who, **month, terlambat=1),
    }


def _areas_per_unit(user, root, month_period, rollup):
    """Per row unit: active areas assigned on the month's last day, and those visited. One query."""
    start, stop = month_period.bounds()
    assigned = (
        Assignment.objects.visible_to(user).active(month_period.end).filter(area=OuterRef("pk"))
    )
    visited = Visit.objects.visible_to(user).filter(
        area=OuterRef("pk"), occurred_at__gte=start, occurred_at__lt=stop
    )
    rows = (
        AssistedArea.objects.visible_to(user)
        .filter(root.subtree("unit"), is_active=True)
        .annotate(is_assigned=Exists(assigned), is_visited=Exists(visited))
        .order_by()
        .values(row_unit=row_unit_key(rollup, "unit"))
        .annotate(
            assigned=Count("pk", filter=Q(is_assigned=True)),
            visited=Count("pk", filter=Q(is_assigned=True, is_visited=True)),
        )
    )
    return {row["row_unit"]: row for row in rows}


def _timeliness(visits, month_period, key):
    """On-time and late visits of the month, grouped by `key`; imported logs left out."""
    start, stop = month_period.bounds()
    due = reports_due(month_period.start)
    rows = (
        visits.filter(occurred_at__gte=start, occurred_at__lt=stop)
        .exclude(source=Visit.Source.IMPORT)
        .order_by()
        .values(key=key)
        .annotate(
            on_time=Count("pk", filter=Q(created_at__lt=due)),
            late=Count("pk", filter=Q(created_at__gte=due)),
        )
    )
    return {row["key"]: row for row in rows}


def _states(user, units, month):
    """Each unit's period of the month (a unit without one is open). One query."""
    periods = (
        MonthPeriod.objects.visible_to(user).filter(unit__in=units, month=month).with_approved_at()
    )
    return {period.unit_id: period for period in periods}


def unit_rows(user, root, period, rollup):
    """The panel's rows, one per row unit, and their totals; four queries."""
    month = panel_month(period)
    month_period = Period.month(month)
    schedule = schedule_per_unit(user, root, month_period, rollup)
    areas = _areas_per_unit(user, root, month_period, rollup)
    timely = _timeliness(
        Visit.objects.visible_to(user).filter(root.subtree("area__unit")),
        month_period,
        row_unit_key(rollup, "area__unit"),
    )
    states = _states(user, rollup.units, month)
    due = reports_due(month)
    approvals = reverse("monthly:approvals")
    rows = []
    for unit in rollup.units:
        plan, area, timed = (
            schedule.get(unit.pk, {}),
            areas.get(unit.pk, {}),
            timely.get(unit.pk, {}),
        )
        state = states.get(unit.pk)
        is_open = state is None or state.is_open
        rows.append(
            {
                "unit": unit,
                "figures": _figures(
                    planned=plan.get("planned", 0),
                    done=plan.get("done_count", 0),
                    assigned=area.get("assigned", 0),
                    visited=area.get("visited", 0),
                    on_time=timed.get("on_time", 0),
                    late=timed.get("late", 0),
                ),
                "links": _links(
                    month_period, **unit_params(unit, subtree=rollup.totals_subtree(unit))
                ),
                "state": _("Open (not approved)") if is_open else state.get_state_display(),
                "is_open": is_open,
                "state_since": state.changed_at if state else None,
                # Approved by the reports' due day (DHIS2's "approved on time"), measured by the
                # approval step as the monthly PDF's table measures it; None while open.
                "approved_on_time": None
                if is_open or state.approved_at is None
                else state.approved_at < due,
                "approvals_url": approvals,
            }
        )
    sums = {
        key: sum(row["figures"][key] for row in rows)
        for key in ("planned", "done", "assigned", "visited", "on_time", "late")
    }
    return {
        "month": month,
        "due": due,
        "rows": rows,
        "totals": _figures(**sums),
        "totals_links": _links(month_period, **unit_params(root, subtree=True)),
    }


def officer_rows(user, unit, period):
    """One row per active Bhabinkamtibmas of a Polsek: the figures of their own schedule,
    assignments and visits in the month. Four queries."""
    month_period = Period.month(panel_month(period))
    start, stop = month_period.bounds()
    officers = list(Officer.objects.visible_to(user).filter(unit=unit).bhabin().order_by("name"))
    ids = [officer.pk for officer in officers]
    schedule = {
        row["officer"]: row
        for row in VisitSchedule.objects.visible_to(user)
        .filter(officer__in=ids, planned_on__range=(month_period.start, month_period.end))
        .annotate(is_done=visit_done())
        .order_by()
        .values("officer")
        .annotate(planned=Count("pk"), done=Count("pk", filter=Q(is_done=True)))
    }
    visited = Visit.objects.visible_to(user).filter(
        officer=OuterRef("officer"),
        area=OuterRef("area"),
        occurred_at__gte=start,
        occurred_at__lt=stop,
    )
    areas = {
        row["officer"]: row
        for row in Assignment.objects.visible_to(user)
        .active(month_period.end)
        .filter(officer__in=ids, area__is_active=True)
        .annotate(is_visited=Exists(visited))
        .order_by()
        .values("officer")
        .annotate(
            assigned=Count("area", distinct=True),
            visited=Count("area", distinct=True, filter=Q(is_visited=True)),
        )
    }
    timely = _timeliness(
        Visit.objects.visible_to(user).filter(officer__in=ids), month_period, F("officer")
    )
    rows = []
    for officer in officers:
        plan = schedule.get(officer.pk, {})
        area = areas.get(officer.pk, {})
        timed = timely.get(officer.pk, {})
        rows.append(
            {
                "officer": officer,
                "figures": _figures(
                    planned=plan.get("planned", 0),
                    done=plan.get("done", 0),
                    assigned=area.get("assigned", 0),
                    visited=area.get("visited", 0),
                    on_time=timed.get("on_time", 0),
                    late=timed.get("late", 0),
                ),
                "links": _links(month_period, personel=officer.pk),
            }
        )
    return rows
