"""Planning pages: generate a month, add, move and delete a visit, all within the unit."""

import datetime

import pytest
from django.urls import reverse

from bhabin.models import VisitSchedule
from bhabin.schedules import schedule_plan_month
from tests.schedule.conftest import schedule
from tests.views.helpers import assert_redirects_to_login

pytestmark = pytest.mark.usefixtures("polsek_a_staffed")

NOV_7 = datetime.date(2022, 11, 7)


def plan_url(unit, month="2022-11"):
    return f"{reverse('bhabin:schedule-plan', args=[unit.code])}?bulan={month}"


def add_url(unit):
    return reverse("bhabin:schedule-entry-add", args=[unit.code])


def test_the_kapolsek_plans_the_month_from_the_page(login, kapolsek_a, polsek_a, area_a4):
    client = login(kapolsek_a)

    response = client.post(plan_url(polsek_a), {"month": "2022-11"}, follow=True)

    page = response.content.decode()
    assert VisitSchedule.objects.filter(area__unit=polsek_a).count() == 7
    assert "7 visits planned, 0 removed." in page
    assert "Desa A4" in page  # reported as having no primary officer


def test_a_month_that_is_not_a_month_is_refused_with_a_message(login, kapolsek_a, polsek_a):
    response = login(kapolsek_a).post(plan_url(polsek_a), {"month": "November"})

    assert response.status_code == 200
    assert response.context["form"].errors["month"]
    assert not VisitSchedule.objects.exists()


def test_the_kapolsek_sees_the_months_plan(login, kapolsek_a, polsek_a, alice, area_a1):
    schedule(alice.officer, area_a1, NOV_7, note="Bersama Babinsa")

    response = login(kapolsek_a).get(plan_url(polsek_a))

    assert response.status_code == 200
    assert "Bersama Babinsa" in response.content.decode()


def test_another_polseks_kapolsek_gets_404_for_the_plan(login, kapolsek_b, polsek_a):
    assert login(kapolsek_b).get(plan_url(polsek_a)).status_code == 404
    assert login(kapolsek_b).post(plan_url(polsek_a), {"month": "2022-11"}).status_code == 404
    assert not VisitSchedule.objects.exists()


def test_anonymous_is_sent_to_login_from_the_plan(client, polsek_a):
    assert_redirects_to_login(client.get(plan_url(polsek_a)))


def test_an_officer_may_not_plan_their_polsek(login, alice, polsek_a):
    assert login(alice).get(plan_url(polsek_a)).status_code == 403
    assert login(alice).get(add_url(polsek_a)).status_code == 403


def test_the_kapolsek_adds_a_visit_for_their_officer(login, kapolsek_a, polsek_a, alice, area_a1):
    response = login(kapolsek_a).post(
        add_url(polsek_a),
        {"planned_on": "2022-11-08", "officer": alice.officer_id, "area": area_a1.pk},
    )

    assert response.status_code == 302
    entry = VisitSchedule.objects.get()
    assert (entry.officer_id, entry.area_id, entry.planned_on) == (
        alice.officer_id,
        area_a1.pk,
        datetime.date(2022, 11, 8),
    )


def test_adding_a_visit_on_a_holiday_is_allowed_with_a_warning(
    login, kapolsek_a, polsek_a, alice, area_a1
):
    response = login(kapolsek_a).post(
        add_url(polsek_a),
        {"planned_on": "2022-08-17", "officer": alice.officer_id, "area": area_a1.pk},
        follow=True,
    )

    assert "is a holiday (Hari Kemerdekaan Republik Indonesia)" in response.content.decode()


def test_the_kapolsek_cannot_schedule_another_polseks_officer(
    login, kapolsek_a, polsek_a, bob, area_a1
):
    response = login(kapolsek_a).post(
        add_url(polsek_a),
        {"planned_on": "2022-11-08", "officer": bob.officer_id, "area": area_a1.pk},
    )

    assert response.status_code == 200
    assert "officer" in response.context["form"].errors
    assert not VisitSchedule.objects.exists()


def test_the_kapolsek_cannot_schedule_another_polseks_area(
    login, kapolsek_a, polsek_a, alice, area_b1
):
    response = login(kapolsek_a).post(
        add_url(polsek_a),
        {"planned_on": "2022-11-08", "officer": alice.officer_id, "area": area_b1.pk},
    )

    assert "area" in response.context["form"].errors
    assert not VisitSchedule.objects.exists()


def test_the_refusal_is_worded_in_indonesian_by_default(client, kapolsek_a, polsek_a, bob, area_a1):
    client.force_login(kapolsek_a)

    response = client.post(
        add_url(polsek_a),
        {"planned_on": "2022-11-08", "officer": bob.officer_id, "area": area_a1.pk},
    )

    assert "Masukkan pilihan yang valid" in response.content.decode()


def test_scheduling_the_same_visit_twice_is_refused(login, kapolsek_a, polsek_a, alice, area_a1):
    schedule(alice.officer, area_a1, NOV_7)

    response = login(kapolsek_a).post(
        add_url(polsek_a),
        {"planned_on": "2022-11-07", "officer": alice.officer_id, "area": area_a1.pk},
    )

    assert response.status_code == 200
    assert "This visit is already scheduled." in response.content.decode()
    assert VisitSchedule.objects.count() == 1


def test_the_kapolsek_moves_a_visit_to_another_day(login, kapolsek_a, alice, area_a1):
    entry = schedule(alice.officer, area_a1, NOV_7)

    response = login(kapolsek_a).post(
        reverse("bhabin:schedule-entry-edit", args=[entry.pk]),
        {"planned_on": "2022-11-09", "officer": alice.officer_id, "area": area_a1.pk},
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.planned_on == datetime.date(2022, 11, 9)


def test_the_kapolsek_deletes_a_visit_after_confirming(login, kapolsek_a, alice, area_a1):
    entry = schedule(alice.officer, area_a1, NOV_7)
    client = login(kapolsek_a)
    url = reverse("bhabin:schedule-entry-delete", args=[entry.pk])

    assert client.get(url).status_code == 200
    assert VisitSchedule.objects.exists()
    assert client.post(url).status_code == 302
    assert not VisitSchedule.objects.exists()


def test_another_polseks_kapolsek_cannot_touch_a_visit(login, kapolsek_b, alice, area_a1):
    entry = schedule(alice.officer, area_a1, NOV_7)
    client = login(kapolsek_b)

    assert client.get(reverse("bhabin:schedule-entry-edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("bhabin:schedule-entry-delete", args=[entry.pk])).status_code == 404
    assert VisitSchedule.objects.filter(pk=entry.pk).exists()


def test_anonymous_is_sent_to_login_from_a_visit(client, alice, area_a1):
    entry = schedule(alice.officer, area_a1, NOV_7)

    assert_redirects_to_login(client.get(reverse("bhabin:schedule-entry-edit", args=[entry.pk])))


def test_the_plan_page_costs_the_same_for_few_and_many_visits(
    login, kapolsek_a, polsek_a, django_assert_num_queries
):
    client = login(kapolsek_a)
    # 6: session, user (+unit, officer; the scope is the unit's tree path, no query); the unit;
    # the month's holidays; the scheduled visits (+area, unit, officer, activity, done); the
    # areas without a primary officer.
    with django_assert_num_queries(6):
        assert client.get(plan_url(polsek_a)).status_code == 200
    schedule_plan_month(unit=polsek_a, year=2022, month=11)
    # The same 6 with the month planned.
    with django_assert_num_queries(6):
        response = client.get(plan_url(polsek_a))
        assert response.status_code == 200
    assert len(response.context["entries"]) == 7
