"""IV. Hambatan: unvisited areas, other duties, facility shortfalls, the DIPA budget and the
Bhabin allowance."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from bhabin.models import AreaMonth, AssistedArea
from budget.models import AllowanceRate, BudgetLine, FacilityType
from monthly.amounts import money, percent
from personnel.models import Officer, OtherDuty
from reports.terbilang import bulan

UNVISITED_AREAS_LISTED = 25


def unvisited_areas(ids, month, count):
    """The first active areas nobody visited in the month, by unit and name: those without an
    aggregate row for the month. One query."""
    visited = Exists(AreaMonth.objects.filter(area_id=OuterRef("pk"), month=month))
    names = list(
        AssistedArea.objects.filter(unit_id__in=ids, is_active=True)
        .exclude(visited)
        .order_by("unit__sort_order", "unit__name", "name")
        .values_list("unit__name", "name")[:UNVISITED_AREAS_LISTED]
    )
    return {"count": count, "listed": names, "more": max(0, count - len(names))}


OTHER_DUTY_NAMES = {
    OtherDuty.Kind.SABHARA_PATROL: "Patroli Sabhara",
    OtherDuty.Kind.MAKO_GUARD: "Jaga Mako",
    OtherDuty.Kind.OTHER: "Tugas lain",
}


def other_duties(ids, first, last):
    """Hours Bhabin spent on other duties in the month, by kind, and how many officers. One
    query."""
    rows = list(
        OtherDuty.objects.filter(
            officer__unit_id__in=ids,
            officer__position=Officer.Position.BHABIN,
            date__range=(first, last),
        )
        .values("kind")
        .annotate(hours=Sum("hours"), officers=Count("officer_id", distinct=True))
        .order_by("kind")
    )
    table = [
        {
            "name": OTHER_DUTY_NAMES.get(r["kind"], r["kind"]),
            "hours": r["hours"],
            "officers": r["officers"],
        }
        for r in rows
    ]
    return {"rows": table, "hours": sum((r["hours"] for r in table), Decimal(0))}


def facility_shortfalls(facilities, officers):
    """For each one-per-officer facility type: good items against officers. One query (the
    stock comes from the sarpras recap)."""
    per_officer = set(
        FacilityType.objects.filter(one_per_officer=True).values_list("name", flat=True)
    )
    rows = []
    for row in facilities.rows:
        name, good = row[1], row[3]
        if name in per_officer:
            rows.append(
                {"name": name, "good": good, "needed": officers, "short": max(0, officers - good)}
            )
    return rows


def budget(ids, year, month):
    """The DIPA lines of the report's fiscal year (or the latest earlier one), with what was
    spent up to the report month and what is left. Two queries."""
    fiscal_year = (
        BudgetLine.objects.filter(unit_id__in=ids, fiscal_year__lte=year)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if fiscal_year is None:
        return None
    through = month if fiscal_year == year else 12
    spent = Q(realisations__month__lte=through)
    lines = (
        BudgetLine.objects.filter(unit_id__in=ids, fiscal_year=fiscal_year)
        .annotate(
            effective=Coalesce("revised_pagu", "pagu"),
            realised=Coalesce(Sum("realisations__amount", filter=spent), 0),
        )
        .order_by("unit__sort_order", "code")
    )
    rows = [
        {
            "name": line.name,
            "pagu": money(line.effective),
            "realised": money(line.realised),
            "left": money(line.effective - line.realised),
            "pct": percent(line.realised, line.effective),
        }
        for line in lines
    ]
    pagu = sum(r["pagu"].amount for r in rows)
    realised = sum(r["realised"].amount for r in rows)
    return {
        "fiscal_year": fiscal_year,
        "is_current": fiscal_year == year,
        "through": bulan(through),
        "rows": rows,
        "pagu": money(pagu),
        "realised": money(realised),
        "left": money(pagu - realised),
        "pct": percent(realised, pagu),
    }


def allowance(last, officers):
    """The month's Bhabin allowance: the rate in force and the total for the officers. One
    query."""
    rate = AllowanceRate.objects.filter(valid_from__lte=last).order_by("-valid_from").first()
    if rate is None:
        return None
    return {"rate": money(rate.monthly_amount), "total": money(rate.monthly_amount * officers)}
