"""The optimisation models, as mixed-integer linear programmes solved with scipy's `milp`.

Why `scipy.optimize.milp` (HiGHS): it adds no dependency beyond scipy, which the numeric work
needs anyway; HiGHS proves optimality, and these models are small (hundreds of binaries for the
equipment and seats of a whole Polres, a few hundred integers per Polsek for the visit plan), so
an exact answer takes milliseconds; OR-Tools would add a heavy wheel for no gain at this size.

The functions here know nothing of Django: they take plain candidates and return plain results,
so the constructed cases in tests/optimisation can state their known optimum. Ties are broken
by a tiny preference for the candidate listed first, so the same data gives the same answer.
"""

import datetime
import time
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from org.periods import month_days
from org.periods import working_days as field_work_days

# Added to earlier candidates' values so that ties always resolve the same way.
TIE_BREAK = 1e-6
# A cost per visit by an officer not posted to the area: the area's own officer goes first.
NOT_OWN_AREA_PENALTY = 1e-3


@dataclass
class Solution:
    """What a model returned: the status in words, the solve time, and the objective."""

    ok: bool
    message: str
    seconds: float
    objective: float = 0.0
    # The solver's status (0 optimal, 1 time limit, 2 infeasible, other: failed); None when no
    # model was solved (nothing to share out, or the inputs already rule a plan out).
    status: int | None = None

    @property
    def sentence(self):
        """The outcome in a plain sentence for a reader, without the solver's words or times."""
        if self.status == 0:
            return _("This is the best choice for the needs and weights below.")
        if self.status == 1:
            return _("The time allowed ran out: the best choice found by then is shown.")
        if self.status == 2:
            return _("No choice meets every condition at once.")
        if self.status is None:
            return self.message
        return _("The calculation failed; ask the administrator to look at the server log.")


@dataclass
class Candidate:
    """Someone who could get an item or a seat, with the need that argues for it."""

    key: object
    label: str
    need: float
    reason: str = ""


@dataclass
class Selection:
    chosen: list
    solution: Solution
    offered: int = 0

    @property
    def need_covered(self):
        return sum(candidate.need for candidate in self.chosen)


def _solve(c, constraints, integrality, bounds, time_limit):
    started = time.perf_counter()
    result = milp(
        c,
        constraints=constraints,
        integrality=integrality,
        bounds=bounds,
        options={"time_limit": time_limit, "disp": False},
    )
    return result, time.perf_counter() - started


def _status_message(result):
    if result.status == 0:
        return "Optimal."
    if result.status == 1:
        return _("Time limit reached; the best plan found is used.")
    if result.status == 2:
        return _("Infeasible: the constraints cannot all be met together.")
    return _("The solver failed: %(message)s") % {"message": result.message}


def choose(candidates, k, *, time_limit=20.0):
    """The `k` candidates with the largest total need, each chosen at most once.

    max sum(need_i z_i)  s.t.  sum(z_i) <= k,  z_i in {0, 1}.
    (With one budget row this is a sort; it is kept a MILP so that budget rows can join it.)
    """
    candidates = list(candidates)
    k = max(int(k), 0)
    if not candidates or k == 0:
        return Selection([], Solution(True, _("Nothing to share out."), 0.0), offered=k)
    n = len(candidates)
    values = np.array(
        [c.need + TIE_BREAK * (n - i) / n for i, c in enumerate(candidates)], dtype=float
    )
    result, seconds = _solve(
        -values,
        [LinearConstraint(np.ones((1, n)), 0, k)],
        np.ones(n),
        Bounds(0, 1),
        time_limit,
    )
    if result.x is None:
        return Selection(
            [], Solution(False, _status_message(result), seconds, status=result.status), offered=k
        )
    chosen = [c for c, z in zip(candidates, result.x, strict=True) if z > 0.5]
    chosen.sort(key=lambda c: -c.need)
    return Selection(
        chosen,
        Solution(
            result.status in (0, 1), _status_message(result), seconds, -result.fun, result.status
        ),
        offered=k,
    )


@dataclass
class Purchase:
    """Items a budget buys: for each type, the candidates who get one."""

    by_type: dict
    spent: int
    solution: Solution


def purchase(candidates_by_type, *, budget, prices, values, time_limit=20.0):
    """Which items to buy with `budget`, and for whom, for the largest value-weighted need.

    max sum(value_t need_it z_it)  s.t.  sum(price_t z_it) <= budget,  z_it in {0, 1}:
    each officer gets at most one item of a type (the candidates of a type lack one).
    """
    columns = []
    for type_code, candidates in candidates_by_type.items():
        if type_code not in prices or prices[type_code] <= 0:
            continue
        n = len(candidates)
        for i, candidate in enumerate(candidates):
            weight = values.get(type_code, 1.0) * candidate.need + TIE_BREAK * (n - i) / max(n, 1)
            columns.append((type_code, candidate, weight, prices[type_code]))
    if not columns or budget <= 0:
        return Purchase({}, 0, Solution(True, _("No extra budget."), 0.0))
    weights = np.array([column[2] for column in columns])
    costs = np.array([[column[3] for column in columns]], dtype=float)
    result, seconds = _solve(
        -weights,
        [LinearConstraint(costs, 0, budget)],
        np.ones(len(columns)),
        Bounds(0, 1),
        time_limit,
    )
    if result.x is None:
        return Purchase(
            {}, 0, Solution(False, _status_message(result), seconds, status=result.status)
        )
    by_type = {}
    spent = 0
    for (type_code, candidate, _weight, price), z in zip(columns, result.x, strict=True):
        if z > 0.5:
            by_type.setdefault(type_code, []).append(candidate)
            spent += price
    for chosen in by_type.values():
        chosen.sort(key=lambda c: -c.need)
    return Purchase(
        by_type,
        spent,
        Solution(
            result.status in (0, 1), _status_message(result), seconds, -result.fun, result.status
        ),
    )


# --- Visit plan ---------------------------------------------------------------------------


@dataclass
class PlanOfficer:
    """An officer who can visit: their working days next month and the areas they may visit."""

    key: object
    label: str
    days: list
    own_areas: frozenset = frozenset()


@dataclass
class PlanArea:
    key: object
    label: str
    risk: float
    reason: str = ""


@dataclass
class PlanEntry:
    """One planned visit: what the schedule planner takes (officer, area, planned_on)."""

    officer: object
    area: object
    planned_on: datetime.date


@dataclass
class VisitPlan:
    entries: list
    visits: dict  # area key -> number of visits
    by_pair: dict  # (officer key, area key) -> number of visits
    solution: Solution
    capacity: dict = field(default_factory=dict)  # officer key -> visits possible
    problems: list = field(default_factory=list)

    @property
    def value(self):
        return self.solution.objective


def working_days(year, month, *, holidays=(), busy=()):
    """The month's field-work days (settings.FIELD_WORK_WEEKDAYS), less holidays and busy days."""
    first, last = month_days(datetime.date(year, month, 1))
    return field_work_days(first, last, closed=set(holidays) | set(busy))


def plan_visits(
    officers,
    areas,
    *,
    visits_per_day=2,
    max_visits_per_area=8,
    threshold=0.04,
    time_limit=20.0,
):
    """Next month's visits: every area at least once, more where risk is higher.

    Variables: x[o, a] >= 0 integer, visits of officer o to area a, for the officer's own
    areas and, for an area nobody is posted to, every officer offered; y[a, k] in [0, 1], the
    k-th visit to area a (k = 1..max_visits_per_area), with sum_o x[o, a] = sum_k y[a, k].

    max  sum_a sum_k (risk_a / k - threshold) y[a, k]  -  small penalty on x outside own areas
    s.t. y[a, 1] = 1                                   (every area at least once)
         sum_a x[o, a] <= visits_per_day * days_o      (the officer's capacity)
         x[o, a] <= days_o                             (one visit per area per day)

    The value of the k-th visit falls as 1/k (diminishing returns, piecewise linear): since
    the value is concave the k-th segment fills before the (k+1)-th. A visit is planned only
    while it is worth more than `threshold`. Dates are then spread over each officer's days.
    """
    officers = list(officers)
    areas = list(areas)
    capacity = {o.key: visits_per_day * len(o.days) for o in officers}
    if not areas:
        return VisitPlan([], {}, {}, Solution(True, _("No areas to plan."), 0.0), capacity)

    staffed = set()
    for officer in officers:
        staffed |= set(officer.own_areas)
    pairs = []
    for officer in officers:
        if not officer.days:
            continue
        for area in areas:
            own = area.key in officer.own_areas
            if own or area.key not in staffed:
                pairs.append((officer, area, own))

    problems = _infeasibility(officers, areas, pairs, capacity)
    if problems:
        return VisitPlan(
            [],
            {},
            {},
            Solution(False, _("Infeasible: %(problems)s") % {"problems": " ".join(problems)}, 0.0),
            capacity,
            problems,
        )

    n_pairs = len(pairs)
    segments = max(int(max_visits_per_area), 1)
    n = n_pairs + len(areas) * segments
    area_index = {area.key: i for i, area in enumerate(areas)}
    officer_index = {officer.key: i for i, officer in enumerate(officers)}

    c = np.zeros(n)
    lower = np.zeros(n)
    upper = np.ones(n)
    integrality = np.zeros(n)
    for p, (officer, _area, own) in enumerate(pairs):
        c[p] = 0.0 if own else NOT_OWN_AREA_PENALTY
        upper[p] = min(len(officer.days), segments)
        integrality[p] = 1
    for i, area in enumerate(areas):
        for k in range(segments):
            column = n_pairs + i * segments + k
            c[column] = -(area.risk / (k + 1) - threshold)
        lower[n_pairs + i * segments] = 1

    rows = lil_matrix((len(areas) + len(officers), n))
    row_lower, row_upper = [], []
    for i in range(len(areas)):
        for k in range(segments):
            rows[i, n_pairs + i * segments + k] = -1
        row_lower.append(0)
        row_upper.append(0)
    for p, (officer, area, _own) in enumerate(pairs):
        rows[area_index[area.key], p] = 1
        rows[len(areas) + officer_index[officer.key], p] = 1
    for officer in officers:
        row_lower.append(0)
        row_upper.append(capacity[officer.key])

    result, seconds = _solve(
        c,
        [LinearConstraint(rows.tocsr(), row_lower, row_upper)],
        integrality,
        Bounds(lower, upper),
        time_limit,
    )
    if result.x is None:
        return VisitPlan(
            [],
            {},
            {},
            Solution(False, _status_message(result), seconds, status=result.status),
            capacity,
        )
    by_pair = {}
    visits = dict.fromkeys((area.key for area in areas), 0)
    for (officer, area, _own), value in zip(pairs, result.x[:n_pairs], strict=True):
        count = int(round(value))
        if count:
            by_pair[(officer.key, area.key)] = count
            visits[area.key] += count
    # The reported value is the plan's risk-weighted worth, without threshold or penalties.
    worth = sum(area.risk * sum(1 / k for k in range(1, visits[area.key] + 1)) for area in areas)
    entries = spread_dates(officers, by_pair, visits_per_day=visits_per_day)
    return VisitPlan(
        entries,
        visits,
        by_pair,
        Solution(result.status in (0, 1), _status_message(result), seconds, worth, result.status),
        capacity,
    )


def _infeasibility(officers, areas, pairs, capacity):
    """Plain reasons a plan cannot visit every area once, found before asking the solver."""
    problems = []
    reachable = {}
    for officer, area, _own in pairs:
        reachable.setdefault(area.key, []).append(officer)
    orphans = [area.label for area in areas if area.key not in reachable]
    if orphans:
        problems.append(
            _("%(n)s areas cannot be visited by anyone (no officer with working days): %(areas)s.")
            % {
                "n": len(orphans),
                "areas": ", ".join(orphans[:5]) + (" ..." if len(orphans) > 5 else ""),
            }
        )
    total = sum(capacity[o.key] for o in officers)
    if total < len(areas):
        problems.append(
            _(
                "All officers together can make %(total)s visits, but there are %(n)s "
                "areas that each need one visit."
            )
            % {"total": total, "n": len(areas)}
        )
    for officer in officers:
        own = [area for o, area, is_own in pairs if o is officer and is_own]
        if (
            own
            and all(len(reachable[a.key]) == 1 for a in own)
            and len(own) > capacity[officer.key]
        ):
            problems.append(
                _(
                    "%(officer)s: %(n)s areas can be visited only by this officer, who can "
                    "make %(capacity)s visits."
                )
                % {"officer": officer.label, "n": len(own), "capacity": capacity[officer.key]}
            )
    return problems


def spread_dates(officers, by_pair, *, visits_per_day=2):
    """Dates for each officer's visits: spread evenly, at most `visits_per_day` a day and
    one visit to an area a day (the schedule's uniqueness)."""
    entries = []
    for officer in officers:
        days = officer.days
        if not days:
            continue
        load = [0] * len(days)
        taken = set()
        mine = sorted(
            ((area, count) for (o, area), count in by_pair.items() if o == officer.key),
            key=lambda item: (-item[1], str(item[0])),
        )
        for area, count in mine:
            for i in range(count):
                target = int((i + 0.5) * len(days) / count)
                for offset in _outward(len(days)):
                    slot = target + offset
                    free = 0 <= slot < len(days) and load[slot] < visits_per_day
                    if free and (area, slot) not in taken:
                        load[slot] += 1
                        taken.add((area, slot))
                        entries.append(PlanEntry(officer.key, area, days[slot]))
                        break
    entries.sort(key=lambda e: (e.planned_on, str(e.officer), str(e.area)))
    return entries


def _outward(length):
    yield 0
    for step in range(1, length + 1):
        yield step
        yield -step
