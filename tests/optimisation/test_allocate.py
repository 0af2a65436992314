"""The MILP models on small constructed cases whose optimum is known."""

import datetime

from optimisation.allocate import (
    Candidate,
    PlanArea,
    PlanOfficer,
    choose,
    plan_visits,
    purchase,
    working_days,
)

DAYS = [datetime.date(2022, 12, d) for d in (1, 2, 5, 6, 7)]


def test_one_motorbike_among_three_officers_goes_to_the_neediest():
    candidates = [
        Candidate("a", "A", 0.2, "kecil"),
        Candidate("b", "B", 0.9, "terluas dan paling rawan"),
        Candidate("c", "C", 0.5, "sedang"),
    ]
    selection = choose(candidates, 1)
    assert [c.key for c in selection.chosen] == ["b"]
    assert selection.solution.ok
    assert selection.chosen[0].reason == "terluas dan paling rawan"


def test_two_seats_among_four_officers_go_to_the_two_largest_needs():
    candidates = [
        Candidate(k, k, need) for k, need in [("a", 0.1), ("b", 0.7), ("c", 0.4), ("d", 0.8)]
    ]
    selection = choose(candidates, 2)
    assert {c.key for c in selection.chosen} == {"b", "d"}
    assert selection.need_covered == 0.7 + 0.8


def test_more_items_than_candidates_gives_each_candidate_one_item_only():
    selection = choose([Candidate("a", "A", 0.3), Candidate("b", "B", 0.1)], 5)
    assert sorted(c.key for c in selection.chosen) == ["a", "b"]


def test_nothing_to_give_out_chooses_nobody_without_calling_it_a_failure():
    selection = choose([Candidate("a", "A", 0.3)], 0)
    assert selection.chosen == []
    assert selection.solution.ok


def test_ties_always_resolve_to_the_candidate_listed_first():
    candidates = [Candidate(k, k, 0.5) for k in "abc"]
    assert [c.key for c in choose(candidates, 1).chosen] == ["a"]


def test_a_budget_buys_the_items_worth_most_per_rupiah_of_need():
    candidates = {
        "ranmor-r2": [Candidate("a", "A", 1.0)],
        "ht": [Candidate("a", "A", 1.0), Candidate("b", "B", 1.0)],
    }
    bought = purchase(
        candidates,
        budget=10,
        prices={"ranmor-r2": 10, "ht": 5},
        values={"ranmor-r2": 1.0, "ht": 0.6},
    )
    # One motorbike (value 1.0) or two HT (1.2) for the same money: the HT win.
    assert {code: len(c) for code, c in bought.by_type.items()} == {"ht": 2}
    assert bought.spent == 10


def test_working_days_leave_out_sundays_holidays_and_other_duties(settings):
    settings.FIELD_WORK_WEEKDAYS = frozenset(range(6))  # Monday to Saturday
    days = working_days(
        2022, 12, holidays={datetime.date(2022, 12, 26)}, busy={datetime.date(2022, 12, 1)}
    )
    assert datetime.date(2022, 12, 3) in days  # Saturday
    assert datetime.date(2022, 12, 4) not in days  # Sunday
    assert datetime.date(2022, 12, 26) not in days
    assert datetime.date(2022, 12, 1) not in days
    assert len(days) == 27 - 2


def test_when_capacity_binds_every_area_gets_one_visit_and_the_extra_goes_to_the_riskiest():
    officer = PlanOfficer("o", "Bripka O", DAYS[:2], frozenset({"x", "y", "z"}))
    areas = [
        PlanArea("x", "Desa X", 0.2),
        PlanArea("y", "Desa Y", 0.9),
        PlanArea("z", "Desa Z", 0.5),
    ]
    plan = plan_visits([officer], areas, visits_per_day=2, threshold=0.0)
    # Capacity 2 days x 2 = 4 visits for 3 areas: one each, the fourth to Desa Y.
    assert plan.solution.ok
    assert plan.visits == {"x": 1, "y": 2, "z": 1}
    assert len(plan.entries) == 4
    assert {(e.officer, e.area) for e in plan.entries} == {("o", "x"), ("o", "y"), ("o", "z")}


def test_the_plan_never_puts_an_officer_over_capacity_nor_twice_in_an_area_on_a_day():
    officer = PlanOfficer("o", "O", DAYS, frozenset({"x", "y"}))
    areas = [PlanArea("x", "X", 1.0), PlanArea("y", "Y", 1.0)]
    plan = plan_visits([officer], areas, visits_per_day=2, max_visits_per_area=8, threshold=0.0)
    per_day = {}
    for entry in plan.entries:
        per_day[entry.planned_on] = per_day.get(entry.planned_on, 0) + 1
    assert max(per_day.values()) <= 2
    assert len({(e.area, e.planned_on) for e in plan.entries}) == len(plan.entries)
    assert plan.visits == {"x": 5, "y": 5}  # one a day each: 5 working days


def test_a_low_risk_area_gets_one_visit_and_a_high_risk_area_more():
    officer = PlanOfficer("o", "O", DAYS * 4, frozenset({"calm", "hot"}))
    areas = [PlanArea("calm", "Tenang", 0.05), PlanArea("hot", "Rawan", 0.6)]
    plan = plan_visits([officer], areas, threshold=0.1, max_visits_per_area=8)
    # Visit k is worth risk / k: 0.6 / 6 = 0.1 is not above the threshold, 0.6 / 5 is.
    assert plan.visits == {"calm": 1, "hot": 5}


def test_an_area_without_an_officer_is_visited_by_a_colleague_of_the_unit():
    officers = [PlanOfficer("o", "O", DAYS, frozenset({"x"}))]
    areas = [PlanArea("x", "X", 0.1), PlanArea("empty", "Kosong", 0.1)]
    plan = plan_visits(officers, areas, threshold=0.5)
    assert plan.by_pair == {("o", "x"): 1, ("o", "empty"): 1}


def test_infeasible_capacity_is_reported_in_words_not_raised():
    officer = PlanOfficer("o", "Bripka O", DAYS[:1], frozenset({"x", "y", "z"}))
    areas = [PlanArea(k, f"Desa {k}", 0.5) for k in "xyz"]
    plan = plan_visits([officer], areas, visits_per_day=2)
    assert not plan.solution.ok
    assert plan.entries == []
    assert "Kapasitas seluruh personel 2 kunjungan" in plan.solution.message
    assert "Bripka O: 3 wilayah" in plan.solution.message


def test_an_area_nobody_can_reach_is_named_in_the_refusal():
    officers = [
        PlanOfficer("o", "O", [], frozenset({"x"})),
        PlanOfficer("p", "P", DAYS, frozenset({"y"})),
    ]
    plan = plan_visits(officers, [PlanArea("x", "Desa X", 0.5), PlanArea("y", "Desa Y", 0.5)])
    assert not plan.solution.ok
    assert "Desa X" in plan.solution.message
