"""What-if: +k officers, +k motorbikes, +Rp budget, and how coverage and need change.

Each question is answered by solving the same models again with modified inputs, from the
report already built (no further query):

- +k officers: placed first in the riskiest areas that have no officer, then as a second
  officer in the riskiest areas; the visit plans of the units they join are solved again.
- +k motorbikes: the allocation (a) with k more motorbikes than the stock offered.
- +Rp: which motorbikes, HT and megaphones the money buys (at `OPTIMISE_PRICES_RP`) and for
  whom, for the largest value-weighted need (`OPTIMISE_ITEM_VALUES`).
Coverage is the share of the risk-weighted need met by those who hold an item, and, for
officers, the areas with an officer of their own and the visit plan's risk-weighted worth.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from optimisation import allocate
from optimisation.report import (
    ITEM_TYPES,
    ITEM_WORDS,
    OfficerFacts,
    fmt,
    need_covered_pct,
    plan_all,
    plan_inputs,
)

MAX_EXTRA_OFFICERS = 500
MAX_EXTRA_ITEMS = 2000


@dataclass
class Change:
    label: str
    before: object
    after: object
    unit: str = ""


@dataclass
class WhatIfResult:
    question: str
    changes: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    seconds: float = 0.0
    ok: bool = True


def _covered_areas(officers):
    return {area for officer in officers for area in officer.area_ids}


def more_officers(report, k):
    """Place k new officers and solve the visit plans of their units again."""
    k = min(max(int(k), 0), MAX_EXTRA_OFFICERS)
    officers = list(report.officers.values())
    staffed = _covered_areas(officers)
    order = [r for r in report.risks if r.area_id not in staffed]
    order += [r for r in report.risks if r.area_id in staffed]
    extra, lines = [], []
    for number, risk in enumerate(order[:k], start=1):
        officer = OfficerFacts(
            id=f"baru-{number}",
            name=_("new %(n)s") % {"n": number},
            rank=_("Officer"),
            unit_id=risk.unit_id,
            dikbangspes_done=False,
            area_ids=[risk.area_id],
        )
        extra.append(officer)
        if risk.area_id in staffed:
            line = _("%(officer)s placed in %(reason)s as a second officer")
        else:
            line = _("%(officer)s placed in %(reason)s")
        lines.append(line % {"officer": officer.label, "reason": risk.reason()})
    touched = {officer.unit_id for officer in extra}
    units = [unit for unit in report.units if unit.pk in touched]
    inputs = plan_inputs(
        units,
        [o for o in officers if o.unit_id in touched],
        [r for r in report.risks if r.unit_id in touched],
        year=report.month.year,
        month=report.month.month,
        user=report.user,
        extra_officers=extra,
    )
    plans = plan_all(units, inputs)
    after = {**report.plans, **plans}
    areas = len(report.risks)
    result = WhatIfResult(_("+%(n)s officers") % {"n": k})
    result.seconds = sum(plan.solution.seconds for plan in plans.values())
    result.ok = all(plan.solution.ok for plan in plans.values())
    result.changes = [
        Change(_("Bhabinkamtibmas officers"), len(officers), len(officers) + len(extra)),
        Change(
            _("Areas with their own Bhabin"),
            len(staffed & {r.area_id for r in report.risks}),
            len((staffed | _covered_areas(extra)) & {r.area_id for r in report.risks}),
            _("of %(n)s") % {"n": areas},
        ),
        Change(
            _("Areas per officer"),
            fmt(areas / len(officers), 2) if officers else "-",
            fmt(areas / (len(officers) + len(extra)), 2) if officers or extra else "-",
        ),
        Change(
            _("Visits planned"),
            sum(sum(p.visits.values()) for p in report.plans.values()),
            sum(sum(p.visits.values()) for p in after.values()),
        ),
        Change(
            _("Plan value (risk x visits, diminishing)"),
            fmt(sum(p.value for p in report.plans.values()), 2),
            fmt(sum(p.value for p in after.values()), 2),
        ),
    ]
    result.lines = lines
    return result


def more_motorbikes(report, k):
    """The allocation (a) with k more motorbikes than the stock offered."""
    k = min(max(int(k), 0), MAX_EXTRA_ITEMS)
    code = "ranmor-r2"
    selection, needs = report.equipment[code]
    holders = {o.id for o in report.officers.values() if code in o.items}
    lacking = [c for c in needs if c.key not in holders]
    more = allocate.choose(
        lacking, report.offered[code] + k, time_limit=settings.OPTIMISE_TIME_LIMIT
    )
    before = holders | {c.key for c in selection.chosen}
    after = holders | {c.key for c in more.chosen}
    officers = len(report.officers)
    result = WhatIfResult(
        _("+%(n)s service motorbikes") % {"n": k},
        seconds=more.solution.seconds,
        ok=more.solution.ok,
    )
    result.changes = [
        Change(_("Motorbikes held by officers"), len(before), len(after)),
        Change(
            _("Officers per motorbike"),
            fmt(officers / len(before), 1) if before else "-",
            fmt(officers / len(after), 1) if after else "-",
        ),
        Change(
            _("Risk-weighted need met (%)"),
            fmt(need_covered_pct(needs, before) or 0),
            fmt(need_covered_pct(needs, after) or 0),
        ),
    ]
    new = [c for c in more.chosen if c.key not in {s.key for s in selection.chosen}]
    result.lines = [c.reason for c in new]
    return result


def more_budget(report, rupiah):
    """What `rupiah` more buys, for whom, and how much need it meets."""
    rupiah = max(int(rupiah), 0)
    prices = settings.OPTIMISE_PRICES_RP
    candidates, holders = {}, {}
    for code in ITEM_TYPES:
        selection, needs = report.equipment[code]
        held = {o.id for o in report.officers.values() if code in o.items}
        holders[code] = held | {c.key for c in selection.chosen}
        candidates[code] = [c for c in needs if c.key not in holders[code]]
    bought = allocate.purchase(
        candidates,
        budget=rupiah,
        prices=prices,
        values=settings.OPTIMISE_ITEM_VALUES,
        time_limit=settings.OPTIMISE_TIME_LIMIT,
    )
    result = WhatIfResult(
        f"+Rp{fmt(rupiah, 0)}", seconds=bought.solution.seconds, ok=bought.solution.ok
    )
    result.changes = [Change(_("Budget spent (Rp)"), 0, fmt(bought.spent, 0))]
    for code in ITEM_TYPES:
        chosen = bought.by_type.get(code, [])
        needs = report.equipment[code][1]
        word = str(ITEM_WORDS[code])
        result.changes.append(Change(_("%(item)s: bought") % {"item": word}, 0, len(chosen)))
        result.changes.append(
            Change(
                _("%(item)s: risk-weighted need met (%%)") % {"item": word},
                fmt(need_covered_pct(needs, holders[code]) or 0),
                fmt(need_covered_pct(needs, holders[code] | {c.key for c in chosen}) or 0),
            )
        )
        price = fmt(prices.get(code, 0), 0)
        item = f"{word[0].upper()}{word[1:]}"
        result.lines += [
            _("%(item)s @Rp%(price)s for %(reason)s")
            % {"item": item, "price": price, "reason": c.reason}
            for c in chosen
        ]
    return result


def what_if(report, *, officers=0, motorbikes=0, rupiah=0):
    """The answers to the questions asked (a zero asks nothing)."""
    answers = []
    if officers:
        answers.append(more_officers(report, officers))
    if motorbikes:
        answers.append(more_motorbikes(report, motorbikes))
    if rupiah:
        answers.append(more_budget(report, rupiah))
    return answers
