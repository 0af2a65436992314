"""Adherence: planned against done, per officer, area and unit, counted in the database."""

import datetime

import pytest

from bhabin.schedules import schedule_adherence
from tests.factories import AssignmentFactory, OfficerFactory
from tests.schedule.conftest import schedule, visit_on

pytestmark = pytest.mark.usefixtures("polsek_a_staffed")

NOV = [datetime.date(2022, 11, day) for day in (7, 14, 21)]


@pytest.fixture
def three_planned_two_done(carol, area_a2):
    for day in NOV:
        schedule(carol.officer, area_a2, day)
    visit_on(carol.officer, area_a2, NOV[0])
    visit_on(carol.officer, area_a2, NOV[1])


def rows_by_name(rows):
    return {str(row.subject): (row.planned, row.done, row.percent) for row in rows}


def test_three_planned_and_two_done_is_67_percent_for_the_officer(polsek_a, three_planned_two_done):
    rows = schedule_adherence(units=[polsek_a], year=2022, month=11)

    by_officer = {row.subject.name: (row.planned, row.done, row.percent) for row in rows}
    assert by_officer["Carol"] == (3, 2, 67)
    assert by_officer["Alice"] == (0, 0, None)  # an active Bhabin with nothing planned is listed


def test_three_planned_and_two_done_is_67_percent_for_the_area(polsek_a, three_planned_two_done):
    rows = schedule_adherence(units=[polsek_a], year=2022, month=11, by="area")

    assert rows_by_name(rows)["Desa A2"] == (3, 2, 67)
    assert rows_by_name(rows)["Desa A1"] == (0, 0, None)


def test_the_units_total_counts_its_areas(polsek_a, polsek_b, three_planned_two_done):
    rows = schedule_adherence(units=[polsek_a, polsek_b], year=2022, month=11, by="unit")

    assert rows_by_name(rows) == {"Polsek A": (3, 2, 67), "Polsek B": (0, 0, None)}


def test_a_visit_by_someone_else_or_elsewhere_or_another_month_does_not_count(
    polsek_a, alice, carol, area_a1, area_a2
):
    schedule(carol.officer, area_a2, NOV[0])
    visit_on(alice.officer, area_a2, NOV[0])  # another officer
    visit_on(carol.officer, area_a1, NOV[0])  # another area
    schedule(carol.officer, area_a2, datetime.date(2022, 12, 5))
    visit_on(carol.officer, area_a2, datetime.date(2022, 12, 5))  # December

    rows = schedule_adherence(units=[polsek_a], year=2022, month=11, by="area")

    assert rows_by_name(rows)["Desa A2"] == (1, 0, 0)


def test_two_visits_on_one_planned_day_count_once(polsek_a, carol, area_a2):
    schedule(carol.officer, area_a2, NOV[0])
    visit_on(carol.officer, area_a2, NOV[0], hour=9)
    visit_on(carol.officer, area_a2, NOV[0], hour=15)

    rows = schedule_adherence(units=[polsek_a], year=2022, month=11, by="area")

    assert rows_by_name(rows)["Desa A2"] == (1, 1, 100)


def test_a_unit_queryset_works_as_well_as_a_list(polsek_a, three_planned_two_done):
    from org.models import PoliceUnit

    rows = schedule_adherence(
        units=PoliceUnit.objects.filter(code="POLSEK-A"), year=2022, month=11, by="unit"
    )

    assert rows_by_name(rows) == {"Polsek A": (3, 2, 67)}


def add_officers(unit, count):
    for _ in range(count):
        assignment = AssignmentFactory(officer=OfficerFactory(unit=unit), area__unit=unit)
        schedule(assignment.officer, assignment.area, NOV[0])
        visit_on(assignment.officer, assignment.area, NOV[0])


@pytest.mark.parametrize("by", ["officer", "area", "unit"])
def test_adherence_is_one_query_for_2_and_10_officers(
    polsek_a, three_planned_two_done, by, django_assert_num_queries
):
    # One query: the officers (areas, units) with two correlated counts each.
    with django_assert_num_queries(1):
        small = schedule_adherence(units=[polsek_a], year=2022, month=11, by=by)
    add_officers(polsek_a, 8)
    # The same one query for 10 officers.
    with django_assert_num_queries(1):
        large = schedule_adherence(units=[polsek_a], year=2022, month=11, by=by)
    assert len(large) >= len(small)
