"""The monthly visit aggregates stay equal to a fresh recount of the visits."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command

from bhabin.models import Visit
from reports.aggregates import AGGREGATED_COLUMNS, aggregates_refresh, recount, visits_changed
from reports.models import AreaMonth
from tests.factories import AssistedAreaFactory, OfficerFactory, VisitFactory

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def stored():
    return sorted(AreaMonth.objects.values_list(*AGGREGATED_COLUMNS))


def recounted():
    return sorted(tuple(row[column] for column in AGGREGATED_COLUMNS) for row in recount())


@pytest.fixture
def officer(polsek_a):
    return OfficerFactory(unit=polsek_a)


@pytest.fixture
def other_area(polsek_a):
    return AssistedAreaFactory(unit=polsek_a, name="Desa A2")


def visit(officer, area, when, **kwargs):
    return VisitFactory(officer=officer, area=area, occurred_at=when, **kwargs)


def test_adding_a_visit_then_calling_visits_changed_matches_a_recount(officer, area_a1):
    visit(officer, area_a1, at(2024, 3, 5), households_visited=4)
    aggregates_refresh()
    added = visit(officer, area_a1, at(2024, 3, 20), households_visited=6, follow_up_needed=True)

    visits_changed(area_month_pairs=[(added.area_id, added.occurred_at)])

    assert stored() == recounted()
    row = AreaMonth.objects.get(area=area_a1, month=datetime.date(2024, 3, 1))
    assert (row.visits, row.households_visited, row.follow_ups_needed) == (2, 10, 1)
    assert row.last_visit_at == at(2024, 3, 20)


def test_a_visit_late_on_the_last_evening_of_a_month_counts_in_that_local_month(officer, area_a1):
    # 23:30 in Jakarta is 16:30 UTC the same day; midnight UTC would be the wrong boundary anyway.
    late = visit(officer, area_a1, at(2024, 3, 31, 23, 30))
    visits_changed(area_month_pairs=[(late.area_id, late.occurred_at)])

    assert list(AreaMonth.objects.values_list("month", flat=True)) == [datetime.date(2024, 3, 1)]
    assert stored() == recounted()


def test_moving_a_visit_to_another_month_and_area_leaves_no_stale_row(officer, area_a1, other_area):
    moved = visit(officer, area_a1, at(2024, 3, 5))
    visit(officer, other_area, at(2024, 4, 2))
    aggregates_refresh()
    before = (moved.area_id, moved.occurred_at)

    moved.area, moved.occurred_at = other_area, at(2024, 4, 9)
    moved.save()
    visits_changed(area_month_pairs=[before, (moved.area_id, moved.occurred_at)])

    assert stored() == recounted()
    assert not AreaMonth.objects.filter(area=area_a1).exists()
    assert AreaMonth.objects.get(area=other_area).visits == 2


def test_deleting_a_visit_updates_its_month_and_the_last_one_removes_the_row(officer, area_a1):
    first = visit(officer, area_a1, at(2024, 3, 5))
    second = visit(officer, area_a1, at(2024, 3, 25))
    aggregates_refresh()

    second.delete()
    visits_changed(area_month_pairs=[(area_a1.pk, at(2024, 3, 25))])
    assert AreaMonth.objects.get().last_visit_at == at(2024, 3, 5)
    assert stored() == recounted()

    first.delete()
    visits_changed(area_month_pairs=[(area_a1.pk, datetime.date(2024, 3, 5))])
    assert not AreaMonth.objects.exists()


def test_refresh_aggregates_all_equals_a_recount_of_constructed_data(
    officer, area_a1, other_area, area_b1
):
    for day in (1, 15, 31):
        visit(officer, area_a1, at(2024, 1, day), households_visited=day)
    visit(officer, other_area, at(2024, 2, 29, 23, 59), people_met=3)
    visit(officer, area_b1, at(2023, 12, 31, 7))
    # A stale row the command must drop: nothing in that month any more.
    AreaMonth.objects.create(
        area=area_b1,
        month=datetime.date(2020, 1, 1),
        visits=9,
        households_visited=0,
        people_met=0,
        follow_ups_needed=0,
        last_visit_at=at(2020, 1, 1),
    )

    call_command("refresh_aggregates", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert stored() == recounted()
    assert len(stored()) == 3


def test_a_refresh_of_some_months_leaves_the_other_months_alone(officer, area_a1):
    visit(officer, area_a1, at(2024, 1, 10))
    visit(officer, area_a1, at(2024, 2, 10))
    aggregates_refresh()
    Visit.objects.all().delete()

    aggregates_refresh(months=[datetime.date(2024, 2, 1)])

    assert list(AreaMonth.objects.values_list("month", flat=True)) == [datetime.date(2024, 1, 1)]


@pytest.mark.parametrize("pairs", [1, 30], ids=["one pair", "thirty pairs"])
def test_visits_changed_costs_the_same_queries_for_one_pair_and_for_thirty(
    pairs, officer, polsek_a, django_assert_num_queries
):
    areas = AssistedAreaFactory.create_batch(3, unit=polsek_a)
    changed = []
    for number in range(pairs):
        area = areas[number % 3]
        when = at(2024, 1 + number % 10, 1 + number % 28)
        visit(officer, area, when)
        changed.append((area.pk, when))

    # Lock the areas, delete their rows, insert the recount; with the savepoint around them.
    with django_assert_num_queries(5):
        visits_changed(area_month_pairs=changed)
    assert stored() == recounted()
