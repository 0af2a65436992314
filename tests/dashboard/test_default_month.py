"""The month a page opens on: the latest whole month with visits in the user's scope, not the
current month because of a visit today (the demo's live slice), and the current month only
when no earlier month has any."""

import datetime

from django.urls import reverse
from django.utils import timezone

from bhabin.months import default_month
from tests.dashboard.conftest import at
from tests.factories import VisitFactory

TODAY = datetime.date(2026, 12, 2)


def test_a_visit_today_does_not_decide_the_month(kasat, alice, area_a1, polres):
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(TODAY))
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(datetime.date(2022, 11, 9)))
    assert default_month(kasat, polres, TODAY) == (datetime.date(2022, 11, 1), True)


def test_with_nothing_before_it_is_the_current_month(kasat, alice, area_a1, polres):
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(TODAY))
    assert default_month(kasat, polres, TODAY) == (datetime.date(2026, 12, 1), False)


def test_the_month_is_the_latest_in_the_users_own_units(
    kapolsek_a, alice, bob, area_a1, area_b1, polsek_a
):
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(datetime.date(2022, 6, 9)))
    # Polsek B's later month is not Polsek A's data.
    VisitFactory(officer=bob.officer, area=area_b1, occurred_at=at(datetime.date(2022, 11, 9)))
    assert default_month(kapolsek_a, polsek_a, TODAY) == (datetime.date(2022, 6, 1), True)


def test_the_dashboard_says_which_month_it_opened_on(login, kasat, alice, area_a1):
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=timezone.now())
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(datetime.date(2022, 11, 9)))
    response = login(kasat).get(reverse("dashboard:overview"))
    assert response.context["period"].start == datetime.date(2022, 11, 1)
    assert "latest whole month with visits" in response.context["period_note"]


def test_the_optimisation_page_opens_on_the_latest_month_with_visits(
    login, kasat, alice, area_a1, polres
):
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=timezone.now())
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(datetime.date(2022, 11, 9)))
    response = login(kasat).get(reverse("optimisation:overview", args=[polres.code]))
    assert response.status_code == 200
    assert response.context["report"].as_of == datetime.date(2022, 11, 30)
    assert any("November 2022" in str(message) for message in response.context["messages"])
