"""The schedule board: who sees it, what it shows, the wall PDF, and its query budget."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bhabin.models import VisitSchedule
from tests.factories import AssignmentFactory, OfficerFactory
from tests.schedule.conftest import schedule, visit_on
from tests.views.helpers import assert_redirects_to_login

pytestmark = pytest.mark.usefixtures("polsek_a_staffed")

NOV_7 = datetime.date(2022, 11, 7)  # a Monday


def board_url(unit, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('bhabin:schedule-board', args=[unit.code])}?{query}"


@pytest.fixture
def week(alice, carol, area_a1, area_a2):
    """Alice planned on Monday and visited; Carol planned on Tuesday and did not."""
    schedule(alice.officer, area_a1, NOV_7)
    visit_on(alice.officer, area_a1, NOV_7)
    schedule(carol.officer, area_a2, NOV_7 + datetime.timedelta(days=1))


def test_the_kapolsek_sees_the_week_with_done_visits_ticked(login, kapolsek_a, polsek_a, week):
    response = login(kapolsek_a).get(board_url(polsek_a, view="week", date="2022-11-09"))

    page = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["days"]) == 7
    assert response.context["days"][0].date == NOV_7
    assert "✓ Desa A1" in page
    assert "○ Desa A2" in page
    assert "1 of 2 planned visits done." in page


def test_a_visit_on_another_day_does_not_tick_the_planned_one(
    login, kapolsek_a, polsek_a, alice, area_a1
):
    schedule(alice.officer, area_a1, NOV_7)
    visit_on(alice.officer, area_a1, NOV_7 + datetime.timedelta(days=1))

    response = login(kapolsek_a).get(board_url(polsek_a, view="day", date="2022-11-07"))

    assert "○ Desa A1" in response.content.decode()
    assert response.context["done"] == 0


def test_a_visit_late_in_the_evening_jakarta_time_counts_for_that_day(
    login, kapolsek_a, polsek_a, alice, area_a1
):
    schedule(alice.officer, area_a1, NOV_7)
    visit_on(alice.officer, area_a1, NOV_7, hour=23)  # 16:00 UTC, still the 7th in Jakarta

    response = login(kapolsek_a).get(board_url(polsek_a, view="day", date="2022-11-07"))

    assert response.context["done"] == 1


def test_the_month_view_marks_holidays(login, kapolsek_a, polsek_a):
    response = login(kapolsek_a).get(board_url(polsek_a, view="month", date="2022-05-20"))

    days = response.context["days"]
    assert len(days) == 31
    assert days[1].holiday.name == "Hari Raya Idul Fitri 1443 H"
    assert not days[1].is_working_day
    assert "Hari Raya Idul Fitri 1443 H" in response.content.decode()


def test_the_board_lists_areas_without_a_primary_officer(login, kapolsek_a, polsek_a, area_a4):
    response = login(kapolsek_a).get(board_url(polsek_a, view="week", date="2022-11-07"))

    assert area_a4 in response.context["unassigned"]


def test_a_date_that_is_not_a_date_shows_a_message_not_an_error(login, kapolsek_a, polsek_a):
    response = login(kapolsek_a).get(board_url(polsek_a, view="sideways", date="2022-13-45"))

    assert response.status_code == 200
    assert response.context["view"] == "week"
    assert "is not a date" in response.content.decode()


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_a_date_at_the_end_of_the_calendar_is_refused_not_overflowed(
    login, kapolsek_a, polsek_a, date
):
    for view in ("day", "week", "month"):
        response = login(kapolsek_a).get(board_url(polsek_a, view=view, date=date))

        assert response.status_code == 200
        assert "is not a date" in response.content.decode()


def test_another_polseks_kapolsek_gets_404(login, kapolsek_b, polsek_a):
    assert login(kapolsek_b).get(board_url(polsek_a)).status_code == 404


def test_anonymous_is_sent_to_login(client, polsek_a):
    assert_redirects_to_login(client.get(board_url(polsek_a)))


def test_a_user_without_a_unit_gets_404(login, nobody, polsek_a):
    assert login(nobody).get(board_url(polsek_a)).status_code == 404


def test_the_kasat_sees_a_polsek_board_below_the_polres(login, kasat, polsek_a, week):
    response = login(kasat).get(board_url(polsek_a, view="week", date="2022-11-07"))

    assert response.status_code == 200
    assert response.context["planned"] == 2


def test_an_officer_sees_only_their_own_row_and_no_team_figures(login, alice, polsek_a, week):
    response = login(alice).get(board_url(polsek_a, view="week", date="2022-11-07"))

    assert [row.officer.name for row in response.context["rows"]] == ["Alice"]
    assert "Desa A2" not in response.content.decode()
    assert "officer_adherence" not in response.context


def test_the_board_shows_adherence_per_officer_and_area(login, kapolsek_a, polsek_a, week):
    response = login(kapolsek_a).get(board_url(polsek_a, view="week", date="2022-11-07"))

    by_officer = {row.subject.name: row.percent for row in response.context["officer_adherence"]}
    assert by_officer == {"Alice": 100, "Carol": 0}
    assert "Adherence in November 2022" in response.content.decode()


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_the_month_pdf_renders_for_the_wall(login, kapolsek_a, polsek_a, week, paper):
    response = login(kapolsek_a).get(
        board_url(polsek_a, format="pdf", paper=paper, date="2022-11-07")
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"-2022-11-{paper}.pdf" in response["Content-Disposition"]


def test_the_pdf_lays_out_one_line_per_officer_and_area(login, kapolsek_a, polsek_a, week):
    response = login(kapolsek_a).get(board_url(polsek_a, format="pdf", date="2022-11-07"))

    lines = response.context["lines"]
    assert [(line.officer.name, line.area.name, line.done, line.planned) for line in lines] == [
        ("Alice", "Desa A1", 1, 1),
        ("Carol", "Desa A2", 0, 1),
    ]
    assert response.context["paper"] == "A4"


def test_another_polseks_kapolsek_gets_404_for_the_pdf(login, kapolsek_b, polsek_a):
    assert login(kapolsek_b).get(board_url(polsek_a, format="pdf")).status_code == 404


def add_officers(unit, count):
    for n in range(count):
        assignment = AssignmentFactory(officer=OfficerFactory(unit=unit), area__unit=unit)
        schedule(assignment.officer, assignment.area, NOV_7 + datetime.timedelta(days=n % 6))
        visit_on(assignment.officer, assignment.area, NOV_7)


@pytest.mark.parametrize("view", ["day", "week", "month"])
def test_the_board_costs_the_same_for_2_and_10_officers(
    login, kapolsek_a, polsek_a, view, django_assert_num_queries
):
    client = login(kapolsek_a)
    url = board_url(polsek_a, view=view, date="2022-11-07")
    # 2 officers, alice and carol. 9, the same for a day, a week or a month: session, user
    # (+unit, officer; the scope is the unit's tree path, no query); the unit (+parent); the
    # period's holidays; the officers; the scheduled visits (+area, unit, officer, activity,
    # done); the month's adherence per officer; the month's adherence per area; the areas
    # without a primary officer.
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    add_officers(polsek_a, 8)
    # The same 9 for 10 officers.
    with django_assert_num_queries(9):
        response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["rows"]) == 10


def test_without_a_date_the_board_opens_on_the_latest_planned_day_and_says_so(
    login, kapolsek_a, polsek_a, week
):
    response = login(kapolsek_a).get(board_url(polsek_a, view="month"))
    assert response.status_code == 200
    latest = max(entry.planned_on for entry in VisitSchedule.objects.all())
    assert response.context["day"] == latest
    assert any(latest.strftime("%Y") in str(message) for message in response.context["messages"])


def test_without_a_date_the_board_opens_on_today_when_today_has_plans(
    login, kapolsek_a, polsek_a, alice, area_a1
):
    today = timezone.localdate()
    schedule(alice.officer, area_a1, today)
    response = login(kapolsek_a).get(board_url(polsek_a, view="week"))
    assert response.context["day"] == today
    assert not list(response.context["messages"])
