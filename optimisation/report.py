"""The optimisation report of a unit: 4M gaps, area risk, and the recommendations a-c.

`build_report(root, ...)` gathers the inputs with a fixed number of queries, then solves the
models of `allocate` in memory: (a) who gets the next motorbikes, HT and megaphones, (b) who
gets the next dikbangspes seats, (c) next month's visit plan, one model per unit (a Polsek has
tens of officers; the Polres is solved unit by unit). Every recommendation carries its reason as
an Indonesian sentence.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bhabin.models import Assignment, AssistedArea
from budget.models import Facility, FacilityType
from optimisation import allocate
from optimisation.gaps import USABLE, unit_gaps
from optimisation.risk import area_risks
from org.models import PublicHoliday
from personnel.models import CompetencyAssessment, Officer, OtherDuty
from recaps import selectors

# The equipment the paper finds short, in the order the report shows it.
ITEM_TYPES = ("ranmor-r2", "ht", "megaphone")
ITEM_WORDS = {
    "ranmor-r2": gettext_lazy("service motorbike"),
    "ht": "HT",
    "megaphone": gettext_lazy("megaphone"),
}


def fmt(value, digits=1):
    """A number the Indonesian way: 12.345,6."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


@dataclass
class OfficerFacts:
    id: int
    name: str
    rank: str
    unit_id: int
    dikbangspes_done: bool
    area_ids: list = field(default_factory=list)
    items: set = field(default_factory=set)
    competency_mean: float | None = None

    @property
    def label(self):
        return f"{self.rank} {self.name}"


def officer_facts(units, *, user, as_of):
    """Active Bhabinkamtibmas of the units with their areas, issued items and mean competency.

    Four queries.
    """
    ids = [unit.pk for unit in units]
    officers = Officer.objects.visible_to(user).bhabin().filter(unit_id__in=ids)
    rank_labels = dict(Officer._meta.get_field("rank").choices)
    facts = {
        row["pk"]: OfficerFacts(
            row["pk"],
            row["name"],
            str(rank_labels.get(row["rank"], row["rank"])).split(" (")[0],
            row["unit_id"],
            row["dikbangspes_done"],
        )
        for row in officers.order_by("unit__sort_order", "name").values(
            "pk", "name", "rank", "unit_id", "dikbangspes_done"
        )
    }
    for officer_id, area_id in (
        Assignment.objects.visible_to(user)
        .active(as_of)
        .filter(officer__in=officers, area__is_active=True)
        .order_by("officer_id", "role", "area__name")
        .values_list("officer_id", "area_id")
    ):
        facts[officer_id].area_ids.append(area_id)
    for officer_id, code in (
        Facility.objects.visible_to(user)
        .filter(officer__in=officers, condition__in=USABLE)
        .values_list("officer_id", "facility_type__code")
    ):
        facts[officer_id].items.add(code)
    for row in (
        CompetencyAssessment.objects.visible_to(user)
        .filter(officer__in=officers)
        .order_by()
        .values("officer_id")
        .annotate(mean=Avg("score"))
    ):
        facts[row["officer_id"]].competency_mean = float(row["mean"])
    return facts


def unissued_stock(units, *, user):
    """Usable items (good or lightly damaged) held by the units and issued to nobody. One query."""
    rows = (
        Facility.objects.visible_to(user)
        .filter(unit__in=units, officer__isnull=True, condition__in=USABLE)
        .order_by()
        .values("facility_type__code")
        .annotate(n=Sum("quantity"))
    )
    return {row["facility_type__code"]: row["n"] for row in rows}


def _normalised(weights, keys):
    raw = {key: max(float(weights.get(key, 0.0)), 0.0) for key in keys}
    total = sum(raw.values()) or 1.0
    return {key: value / total for key, value in raw.items()}


def _officer_areas(officer, risks_by_area):
    return [risks_by_area[a] for a in officer.area_ids if a in risks_by_area]


def equipment_needs(officers, risks_by_area, type_code, *, weights=None):
    """Every officer's need for an item of the type, as candidates (holders included)."""
    w = _normalised(weights or settings.OPTIMISE_NEED_WEIGHTS, ("risk", "area_km2"))
    km2 = {o.id: sum(r.area_km2 for r in _officer_areas(o, risks_by_area)) for o in officers}
    widest = max(km2.values(), default=0.0) or 1.0
    word = ITEM_WORDS.get(type_code, type_code)
    candidates = []
    for officer in officers:
        areas = _officer_areas(officer, risks_by_area)
        riskiest = max(areas, key=lambda r: r.score, default=None)
        risk = riskiest.score if riskiest else 0.0
        need = w["risk"] * risk + w["area_km2"] * km2[officer.id] / widest
        names = ", ".join(r.label for r in areas) or _("no assisted area")
        reason = _("%(officer)s (%(areas)s): %(km2)s km², risk score %(risk)s") % {
            "officer": officer.label,
            "areas": names,
            "km2": fmt(km2[officer.id]),
            "risk": fmt(risk, 2),
        }
        if riskiest:
            reason += f"; {', '.join(riskiest.facts()[:2])}"
        if type_code not in officer.items:
            reason += "; " + _("holds no %(item)s") % {"item": word}
        candidates.append(allocate.Candidate(officer.id, officer.label, need, reason))
    candidates.sort(key=lambda c: (-c.need, c.label))
    return candidates


def seat_needs(officers, risks_by_area, *, weights=None):
    """Officers without dikbangspes, by their areas' risk and their competency gap."""
    w = _normalised(weights or settings.OPTIMISE_SEAT_WEIGHTS, ("risk", "competency_gap"))
    candidates = []
    for officer in officers:
        if officer.dikbangspes_done:
            continue
        areas = _officer_areas(officer, risks_by_area)
        risk = max((r.score for r in areas), default=0.0)
        if officer.competency_mean is None:
            gap, gap_words = 0.5, _("competency not yet assessed")
        else:
            gap = (5 - officer.competency_mean) / 4
            gap_words = _("mean competency score %(mean)s of 5") % {
                "mean": fmt(officer.competency_mean)
            }
        names = ", ".join(r.label for r in areas) or _("no assisted area")
        reason = _(
            "%(officer)s (%(areas)s): no Binmas/Polmas dikbangspes yet, %(gap)s, "
            "area risk score %(risk)s"
        ) % {"officer": officer.label, "areas": names, "gap": gap_words, "risk": fmt(risk, 2)}
        need = w["risk"] * risk + w["competency_gap"] * gap
        candidates.append(allocate.Candidate(officer.id, officer.label, need, reason))
    candidates.sort(key=lambda c: (-c.need, c.label))
    return candidates


def need_covered_pct(needs, holders):
    """The share of the risk-weighted need met by the officers who hold the item."""
    total = sum(c.need for c in needs)
    return 100 * sum(c.need for c in needs if c.key in holders) / total if total else None


def public_holidays(year, month):
    """Public holidays and cuti bersama of the month (org.PublicHoliday). One query."""
    return set(
        PublicHoliday.objects.filter(date__year=year, date__month=month).values_list(
            "date", flat=True
        )
    )


def busy_days(officers, *, year, month, user):
    """Days each officer has another duty recorded in the month. One query."""
    busy = {}
    for officer_id, day in (
        OtherDuty.objects.visible_to(user)
        .filter(officer_id__in=[o.id for o in officers], date__year=year, date__month=month)
        .values_list("officer_id", "date")
        .distinct()
    ):
        busy.setdefault(officer_id, set()).add(day)
    return busy


def plan_inputs(units, officers, risks, *, year, month, user, extra_officers=()):
    """Per unit id: (PlanOfficers, PlanAreas) for the month. Two queries at most."""
    holidays = public_holidays(year, month)
    busy = busy_days(officers, year=year, month=month, user=user)
    by_unit = {unit.pk: ([], []) for unit in units}
    for officer in officers:
        days = allocate.working_days(year, month, holidays=holidays, busy=busy.get(officer.id, ()))
        by_unit[officer.unit_id][0].append(
            allocate.PlanOfficer(officer.id, officer.label, days, frozenset(officer.area_ids))
        )
    for extra in extra_officers:
        days = allocate.working_days(year, month, holidays=holidays)
        by_unit[extra.unit_id][0].append(
            allocate.PlanOfficer(extra.id, extra.label, days, frozenset(extra.area_ids))
        )
    for risk in risks:
        by_unit[risk.unit_id][1].append(
            allocate.PlanArea(risk.area_id, risk.label, risk.score, risk.reason())
        )
    return by_unit


def plan_all(units, inputs, **options):
    """One visit plan per unit that has areas; {unit id: VisitPlan}."""
    opts = {
        "visits_per_day": settings.OPTIMISE_VISITS_PER_DAY,
        "max_visits_per_area": settings.OPTIMISE_MAX_VISITS_PER_AREA,
        "threshold": settings.OPTIMISE_VISIT_THRESHOLD,
        "time_limit": settings.OPTIMISE_TIME_LIMIT,
        **options,
    }
    plans = {}
    for unit in units:
        plan_officers, plan_areas = inputs[unit.pk]
        if plan_areas:
            plans[unit.pk] = allocate.plan_visits(plan_officers, plan_areas, **opts)
    return plans


def next_month(day):
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass
class Report:
    root: object
    units: list
    as_of: datetime.date
    month: datetime.date
    gaps: list
    total: object
    fiscal_year: int | None
    risks: list
    officers: dict
    stock: dict
    offered: dict
    equipment: dict  # type code -> (Selection, needs)
    seats: object
    seat_count: int
    plans: dict
    type_names: dict
    timings: dict = field(default_factory=dict)
    # Whom the report was read for: a what-if reads more rows on their behalf.
    user: object = None

    @property
    def risks_by_area(self):
        return {risk.area_id: risk for risk in self.risks}

    @property
    def units_by_id(self):
        return {unit.pk: unit for unit in self.units}

    def plan_rows(self):
        """The visit plan per area, riskiest first: officers, visits, dates and the reason."""
        officers = self.officers
        rows = []
        for risk in self.risks:
            plan = self.plans.get(risk.unit_id)
            if plan is None or not plan.solution.ok:
                continue
            dates = [e.planned_on for e in plan.entries if e.area == risk.area_id]
            who = sorted(
                {
                    officers[o].label
                    for (o, a) in plan.by_pair
                    if a == risk.area_id and o in officers
                }
            )
            visits = plan.visits.get(risk.area_id, 0)
            rows.append(
                {
                    "risk": risk,
                    "visits": visits,
                    "officers": who,
                    "dates": sorted(dates),
                    "reason": "; ".join(
                        (
                            risk.reason(),
                            ngettext(
                                "%(n)s visit planned",
                                "%(n)s visits planned",
                                visits,
                            )
                            % {"n": visits},
                        )
                    ),
                }
            )
        return rows

    def schedule_plan_entries(self, unit_id):
        """One unit's plan as `bhabin.schedules.PlanEntry` rows, for `schedule_apply_plan`."""
        from bhabin.schedules import PlanEntry

        plan = self.plans.get(unit_id)
        if plan is None or not plan.solution.ok:
            return []
        return [PlanEntry(e.officer, e.area, e.planned_on) for e in plan.entries]

    def schedule_entries(self, unit_id=None):
        """(officer id, area id, planned_on) for the schedule planner, optionally one unit's."""
        return [
            (entry.officer, entry.area, entry.planned_on)
            for uid, plan in self.plans.items()
            if unit_id is None or uid == unit_id
            for entry in plan.entries
        ]


def build_report(root, *, as_of, month=None, user, motorbikes=None, seats=None, items=None):
    """The whole optimisation report for a unit and the units below it.

    `motorbikes` (and `items`, by type code) override how many items are given out (default:
    the unissued stock); `seats` is the number of dikbangspes seats (default: none offered).
    """
    timings = {}
    started = time.perf_counter()
    units = selectors.recap_units(root)
    month = month or next_month(as_of)
    gaps, total, year = unit_gaps(root, units, as_of=as_of, user=user)
    areas = AssistedArea.objects.visible_to(user).filter(unit__in=units, is_active=True)
    risks = area_risks(areas, as_of=as_of)
    risks_by_area = {risk.area_id: risk for risk in risks}
    facts = officer_facts(units, user=user, as_of=as_of)
    stock = unissued_stock(units, user=user)
    type_names = dict(FacilityType.objects.filter(code__in=ITEM_TYPES).values_list("code", "name"))
    plan_in = plan_inputs(
        units, list(facts.values()), risks, year=month.year, month=month.month, user=user
    )
    timings["queries"] = time.perf_counter() - started

    offered = {code: stock.get(code, 0) for code in ITEM_TYPES}
    offered.update(items or {})
    if motorbikes is not None:
        offered["ranmor-r2"] = motorbikes
    equipment = {}
    for code in ITEM_TYPES:
        needs = equipment_needs(list(facts.values()), risks_by_area, code)
        lacking = [c for c in needs if code not in facts[c.key].items]
        equipment[code] = (
            allocate.choose(lacking, offered[code], time_limit=settings.OPTIMISE_TIME_LIMIT),
            needs,
        )
        timings[f"a:{code}"] = equipment[code][0].solution.seconds
    seat_count = seats or 0
    seat_selection = allocate.choose(
        seat_needs(list(facts.values()), risks_by_area),
        seat_count,
        time_limit=settings.OPTIMISE_TIME_LIMIT,
    )
    timings["b:seats"] = seat_selection.solution.seconds
    plans = plan_all(units, plan_in)
    timings["c:plans"] = sum(plan.solution.seconds for plan in plans.values())
    timings["c:largest"] = max((plan.solution.seconds for plan in plans.values()), default=0.0)
    timings["total"] = time.perf_counter() - started
    return Report(
        root=root,
        units=units,
        as_of=as_of,
        month=month,
        gaps=gaps,
        total=total,
        fiscal_year=year,
        risks=risks,
        officers=facts,
        stock=stock,
        offered=offered,
        equipment=equipment,
        seats=seat_selection,
        seat_count=seat_count,
        plans=plans,
        type_names=type_names,
        timings=timings,
        user=user,
    )
