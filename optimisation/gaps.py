"""The 4M gap analysis (George Terry's man, money, material, method) per unit, ranked.

Every figure is aggregated in the database, one query per kind of figure, so the number of
queries is fixed whatever the number of units. Each unit's row counts its own officers, areas,
stock and budget (not those of the units below it); the total row counts the whole subtree,
which is where the paper's Polres-wide figures appear (364 officers, 53 motorbikes, DIPA 2021).

Dikbangspes is shown from the roster (officers whose record says done), not from the recap the
units reported: the paper prints 119 done / 247 not yet for 366 officers, but its own Table 2
and the roster count 364, and 364 - 119 = 245. The reported figure is shown beside it.

The ranking uses a gap index, the mean of three gaps in 0..1 (higher is worse):
man (share without dikbangspes, share of areas beyond one per officer, competency gap where
assessed), material (average shortfall of the one-per-officer types that are counted against
officers: motorbike and HT) and method (share of areas not visited in the last 30 days).
Money is shown but left out of the index: DIPA lines are held by the Polres, not by a Polsek.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from bhabin.models import Activity, AssistedArea, EarlyWarning, ProblemCase, Visit, VisitSchedule
from budget.models import AllowanceRate, Facility, FacilityType
from personnel.models import Competency, CompetencyAssessment, Officer, OtherDuty
from recaps import selectors

METHOD_WINDOW_DAYS = 30
OTHER_DUTY_MONTHS = 3
# The one-per-officer types whose shortfall the ranking counts: the paper's complaint is about
# motorbikes and HT (bags, vests and raincoats are near one per officer already).
RANKED_EQUIPMENT = ("ranmor-r2", "ht")
USABLE = (Facility.Condition.GOOD, Facility.Condition.LIGHT_DAMAGE)


def months_before(day, months):
    """The same day `months` months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


@dataclass
class Equipment:
    code: str
    name: str
    one_per_officer: bool
    total: int = 0
    good: int = 0
    light_damage: int = 0
    heavy_damage: int = 0
    issued: int = 0
    officers: int = 0

    @property
    def usable(self):
        return self.good + self.light_damage

    @property
    def officers_per_item(self):
        return self.officers / self.usable if self.usable else None

    @property
    def shortfall(self):
        """Items missing for one per officer (types with one_per_officer only)."""
        return max(self.officers - self.usable, 0) if self.one_per_officer else None


@dataclass
class UnitGap:
    """The 4M figures of one unit (or of the whole subtree, for the total row)."""

    unit_id: int | None
    name: str
    code: str
    # Man
    officers: int = 0
    areas: int = 0
    population: int = 0
    area_km2: float = 0.0
    education: dict = field(default_factory=dict)
    dikbangspes_done: int = 0
    dikbangspes_reported_not_yet: int | None = None
    competency: dict = field(default_factory=dict)
    other_duty_hours: float = 0.0
    # Money
    budget: int = 0
    realised: int = 0
    allowance_monthly: int | None = None
    # Material
    equipment: dict = field(default_factory=dict)
    # Method
    areas_visited: int = 0
    visits: int = 0
    activity_mix: dict = field(default_factory=dict)
    scheduled: int = 0
    scheduled_kept: int = 0
    early_warnings: int = 0
    problem_cases: int = 0
    mediations: int = 0
    rank: int | None = None

    def _per_officer(self, value):
        return value / self.officers if self.officers else None

    @property
    def dikbangspes_not_yet(self):
        return self.officers - self.dikbangspes_done

    @property
    def areas_per_officer(self):
        return self._per_officer(self.areas)

    @property
    def population_per_officer(self):
        return self._per_officer(self.population)

    @property
    def km2_per_officer(self):
        return self._per_officer(self.area_km2)

    @property
    def other_duty_hours_per_officer(self):
        return self._per_officer(self.other_duty_hours)

    @property
    def competency_mean(self):
        scores = [score for score in self.competency.values() if score is not None]
        return sum(scores) / len(scores) if scores else None

    @property
    def budget_per_officer(self):
        return self._per_officer(self.budget)

    @property
    def budget_per_area(self):
        return self.budget / self.areas if self.areas else None

    @property
    def realisation_pct(self):
        return 100 * self.realised / self.budget if self.budget else None

    @property
    def allowance_yearly(self):
        return (
            None if self.allowance_monthly is None else self.allowance_monthly * 12 * self.officers
        )

    @property
    def coverage_pct(self):
        return 100 * self.areas_visited / self.areas if self.areas else None

    @property
    def adherence_pct(self):
        return 100 * self.scheduled_kept / self.scheduled if self.scheduled else None

    def equipment_item(self, code):
        return self.equipment.get(code)

    # The gap index (0 good .. 1 bad) and its three parts.
    @property
    def man_gap(self):
        if not self.officers and not self.areas:
            return None
        parts = [
            self.dikbangspes_not_yet / self.officers if self.officers else 1.0,
            max(0.0, 1 - self.officers / self.areas) if self.areas else 0.0,
        ]
        if self.competency_mean is not None:
            parts.append((5 - self.competency_mean) / 4)
        return sum(parts) / len(parts)

    @property
    def material_gap(self):
        if not self.officers:
            return None
        parts = []
        for code in RANKED_EQUIPMENT:
            item = self.equipment.get(code)
            usable = item.usable if item else 0
            parts.append(max(self.officers - usable, 0) / self.officers)
        return sum(parts) / len(parts)

    @property
    def method_gap(self):
        return None if not self.areas else 1 - self.areas_visited / self.areas

    @property
    def gap_index(self):
        parts = [g for g in (self.man_gap, self.material_gap, self.method_gap) if g is not None]
        return sum(parts) / len(parts) if parts else None


def unit_gaps(root, units, *, as_of, user, fiscal_year=None):
    """The 4M rows of the units, ranked by gap index (worst first), and the subtree total.

    Returns (rows, total, fiscal_year). A fixed number of queries (see tests/optimisation).
    """
    ids = [unit.pk for unit in units]
    rows = {unit.pk: UnitGap(unit.pk, unit.name, unit.code) for unit in units}

    strength = selectors.bhabin_strength(units)
    roster = selectors.roster_competency(units)
    reported = selectors.reported_competency(units)
    for unit_id, row in rows.items():
        row.officers = strength[unit_id]["officer_count"]
        row.areas = strength[unit_id]["area_count"]
        figures = roster.get(unit_id, {})
        row.education = {level: figures.get(level.lower(), 0) for level in Officer.Education.values}
        row.dikbangspes_done = figures.get("dikbangspes_done", 0)
        if unit_id in reported:
            row.dikbangspes_reported_not_yet = reported[unit_id].dikbangspes_not_yet

    areas = AssistedArea.objects.visible_to(user).filter(unit_id__in=ids, is_active=True)
    for item in (
        areas.order_by()
        .values("unit_id")
        .annotate(population=Coalesce(Sum("population"), 0), km2=Sum("area_km2"))
    ):
        rows[item["unit_id"]].population = item["population"]
        rows[item["unit_id"]].area_km2 = float(item["km2"] or 0)

    bhabin = Officer.objects.visible_to(user).bhabin().filter(unit_id__in=ids)
    for item in (
        CompetencyAssessment.objects.visible_to(user)
        .filter(officer__in=bhabin)
        .order_by()
        .values("officer__unit_id", "competency")
        .annotate(mean=Avg("score"))
    ):
        rows[item["officer__unit_id"]].competency[item["competency"]] = float(item["mean"])

    since = months_before(as_of, OTHER_DUTY_MONTHS)
    for item in (
        OtherDuty.objects.visible_to(user)
        .filter(officer__in=bhabin, date__gt=since, date__lte=as_of)
        .order_by()
        .values("officer__unit_id")
        .annotate(hours=Sum("hours"))
    ):
        rows[item["officer__unit_id"]].other_duty_hours = float(item["hours"])

    # Money: the fiscal year of as_of if it has lines, else the latest year that has.
    year = fiscal_year or selectors.latest_dipa_year(units)
    if year is not None:
        for line in selectors.dipa_lines(units, year):
            rows[line.unit_id].budget += line.effective
            rows[line.unit_id].realised += line.realised
    rate = (
        AllowanceRate.objects.filter(valid_from__lte=as_of)
        .order_by("-valid_from")
        .values_list("monthly_amount", flat=True)
        .first()
    )
    for row in rows.values():
        row.allowance_monthly = rate

    # Material: stock by unit, type and condition; items issued to an officer counted apart.
    types = list(FacilityType.objects.order_by("sort_order", "name"))
    for row in rows.values():
        row.equipment = {
            t.code: Equipment(t.code, t.name, t.one_per_officer, officers=row.officers)
            for t in types
        }
    for item in (
        Facility.objects.visible_to(user)
        .filter(unit_id__in=ids)
        .order_by()
        .values("unit_id", "facility_type__code", "condition")
        .annotate(quantity=Sum("quantity"), issued=Count("pk", filter=Q(officer__isnull=False)))
    ):
        equipment = rows[item["unit_id"]].equipment[item["facility_type__code"]]
        setattr(
            equipment, item["condition"], getattr(equipment, item["condition"]) + item["quantity"]
        )
        equipment.total += item["quantity"]
        equipment.issued += item["issued"]

    # Method: the last 30 days up to as_of.
    start = as_of - datetime.timedelta(days=METHOD_WINDOW_DAYS - 1)
    window = {"occurred_at__date__gte": start, "occurred_at__date__lte": as_of}
    visits = Visit.objects.visible_to(user).filter(area__unit_id__in=ids, **window)
    for item in (
        visits.order_by()
        .values("area__unit_id")
        .annotate(areas=Count("area", distinct=True), n=Count("pk"))
    ):
        rows[item["area__unit_id"]].areas_visited = item["areas"]
        rows[item["area__unit_id"]].visits = item["n"]
    activities = {a.pk: a for a in Activity.objects.order_by("sort_order", "name")}
    for item in visits.order_by().values("area__unit_id", "activity_id").annotate(n=Count("pk")):
        rows[item["area__unit_id"]].activity_mix[activities[item["activity_id"]].name] = item["n"]
    kept = Exists(
        Visit.objects.filter(
            officer=OuterRef("officer"),
            area=OuterRef("area"),
            occurred_at__date=OuterRef("planned_on"),
        )
    )
    for item in (
        VisitSchedule.objects.visible_to(user)
        .filter(area__unit_id__in=ids, planned_on__gte=start, planned_on__lte=as_of)
        .order_by()
        .values("area__unit_id")
        .annotate(n=Count("pk"), kept=Count("pk", filter=Q(kept)))
    ):
        rows[item["area__unit_id"]].scheduled = item["n"]
        rows[item["area__unit_id"]].scheduled_kept = item["kept"]
    for item in (
        EarlyWarning.objects.visible_to(user)
        .filter(area__unit_id__in=ids, reported_at__date__gte=start, reported_at__date__lte=as_of)
        .order_by()
        .values("area__unit_id")
        .annotate(n=Count("pk"))
    ):
        rows[item["area__unit_id"]].early_warnings = item["n"]
    for item in (
        ProblemCase.objects.visible_to(user)
        .filter(area__unit_id__in=ids, opened_on__gte=start, opened_on__lte=as_of)
        .order_by()
        .values("area__unit_id")
        .annotate(
            n=Count("pk"), mediations=Count("pk", filter=Q(method=ProblemCase.Method.MEDIATION))
        )
    ):
        rows[item["area__unit_id"]].problem_cases = item["n"]
        rows[item["area__unit_id"]].mediations = item["mediations"]

    total = _total(root, list(rows.values()), types, rate, reported)
    ranked = sorted(
        rows.values(),
        key=lambda row: (row.gap_index is None, -(row.gap_index or 0), row.name),
    )
    for number, row in enumerate(ranked, start=1):
        row.rank = number if row.gap_index is not None else None
    return ranked, total, year


def _total(root, rows, types, rate, reported):
    total = UnitGap(None, root.name, root.code, allowance_monthly=rate)
    numeric = [
        "officers",
        "areas",
        "population",
        "area_km2",
        "dikbangspes_done",
        "other_duty_hours",
        "budget",
        "realised",
        "areas_visited",
        "visits",
        "scheduled",
        "scheduled_kept",
        "early_warnings",
        "problem_cases",
        "mediations",
    ]
    for name in numeric:
        setattr(total, name, sum(getattr(row, name) for row in rows))
    total.education = {
        level: sum(row.education.get(level, 0) for row in rows)
        for level in Officer.Education.values
    }
    if reported:
        total.dikbangspes_reported_not_yet = sum(r.dikbangspes_not_yet for r in reported.values())
    # The mean of the unit means, weighted by officers: an average of averages would not be.
    for key in Competency.values:
        scored = [(row.competency[key], row.officers) for row in rows if key in row.competency]
        weight = sum(n for _score, n in scored)
        if weight:
            total.competency[key] = sum(score * n for score, n in scored) / weight
    for row in rows:
        for name, count in row.activity_mix.items():
            total.activity_mix[name] = total.activity_mix.get(name, 0) + count
    total.equipment = {
        t.code: Equipment(t.code, t.name, t.one_per_officer, officers=total.officers) for t in types
    }
    for row in rows:
        for code, item in row.equipment.items():
            summed = total.equipment[code]
            for name in ("total", "good", "light_damage", "heavy_damage", "issued"):
                setattr(summed, name, getattr(summed, name) + getattr(item, name))
    return total
