"""III. Pelaksanaan tugas: visits by activity and unit, schedule adherence, early warnings,
problem-solving cases, conflicts, and the charts printed in this section.

The visit figures per unit come from the monthly aggregates (`bhabin.AreaMonth`); the visits by
activity are counted from the month's visits of the units' areas, through the (area,
occurred_at) index.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate

from bhabin.models import Activity, AreaMonth, EarlyWarning, ProblemCase, Visit, VisitSchedule
from conflicts.models import Incident
from org.periods import month_days, shift_month
from reports import charts
from reports.terbilang import bulan

HOTSPOTS_LISTED = 5
HOTSPOT_MONTHS = 12


@dataclass
class ActivityRow:
    name: str
    visits: int
    households: int
    people: int


def visits_by_activity(ids, start, end):
    """Every activity with its visits, households and people met in the month. Two queries.

    The visits are grouped from the visits side, so the database reads only the month's visits
    of the units' areas (index on area and time). Counting from Activity with the conditions in
    the aggregate's FILTER made it join every visit ever logged: 2.3 s on 4.9 million visits.
    """
    counted = {
        row["activity_id"]: row
        for row in Visit.objects.filter(
            area__unit_id__in=ids, occurred_at__gte=start, occurred_at__lt=end
        )
        .values("activity_id")
        .annotate(n=Count("pk"), hh=Sum("households_visited"), people=Sum("people_met"))
        .order_by()
    }
    none = {"n": 0, "hh": 0, "people": 0}
    rows = []
    for activity in Activity.objects.order_by("sort_order", "name"):
        row = counted.get(activity.pk, none)
        rows.append(ActivityRow(activity.name, row["n"], row["hh"], row["people"]))
    return rows


def visits_per_unit(ids, month):
    """Per unit id: visits in the month to its active areas, and how many of those areas were
    visited, from the monthly aggregates (one row per area visited in the month). One query."""
    rows = (
        AreaMonth.objects.filter(month=month, area__unit_id__in=ids, area__is_active=True)
        .values(unit_id=F("area__unit_id"))
        .annotate(visits=Sum("visits"), areas=Count("pk"))
        .order_by()
    )
    return {row["unit_id"]: row for row in rows}


def schedule_per_unit(ids, first, last, start, end):
    """Per unit id: visits planned in the month and those done on the planned day. One query.

    A planned visit is done when its officer logged a visit to its area on the planned date
    (local time). Every planned date lies in the month, so the visit does too: the bounds on
    `occurred_at` change no answer, and let the check go through the (area, occurred_at) index
    instead of reading all the area's visits to compare their dates.
    """
    done = Exists(
        Visit.objects.annotate(day=TruncDate("occurred_at")).filter(
            officer_id=OuterRef("officer_id"),
            area_id=OuterRef("area_id"),
            occurred_at__gte=start,
            occurred_at__lt=end,
            day=OuterRef("planned_on"),
        )
    )
    rows = (
        VisitSchedule.objects.filter(area__unit_id__in=ids, planned_on__range=(first, last))
        .values(unit_id=F("area__unit_id"))
        .annotate(planned=Count("pk"), done=Count("pk", filter=Q(done)))
        .order_by()
    )
    return {row["unit_id"]: row for row in rows}


def early_warnings(ids, start, end):
    """Early-detection reports of the month by field, open and closed. One query."""
    rows = (
        EarlyWarning.objects.filter(
            area__unit_id__in=ids, reported_at__gte=start, reported_at__lt=end
        )
        .values("field")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(state=EarlyWarning.State.OPEN)))
        .order_by()
    )
    found = {row["field"]: row for row in rows}
    by_field = [
        {
            "name": FIELD_NAMES[value],
            "n": found.get(value, {}).get("n", 0),
            "open": found.get(value, {}).get("open", 0),
        }
        for value in EarlyWarning.Field.values
    ]
    return {
        "rows": by_field,
        "total": sum(r["n"] for r in by_field),
        "open": sum(r["open"] for r in by_field),
    }


# The report is an Indonesian document whatever the user's language: its labels are fixed here.
FIELD_NAMES = {
    EarlyWarning.Field.ECONOMY: "Ekonomi",
    EarlyWarning.Field.SECURITY: "Keamanan",
    EarlyWarning.Field.POLITICS: "Politik",
    EarlyWarning.Field.SOCIO_CULTURAL: "Sosial budaya",
}
METHOD_NAMES = {
    ProblemCase.Method.CONSULTATION: "Konsultasi",
    ProblemCase.Method.MEDIATION: "Mediasi",
    ProblemCase.Method.NEGOTIATION: "Negosiasi",
    ProblemCase.Method.FACILITATION: "Fasilitasi",
}


def problem_cases(ids, first, last):
    """Problem-solving cases opened in the month by method, and those closed in it. One query."""
    opened = Q(opened_on__range=(first, last))
    closed = Q(closed_on__range=(first, last))
    rows = (
        ProblemCase.objects.filter(area__unit_id__in=ids)
        .filter(opened | closed)
        .values("method")
        .annotate(
            opened=Count("pk", filter=opened),
            resolved=Count("pk", filter=closed & Q(state=ProblemCase.State.RESOLVED)),
            referred=Count("pk", filter=closed & Q(state=ProblemCase.State.REFERRED)),
        )
        .order_by()
    )
    found = {row["method"]: row for row in rows}
    table = [
        {
            "name": METHOD_NAMES[value],
            **{k: found.get(value, {}).get(k, 0) for k in ("opened", "resolved", "referred")},
        }
        for value in ProblemCase.Method.values
    ]
    return {
        "rows": table,
        "opened": sum(r["opened"] for r in table),
        "resolved": sum(r["resolved"] for r in table),
        "referred": sum(r["referred"] for r in table),
    }


def conflicts(ids, year, month):
    """Conflicts of the month against the previous month and the same month last year, the
    last twelve months, the categories of the month and the areas with most conflicts.
    Two queries."""
    first, last = month_days(datetime.date(year, month, 1))
    window_start = shift_month(first, -12)
    incidents = Incident.objects.filter(unit_id__in=ids, occurred_on__range=(window_start, last))
    # One count per month and category (at most 13 x the categories): the months add their
    # categories up, and the report month's rows are its categories. Counting the categories
    # from ConflictCategory instead joined every incident of every unit.
    counted = list(
        incidents.annotate(y=ExtractYear("occurred_on"), m=ExtractMonth("occurred_on"))
        .values("y", "m", "category_id", "category__name", "category__sort_order")
        .annotate(n=Count("pk"))
        .order_by("category__sort_order", "category__name")
    )
    per_month = {}
    for row in counted:
        per_month[row["y"], row["m"]] = per_month.get((row["y"], row["m"]), 0) + row["n"]
    current = per_month.get((year, month), 0)
    before = shift_month(first, -1)
    prev_year, prev_month = before.year, before.month
    previous = per_month.get((prev_year, prev_month), 0)
    last_year = per_month.get((year - 1, month), 0)
    months = [(m.year, m.month) for m in (shift_month(first, -k) for k in range(11, -1, -1))]

    categories = [
        {"name": row["category__name"], "n": row["n"]}
        for row in counted
        if (row["y"], row["m"]) == (year, month)
    ]
    hotspot_start = shift_month(first, -(HOTSPOT_MONTHS - 1))
    hotspots = list(
        Incident.objects.filter(
            unit_id__in=ids, occurred_on__range=(hotspot_start, last), area__isnull=False
        )
        .values("area__name", "unit__name")
        .annotate(n=Count("pk"), in_month=Count("pk", filter=Q(occurred_on__gte=first)))
        .order_by("-n", "-in_month", "area__name")[:HOTSPOTS_LISTED]
    )
    return {
        "current": current,
        "previous": previous,
        "last_year": last_year,
        "vs_previous": charts.change_note(current, previous),
        "vs_last_year": charts.change_note(current, last_year),
        "previous_label": f"{bulan(prev_month)} {prev_year}",
        "last_year_label": f"{bulan(month)} {year - 1}",
        "months": [(f"{bulan(m)[:3]} {str(y)[2:]}", per_month.get((y, m), 0)) for y, m in months],
        "twelve_months": sum(per_month.get(key, 0) for key in months),
        "categories": categories,
        "hotspots": hotspots,
        "hotspot_months": HOTSPOT_MONTHS,
    }


def report_charts(report):
    d = report.data
    result = {
        "activities": charts.bar_chart(
            [charts.Bar(_short_activity(a.name), a.visits) for a in d["activities"]],
            title=f"Kunjungan menurut kegiatan, {bulan(report.month)} {report.year}",
            label_width=230,
        ),
        "conflicts": charts.column_chart(
            [label for label, _ in d["conflicts"]["months"]],
            {"Konflik sosial": [n for _, n in d["conflicts"]["months"]]},
            title="Konflik sosial dua belas bulan terakhir",
            height=220,
        ),
    }
    if d["is_polres"]:
        result["coverage"] = charts.bar_chart(
            [
                charts.Bar(
                    row["name"],
                    row["visited"],
                    note=f"{row['visited']} dari {row['areas']}",
                    of=row["areas"],
                )
                for row in d["unit_rows"]
                if row["areas"]
            ],
            title="Wilayah binaan yang dikunjungi per kesatuan",
        )
    return result


def _short_activity(name, limit=26):
    """The first words of a Perkap duty that fit a bar label, enough to tell the bars apart."""
    kept = []
    for word in name.rstrip(";,.").split():
        if len(" ".join([*kept, word])) > limit:
            return " ".join(kept).rstrip(",;") + "…"
        kept.append(word)
    return " ".join(kept)
