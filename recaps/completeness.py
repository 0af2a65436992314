"""Completeness and timeliness of a month, in the spirit of DHIS2's reporting-rate summary.

Per officer, and added up per Polsek and per Polres, for one month:
- visits planned (the schedule) and done (a visit by that officer to that area on that day);
- areas visited at least once, of the areas assigned (assignments in force on the month's last
  day);
- visits recorded on time (by settings.REPORTS_DUE_DAY of the next month, Jakarta time) and late,
  of those the officers submitted (an imported log's visits are not timed);
- per unit, whether its month was approved, and by the due day.

Every figure is counted in the database, one grouped query per measure.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from bhabin.models import Assignment, Visit, VisitSchedule
from bhabin.schedules import visit_done
from org.models import MonthPeriod, PoliceUnit
from org.periods import month_bounds, month_days, reports_due
from personnel.models import Officer


def due_moment(month):
    """The end of the due day of the month's reports: the REPORTS_DUE_DAY of the next month."""
    return reports_due(month)


@dataclass
class Rates:
    """One line of the summary: counts, and the rates they make."""

    label: str
    level: str
    unit_code: str = ""
    planned: int = 0
    done: int = 0
    assigned_areas: int = 0
    visited_areas: int = 0
    on_time: int = 0
    late: int = 0
    approved: str = ""  # "", "tepat waktu", "terlambat" (units only)
    children: list = field(default_factory=list)

    def add(self, other):
        for name in ("planned", "done", "assigned_areas", "visited_areas", "on_time", "late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _rate(part, whole):
        return round(100 * part / whole, 1) if whole else None

    @property
    def done_rate(self):
        return self._rate(self.done, self.planned)

    @property
    def coverage_rate(self):
        return self._rate(self.visited_areas, self.assigned_areas)

    @property
    def on_time_rate(self):
        return self._rate(self.on_time, self.on_time + self.late)


HEADER = [
    "tingkat",
    "satuan / personel",
    "kunjungan rencana",
    "kunjungan terlaksana",
    "% terlaksana",
    "wilayah ditugaskan",
    "wilayah dikunjungi",
    "% wilayah",
    "laporan tepat waktu",
    "laporan terlambat",
    "% tepat waktu",
    "persetujuan",
]


def _by_officer(queryset, **annotations):
    return {row["officer_id"]: row for row in queryset.values("officer_id").annotate(**annotations)}


def completeness(root, month):
    """The summary of a Polres (or Polsek) for a month: a Rates tree, root first."""
    first, last = month_days(month)
    start, end = month_bounds(month)
    units = list(PoliceUnit.objects.filter(root.subtree("id")).order_by("path", "sort_order"))
    officers = list(
        Officer.objects.filter(unit__in=units, is_active=True).order_by("unit__path", "name")
    )
    scope = Q(officer__unit__in=units)
    planned = _by_officer(
        VisitSchedule.objects.filter(scope, planned_on__range=(first, last)).annotate(
            is_done=visit_done()
        ),
        planned=Count("pk"),
        done=Count("pk", filter=Q(is_done=True)),
    )
    assigned = _by_officer(
        Assignment.objects.active(last).filter(scope), areas=Count("area", distinct=True)
    )
    due = due_moment(month)
    # Timeliness is the officer's: a visit imported from an old log was recorded when the file
    # was imported, which says nothing about when the officer reported it.
    reported = ~Q(source=Visit.Source.IMPORT)
    visits = _by_officer(
        Visit.objects.filter(scope, occurred_at__gte=start, occurred_at__lt=end),
        areas=Count("area", distinct=True),
        on_time=Count("pk", filter=reported & Q(created_at__lt=due)),
        late=Count("pk", filter=reported & Q(created_at__gte=due)),
    )
    approvals = _approvals(units, month, due)

    lines = {
        unit.pk: Rates(
            label=unit.name,
            level=unit.level,
            unit_code=unit.code,
            approved=approvals.get(unit.pk, "belum"),
        )
        for unit in units
    }
    for officer in officers:
        line = Rates(label=f"{officer.get_rank_display()} {officer.name}", level="personel")
        line.planned = planned.get(officer.pk, {}).get("planned", 0)
        line.done = planned.get(officer.pk, {}).get("done", 0)
        line.assigned_areas = assigned.get(officer.pk, {}).get("areas", 0)
        line.visited_areas = visits.get(officer.pk, {}).get("areas", 0)
        line.on_time = visits.get(officer.pk, {}).get("on_time", 0)
        line.late = visits.get(officer.pk, {}).get("late", 0)
        lines[officer.unit_id].children.append(line)
    # Add each unit's officers, then each unit into the units above it, deepest first.
    for unit in sorted(units, key=lambda u: -u.path.count("/")):
        for child in lines[unit.pk].children:
            if child.level == "personel":
                lines[unit.pk].add(child)
        if unit.parent_id in lines and unit.pk != root.pk:
            lines[unit.parent_id].add(lines[unit.pk])
            lines[unit.parent_id].children.append(lines[unit.pk])
    return lines[root.pk]


def _approvals(units, month, due):
    """Per unit: "tepat waktu" / "terlambat" when its month is approved, by the due day or not."""
    approved = (
        MonthPeriod.objects.filter(unit__in=units, month=month)
        .exclude(state=MonthPeriod.State.OPEN)
        .with_approved_at()
    )
    return {
        period.unit_id: "tepat waktu" if period.approved_at < due else "terlambat"
        for period in approved
        if period.approved_at is not None
    }


def completeness_lines(tree):
    """The summary as table lines: the header, then each unit followed by its officers."""
    yield HEADER

    def walk(line):
        yield [
            line.level,
            line.label,
            line.planned,
            line.done,
            line.done_rate,
            line.assigned_areas,
            line.visited_areas,
            line.coverage_rate,
            line.on_time,
            line.late,
            line.on_time_rate,
            line.approved,
        ]
        for child in line.children:
            yield from walk(child)

    yield from walk(tree)
