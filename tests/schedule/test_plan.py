"""The monthly plan: coverage by vulnerability, working days, idempotence, validation."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from bhabin.models import VisitSchedule
from bhabin.schedules import (
    PlanEntry,
    schedule_apply_plan,
    schedule_plan_month,
    schedule_propose_month,
    visits_per_month,
)
from org.models import PublicHoliday
from org.periods import working_days
from tests.factories import AssignmentFactory, OfficerFactory, PoliceUnitFactory
from tests.schedule.conftest import schedule

pytestmark = pytest.mark.usefixtures("polsek_a_staffed")


def month_rows(unit, year, month):
    return VisitSchedule.objects.filter(
        area__unit=unit, planned_on__year=year, planned_on__month=month
    )


def test_the_rule_gives_low_medium_and_high_vulnerability_one_two_and_four_visits():
    assert [visits_per_month(level) for level in ("low", "medium", "high")] == [1, 2, 4]


def test_the_plan_covers_every_staffed_area_and_high_vulnerability_areas_more(
    polsek_a, area_a1, area_a2, area_a3
):
    schedule_plan_month(unit=polsek_a, year=2022, month=11)

    per_area = Counter(month_rows(polsek_a, 2022, 11).values_list("area_id", flat=True))
    assert per_area == {area_a1.pk: 1, area_a3.pk: 2, area_a2.pk: 4}


def test_each_visit_goes_to_the_areas_primary_officer(polsek_a, alice, carol, area_a1):
    schedule_plan_month(unit=polsek_a, year=2022, month=11)

    pairs = set(month_rows(polsek_a, 2022, 11).values_list("area_id", "officer_id"))
    assert (area_a1.pk, alice.officer_id) in pairs
    assert {officer for _, officer in pairs} == {alice.officer_id, carol.officer_id}


def test_an_area_without_a_primary_officer_is_reported_not_dropped(polsek_a, area_a4):
    result = schedule_plan_month(unit=polsek_a, year=2022, month=11)

    assert result.unassigned == [area_a4]
    assert not month_rows(polsek_a, 2022, 11).filter(area=area_a4).exists()


def test_no_visit_falls_on_a_sunday_or_a_holiday_or_cuti_bersama(polsek_a):
    # May 2022: Hari Buruh (Sunday 1st), Idul Fitri 2-3, cuti bersama 4-6, Waisak 16, Kenaikan 26.
    days_off = set(
        PublicHoliday.objects.filter(date__year=2022, date__month=5).values_list("date", flat=True)
    )
    assert datetime.date(2022, 5, 4) in days_off

    schedule_plan_month(unit=polsek_a, year=2022, month=5)

    planned = set(month_rows(polsek_a, 2022, 5).values_list("planned_on", flat=True))
    assert planned
    assert not planned & days_off
    assert all(day.weekday() != 6 for day in planned)


def test_an_officers_visits_to_a_high_vulnerability_area_are_spread_over_the_month(
    polsek_a, area_a2
):
    schedule_plan_month(unit=polsek_a, year=2022, month=11)

    days = sorted(
        month_rows(polsek_a, 2022, 11).filter(area=area_a2).values_list("planned_on", flat=True)
    )
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)]
    assert len(days) == 4
    assert min(gaps) >= 5  # about a week apart, not bunched


def test_the_proposal_is_the_same_every_time(polsek_a):
    first = schedule_propose_month(unit=polsek_a, year=2022, month=11)
    second = schedule_propose_month(unit=polsek_a, year=2022, month=11)

    assert first.entries == second.entries


def test_planning_the_month_again_adds_nothing(polsek_a):
    created = schedule_plan_month(unit=polsek_a, year=2022, month=11).created
    again = schedule_plan_month(unit=polsek_a, year=2022, month=11)

    assert created == 7
    assert again.created == 0
    assert month_rows(polsek_a, 2022, 11).count() == 7


def test_a_visit_the_kapolsek_moved_is_not_planned_a_second_time(polsek_a, area_a1):
    schedule_plan_month(unit=polsek_a, year=2022, month=11)
    entry = month_rows(polsek_a, 2022, 11).get(area=area_a1)
    entry.planned_on = datetime.date(2022, 11, 30)
    entry.save()

    assert schedule_plan_month(unit=polsek_a, year=2022, month=11).created == 0
    assert month_rows(polsek_a, 2022, 11).filter(area=area_a1).count() == 1


def test_replace_clears_the_units_month_and_plans_it_again(polsek_a, alice, area_a1):
    schedule(alice.officer, area_a1, datetime.date(2022, 11, 30), note="tambahan")
    schedule(alice.officer, area_a1, datetime.date(2022, 11, 29))

    result = schedule_plan_month(unit=polsek_a, year=2022, month=11, replace=True)

    assert result.deleted == 2
    assert result.created == 7
    assert not month_rows(polsek_a, 2022, 11).filter(note="tambahan").exists()


def test_replace_leaves_other_units_and_months_alone(polsek_a, bob, area_b1, alice, area_a1):
    other_unit = schedule(bob.officer, area_b1, datetime.date(2022, 11, 2))
    other_month = schedule(alice.officer, area_a1, datetime.date(2022, 12, 1))

    schedule_plan_month(unit=polsek_a, year=2022, month=11, replace=True)

    assert VisitSchedule.objects.filter(pk__in=[other_unit.pk, other_month.pk]).count() == 2


def test_an_applied_plan_naming_another_units_officer_writes_nothing(polsek_a, alice, bob, area_a1):
    entries = [
        PlanEntry(alice.officer_id, area_a1.pk, datetime.date(2022, 11, 2)),
        PlanEntry(bob.officer_id, area_a1.pk, datetime.date(2022, 11, 3)),
    ]

    with pytest.raises(ValidationError):
        schedule_apply_plan(unit=polsek_a, year=2022, month=11, entries=entries)
    assert not VisitSchedule.objects.exists()


def test_an_applied_plan_naming_another_units_area_or_month_is_refused(
    polsek_a, alice, area_b1, area_a1
):
    with pytest.raises(ValidationError):
        schedule_apply_plan(
            unit=polsek_a,
            year=2022,
            month=11,
            entries=[PlanEntry(alice.officer_id, area_b1.pk, datetime.date(2022, 11, 2))],
        )
    with pytest.raises(ValidationError):
        schedule_apply_plan(
            unit=polsek_a,
            year=2022,
            month=11,
            entries=[PlanEntry(alice.officer_id, area_a1.pk, datetime.date(2022, 12, 2))],
        )
    assert not VisitSchedule.objects.exists()


def test_working_days_are_monday_to_saturday_without_holidays():
    days = working_days(datetime.date(2022, 5, 1), datetime.date(2022, 5, 8))

    assert days == [datetime.date(2022, 5, 7)]  # 1 Sunday, 2-3 Idul Fitri, 4-6 cuti, 8 Sunday


def test_planning_a_month_costs_the_same_queries_for_small_and_large_units(
    polsek_a, django_assert_num_queries
):
    # 9: propose: the month's holidays, the areas (+primary officer), the default activity;
    # apply: the unit's officers and areas (to check the entries), the savepoint, the month's
    # existing rows, one bulk insert, the savepoint's release. Both backends wrap the write in
    # a savepoint here, inside the test's transaction. +4 for the month's lock (org.locks): the
    # unit's tree path, its and its Polres's periods locked, the open rows made where the month
    # had none, and locked again.
    with django_assert_num_queries(13):
        small = schedule_plan_month(unit=polsek_a, year=2022, month=11)
    large_unit = PoliceUnitFactory(code="POLSEK-L", parent=polsek_a.parent)
    for _ in range(12):
        officer = OfficerFactory(unit=large_unit)
        AssignmentFactory(officer=officer, area__unit=large_unit, area__kakerda_level="high")
        AssignmentFactory(officer=officer, area__unit=large_unit, area__kakerda_level="medium")
    # The same 13 for 24 areas and 72 visits: still one insert (under SQLite's 999 parameters).
    with django_assert_num_queries(13):
        large = schedule_plan_month(unit=large_unit, year=2022, month=11)
    assert (small.created, large.created) == (7, 72)
