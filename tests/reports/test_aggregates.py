"""The monthly visit aggregates (`bhabin.AreaMonth`) stay equal to a fresh recount of the visits
whatever writes the visits: the officer's form, a correction, staff in the admin, an import,
a deletion; the recount itself is exact at month ends and costs the same for any number of
(area, month) pairs."""

import datetime
import uuid
import zoneinfo

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory

from bhabin import services
from bhabin.models import AreaMonth, ReviewEvent, ReviewStatus, Visit
from bhabin.services.aggregates import (
    AGGREGATED_COLUMNS,
    area_months_expected,
    area_months_rebuild,
    area_months_recount,
)
from tests.factories import AssignmentFactory, AssistedAreaFactory, OfficerFactory, VisitFactory

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NARRATIVE = "Sambang ke rumah ketua RT membahas ronda malam dan keluhan warga soal parkir liar."


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def stored():
    return sorted(AreaMonth.objects.values_list(*AGGREGATED_COLUMNS))


def recounted():
    rows = area_months_expected()
    return sorted(tuple(row[column] for column in AGGREGATED_COLUMNS) for row in rows)


@pytest.fixture
def officer(polsek_a, area_a1):
    officer = OfficerFactory(unit=polsek_a)
    AssignmentFactory(officer=officer, area=area_a1, start_date=datetime.date(2020, 1, 1))
    return officer


@pytest.fixture
def other_area(polsek_a, officer):
    area = AssistedAreaFactory(unit=polsek_a, name="Desa A2")
    AssignmentFactory(
        officer=officer, area=area, role="additional", start_date=datetime.date(2020, 1, 1)
    )
    return area


def visit(officer, area, when, **kwargs):
    return VisitFactory(officer=officer, area=area, occurred_at=when, **kwargs)


def test_the_officers_form_keeps_the_month_of_a_new_visit(officer, area_a1, activity):
    visit(officer, area_a1, at(2024, 3, 5), households_visited=4)

    services.visit_create(
        officer=officer,
        client_id=uuid.uuid4(),
        area=area_a1,
        activity=activity,
        occurred_at=at(2024, 3, 20),
        households_visited=6,
        follow_up_needed=True,
        follow_up="Koordinasi dengan Babinsa",
        narrative=NARRATIVE,
    )

    assert stored() == recounted()
    row = AreaMonth.objects.get(area=area_a1, month=datetime.date(2024, 3, 1))
    assert (row.visits, row.households_visited, row.follow_ups_needed) == (2, 10, 1)
    assert row.last_visit_at == at(2024, 3, 20)


def test_a_correction_that_moves_a_visit_to_another_month_and_area_leaves_no_stale_row(
    officer, area_a1, other_area, activity
):
    moved = visit(officer, area_a1, at(2024, 3, 5), status=ReviewStatus.RETURNED)
    visit(officer, other_area, at(2024, 4, 2))

    services.visit_correct(
        visit=moved,
        area=other_area,
        activity=activity,
        occurred_at=at(2024, 4, 9),
        narrative=NARRATIVE,
    )

    assert stored() == recounted()
    assert not AreaMonth.objects.filter(area=area_a1).exists()
    assert AreaMonth.objects.get(area=other_area).visits == 2


def test_staff_editing_a_visit_in_the_admin_keep_both_months_and_record_who(
    officer, area_a1, other_area, kasat
):
    edited = visit(officer, area_a1, at(2024, 3, 5))
    admin = site._registry[Visit]
    request = RequestFactory().post("/")
    request.user = kasat

    edited.area, edited.occurred_at = other_area, at(2024, 5, 1)
    admin.save_model(request, edited, form=None, change=True)

    assert stored() == recounted()
    assert list(AreaMonth.objects.values_list("area", "month")) == [
        (other_area.pk, datetime.date(2024, 5, 1))
    ]
    event = edited.review_events.get()
    assert (event.action, event.actor) == (ReviewEvent.Action.CHANGED, kasat)


def test_deleting_visits_updates_their_month_and_the_last_one_removes_the_row(
    officer, area_a1, kasat
):
    first = visit(officer, area_a1, at(2024, 3, 5))
    second = visit(officer, area_a1, at(2024, 3, 25))

    services.field_reports_delete(items=Visit.objects.filter(pk=second.pk), actor=kasat)
    assert AreaMonth.objects.get().last_visit_at == at(2024, 3, 5)
    assert stored() == recounted()

    services.field_reports_delete(items=Visit.objects.filter(pk=first.pk), actor=kasat)
    assert not AreaMonth.objects.exists()


def test_a_visit_late_on_the_last_evening_of_a_month_counts_in_that_local_month(officer, area_a1):
    # 23:30 in Jakarta is 16:30 UTC the same day; midnight UTC would be the wrong boundary anyway.
    visit(officer, area_a1, at(2024, 3, 31, 23, 30))

    assert list(AreaMonth.objects.values_list("month", flat=True)) == [datetime.date(2024, 3, 1)]
    assert stored() == recounted()


def test_refresh_aggregates_all_repairs_a_table_written_past_the_services(
    officer, area_a1, other_area, area_b1
):
    for day in (1, 15, 31):
        visit(officer, area_a1, at(2024, 1, day), households_visited=day)
    visit(officer, other_area, at(2024, 2, 29, 23, 59), people_met=3)
    visit(officer, area_b1, at(2023, 12, 31, 7))
    # As a restore from an older dump or raw SQL would leave it: a stale row, a missing one.
    AreaMonth.objects.filter(area=other_area).delete()
    AreaMonth.objects.create(
        area=area_b1,
        month=datetime.date(2020, 1, 1),
        visits=9,
        households_visited=0,
        people_met=0,
        follow_ups_needed=0,
        last_visit_at=at(2020, 1, 1),
    )
    assert stored() != recounted()

    call_command("refresh_aggregates", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert stored() == recounted()
    assert len(stored()) == 3


def test_a_rebuild_of_some_months_leaves_the_other_months_alone(officer, area_a1):
    visit(officer, area_a1, at(2024, 1, 10))
    visit(officer, area_a1, at(2024, 2, 10))
    # Rows removed past the services (raw SQL): only the month rebuilt follows.
    Visit.objects.all().delete()

    area_months_rebuild(months=[datetime.date(2024, 2, 1)])

    assert list(AreaMonth.objects.values_list("month", flat=True)) == [datetime.date(2024, 1, 1)]


@pytest.mark.parametrize("pairs", [1, 30], ids=["one pair", "thirty pairs"])
def test_the_recount_costs_the_same_queries_for_one_pair_and_for_thirty(
    pairs, officer, polsek_a, django_assert_num_queries
):
    areas = AssistedAreaFactory.create_batch(3, unit=polsek_a)
    changed = []
    for number in range(pairs):
        area = areas[number % 3]
        when = at(2024, 1 + number % 10, 1 + number % 28)
        visit(officer, area, when)
        changed.append((area.pk, when))

    # The savepoint; lock the areas; delete their rows; insert the recount; release.
    with django_assert_num_queries(5):
        area_months_recount(area_month_pairs=changed)
    assert stored() == recounted()
