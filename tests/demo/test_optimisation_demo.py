"""The optimisation report on the seeded demo reproduces the paper's 4M figures and plans a
feasible month for the whole Polres."""

import datetime
import time

import pytest
from django.conf import settings

from optimisation.report import build_report
from org.scoping import COMMAND_LINE

AS_OF = datetime.date(2022, 11, 30)


@pytest.fixture
def report(demo_db):
    started = time.perf_counter()
    built = build_report(
        demo_db, as_of=AS_OF, month=datetime.date(2022, 12, 1), seats=20, user=COMMAND_LINE
    )
    built.timings["test_wall"] = time.perf_counter() - started
    print("\nsolve times (s):", {k: round(v, 3) for k, v in built.timings.items()})
    return built


def test_the_4m_totals_reproduce_the_paper(report):
    total = report.total
    assert (total.officers, total.areas) == (364, 366)
    motorbikes = total.equipment["ranmor-r2"]
    assert motorbikes.usable == 53
    assert round(motorbikes.officers_per_item, 1) == 6.9
    assert (total.equipment["ht"].usable, total.equipment["megaphone"].usable) == (15, 19)
    assert report.fiscal_year == 2021
    assert total.budget == 136_860_000
    assert total.allowance_monthly == 100_000


def test_dikbangspes_is_shown_from_the_roster_with_the_reported_247_beside_it(report):
    total = report.total
    assert total.dikbangspes_done == 119
    assert total.dikbangspes_not_yet == 245  # 364 - 119: the roster wins
    assert total.dikbangspes_reported_not_yet == 247  # the paper's table, 366 officers


def test_the_stock_is_given_out_one_item_per_officer(report):
    for code, stock in {"ranmor-r2": 53, "ht": 15, "megaphone": 19}.items():
        chosen = report.equipment[code][0].chosen
        assert len(chosen) == stock
        assert len({c.key for c in chosen}) == stock
        assert all(c.reason for c in chosen)
    assert len(report.seats.chosen) == 20
    assert all(not report.officers[c.key].dikbangspes_done for c in report.seats.chosen)


def test_the_visit_plan_is_feasible_for_the_whole_polres(report):
    assert len(report.plans) == 16
    visited = {}
    load = {}
    for plan in report.plans.values():
        assert plan.solution.ok, plan.solution.message
        for entry in plan.entries:
            visited[entry.area] = visited.get(entry.area, 0) + 1
            load[entry.officer] = load.get(entry.officer, 0) + 1
            assert entry.planned_on.weekday() in settings.FIELD_WORK_WEEKDAYS
        for officer, count in load.items():
            if officer in plan.capacity:
                assert count <= plan.capacity[officer]
    assert set(visited) == {risk.area_id for risk in report.risks}  # every area at least once
    assert len(report.schedule_entries()) == sum(visited.values())
    assert max(plan.solution.seconds for plan in report.plans.values()) < 5
