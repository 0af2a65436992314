"""The monthly report's figures on a small constructed tree, November 2022 (Asia/Jakarta).

Polres P has no areas; Polsek A has Desa A1, A2, A3 and an inactive area; Polsek B has Desa B1.
Visits are written as the writers do (then `aggregates_refresh`, or `visits_changed` after an
edit), since the per-unit figures and the unvisited areas read the monthly aggregates.
"""

import datetime
import zoneinfo

import pytest

from bhabin.models import Activity, VisitSchedule
from bhabin.services.aggregates import area_months_recount
from conflicts.models import ConflictCategory
from monthly.report import monthly_report
from tests.factories import AssistedAreaFactory, IncidentFactory, OfficerFactory, VisitFactory

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def activity(code):
    return Activity.objects.get(code=code)


@pytest.fixture
def officer(polsek_a):
    return OfficerFactory(unit=polsek_a)


@pytest.fixture
def areas(polsek_a, polsek_b, area_a1, area_b1):
    return {
        "a1": area_a1,
        "a2": AssistedAreaFactory(unit=polsek_a, name="Desa A2"),
        "a3": AssistedAreaFactory(unit=polsek_a, name="Desa A3"),
        "closed": AssistedAreaFactory(unit=polsek_a, name="Desa Lama", is_active=False),
        "b1": area_b1,
    }


@pytest.fixture
def visits(officer, areas):
    """Four visits in November (one to the inactive area) and two just outside it."""
    sambang, silaturahmi = activity("sambang-keluhan"), activity("silaturahmi")
    made = {
        "first_minutes": VisitFactory(
            officer=officer,
            area=areas["a1"],
            occurred_at=at(2022, 11, 1, 0, 10),
            activity=sambang,
            households_visited=3,
            people_met=4,
        ),
        "last_evening": VisitFactory(
            officer=officer,
            area=areas["a1"],
            occurred_at=at(2022, 11, 30, 23, 30),
            activity=silaturahmi,
            households_visited=2,
            people_met=5,
        ),
        "a2": VisitFactory(
            officer=officer,
            area=areas["a2"],
            occurred_at=at(2022, 11, 15),
            activity=silaturahmi,
            households_visited=1,
            people_met=1,
        ),
        "closed_area": VisitFactory(
            officer=officer,
            area=areas["closed"],
            occurred_at=at(2022, 11, 10),
            activity=sambang,
            households_visited=10,
            people_met=10,
        ),
    }
    VisitFactory(officer=officer, area=areas["a1"], occurred_at=at(2022, 10, 31, 23, 59))
    VisitFactory(officer=officer, area=areas["a1"], occurred_at=at(2022, 12, 1, 0, 0))
    return made


def unit_row(report, name):
    return next(row for row in report.unit_rows if row["name"] == name)


def test_visits_by_activity_list_every_activity_and_count_the_months_visits_only(polres, visits):
    report = monthly_report(polres, 2022, 11)

    by_name = {row.name: (row.visits, row.households, row.people) for row in report.activities}
    assert [row.name for row in report.activities] == list(
        Activity.objects.order_by("sort_order", "name").values_list("name", flat=True)
    )
    # The inactive area's visit is a visit of the month: it counts here, not in coverage.
    assert by_name[activity("sambang-keluhan").name] == (2, 13, 14)
    assert by_name[activity("silaturahmi").name] == (2, 3, 6)
    assert sum(row.visits for row in report.activities) == 4
    assert (report.visits_total, report.households_total, report.people_total) == (4, 16, 20)


def test_coverage_counts_active_areas_visited_in_the_month_per_unit(polres, visits):
    report = monthly_report(polres, 2022, 11)

    polsek_a = unit_row(report, "Polsek A")
    assert (polsek_a["areas"], polsek_a["visits"], polsek_a["visited"]) == (3, 3, 2)
    assert polsek_a["coverage_pct"] == 67
    assert (unit_row(report, "Polsek B")["visits"], unit_row(report, "Polsek B")["visited"]) == (
        0,
        0,
    )
    assert (report.areas_total, report.areas_visited, report.coverage_pct) == (4, 2, 50)
    assert report.unvisited == {
        "count": 2,
        "listed": [("Polsek A", "Desa A3"), ("Polsek B", "Desa B1")],
        "more": 0,
    }


def test_moving_a_visit_away_leaves_its_area_unvisited_in_the_report(polres, areas, visits):
    moved = visits["a2"]
    before = (moved.area_id, moved.occurred_at)
    moved.occurred_at = at(2022, 12, 2)
    moved.save()
    area_months_recount(area_month_pairs=[before, (moved.area_id, moved.occurred_at)])

    report = monthly_report(polres, 2022, 11)

    assert unit_row(report, "Polsek A")["visits"] == 2
    assert unit_row(report, "Polsek A")["visited"] == 1
    assert ("Polsek A", "Desa A2") in report.unvisited["listed"]
    assert report.visits_total == 3


def test_a_planned_visit_is_done_only_by_its_officer_in_its_area_on_its_local_day(
    polres, polsek_a, officer, areas
):
    colleague = OfficerFactory(unit=polsek_a)
    a1, a2 = areas["a1"], areas["a2"]
    plans = [
        # Done: the visit is on the planned day in Jakarta, though 31 October in UTC.
        (officer, a1, datetime.date(2022, 11, 1), officer, at(2022, 11, 1, 0, 10)),
        # Done: late on the planned evening.
        (officer, a1, datetime.date(2022, 11, 30), officer, at(2022, 11, 30, 23, 30)),
        # Not done: a day late.
        (officer, a1, datetime.date(2022, 11, 20), officer, at(2022, 11, 21, 9)),
        # Not done: a colleague went instead.
        (officer, a2, datetime.date(2022, 11, 15), colleague, at(2022, 11, 15, 9)),
    ]
    for planned_by, area, day, visited_by, when in plans:
        VisitSchedule.objects.create(officer=planned_by, area=area, planned_on=day)
        VisitFactory(officer=visited_by, area=area, occurred_at=when)
    # Planned for December: not in the November report.
    VisitSchedule.objects.create(officer=officer, area=a1, planned_on=datetime.date(2022, 12, 1))

    report = monthly_report(polres, 2022, 11)

    row = unit_row(report, "Polsek A")
    assert (row["planned"], row["done"], row["adherence_pct"]) == (4, 2, 50)
    assert (report.planned_total, report.done_total, report.adherence_pct) == (4, 2, 50)


def test_conflicts_count_the_month_its_categories_and_the_months_to_compare(
    polres, polsek_a, polsek_b
):
    brawl = ConflictCategory.objects.get(code="tawuran-pelajar")
    clash = ConflictCategory.objects.get(code="antar-kelompok")
    land = ConflictCategory.objects.get(code="sengketa-lahan")
    for unit, day, category in [
        (polsek_a, datetime.date(2022, 11, 3), brawl),
        (polsek_a, datetime.date(2022, 11, 3), brawl),
        (polsek_b, datetime.date(2022, 11, 12), brawl),
        (polsek_a, datetime.date(2022, 11, 30), clash),
        (polsek_a, datetime.date(2022, 10, 5), clash),
        (polsek_b, datetime.date(2021, 11, 20), land),
        (polsek_a, datetime.date(2022, 12, 1), land),
    ]:
        IncidentFactory(unit=unit, occurred_on=day, category=category)

    conflicts = monthly_report(polres, 2022, 11).conflicts

    assert (conflicts["current"], conflicts["previous"], conflicts["last_year"]) == (4, 1, 1)
    assert conflicts["categories"] == [
        {"name": clash.name, "n": 1},
        {"name": brawl.name, "n": 3},
    ]
    assert conflicts["months"][-2:] == [("Okt 22", 1), ("Nov 22", 4)]
    # The twelve months end with November: November 2021 is the thirteenth, outside them.
    assert conflicts["twelve_months"] == 5
