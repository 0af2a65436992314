"""The home page suits the role and shows only what the user may see."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from tests.factories import AssistedAreaFactory, VisitFactory
from tests.views.helpers import assert_redirects_to_login


def test_an_anonymous_user_is_sent_to_the_login_page(client):
    assert_redirects_to_login(client.get(reverse("home")))


def test_an_officer_sees_their_own_areas_and_visits(login, world, visit_alice, visit_carol):
    response = login(visit_alice.officer.user).get(reverse("home"))

    assert response.status_code == 200
    assert response.context["home_template"] == "bhabin/home_officer.html"
    assert [a.area.name for a in response.context["assignments"]] == ["Desa A1"]
    assert list(response.context["recent_visits"]) == [visit_alice]
    assert response.context["visits_this_month"] == 1
    content = response.content.decode()
    assert "Desa A1" in content
    assert visit_alice.get_absolute_url() in content
    assert visit_carol.get_absolute_url() not in content


def test_an_officer_is_not_offered_the_admin(login, alice):
    response = login(alice).get(reverse("home"))

    assert response.context["may"].use_admin is False
    assert reverse("admin:index") not in response.content.decode()


def test_a_kapolsek_sees_the_figures_of_their_own_polsek_only(login, world, kapolsek_a, polsek_a):
    AssistedAreaFactory(unit=polsek_a, name="Desa A3 tanpa Bhabin")

    response = login(kapolsek_a).get(reverse("home"))

    assert response.status_code == 200
    assert response.context["home_template"] == "dashboard/home_kapolsek.html"
    # Polsek A: Desa A1, A2 and A3; officers alice and carol; their two visits; incident_a.
    assert response.context["areas_count"] == 3
    assert response.context["officers_count"] == 2
    assert response.context["visits_this_month"] == 2
    assert response.context["incidents_this_year"] == 1
    assert response.context["areas_without_primary_count"] == 1
    content = response.content.decode()
    assert "Desa A3 tanpa Bhabin" in content
    assert "Desa B1" not in content


def test_each_figure_of_the_kapolsek_home_opens_as_many_rows(login, world, kapolsek_a, polsek_a):
    AssistedAreaFactory(unit=polsek_a, name="Desa A3 tanpa Bhabin")
    client = login(kapolsek_a)
    figures = re.findall(
        r'<a href="([^"]+)" data-figure="(\d+)">', client.get(reverse("home")).content.decode()
    )
    assert len(figures) == 5
    for href, value in figures:
        listed = client.get(href.replace("&amp;", "&")).content.decode()
        assert re.search(r'data-count="(\d+)"', listed).group(1) == value, href


def test_an_area_whose_primary_assignment_ended_counts_as_without_officer(
    login, kapolsek_a, alice, area_a1
):
    alice.officer.assignments.update(end_date="2022-12-31")

    response = login(kapolsek_a).get(reverse("home"))

    assert [area.name for area in response.context["areas_without_primary"]] == ["Desa A1"]


def test_a_kapolsek_with_many_unstaffed_areas_is_sent_to_the_unit_page_for_the_rest(
    login, kapolsek_a, polsek_a
):
    AssistedAreaFactory.create_batch(21, unit=polsek_a)

    response = login(kapolsek_a).get(reverse("home"))

    assert len(response.context["areas_without_primary"]) == 20
    assert "See all 21 areas" in response.content.decode()
    assert polsek_a.get_absolute_url() in response.content.decode()


def test_the_kasat_sees_a_row_for_each_unit_of_the_polres(login, world, kasat):
    response = login(kasat).get(reverse("home"))

    assert response.status_code == 200
    assert response.context["home_template"] == "dashboard/home_units.html"
    rows = {unit.name: unit for unit in response.context["units"]}
    assert set(rows) == {"Polres Uji", "Polsek A", "Polsek B"}
    assert (rows["Polsek A"].areas_count, rows["Polsek A"].officers_count) == (2, 2)
    assert rows["Polsek A"].visits_this_month == 2
    assert (rows["Polsek B"].areas_count, rows["Polsek B"].visits_this_month) == (1, 1)
    assert response.context["totals"] == {
        "areas_count": 3,
        "officers_count": 3,
        "visits_this_month": 3,
    }


def test_an_operator_sees_only_their_polsek_and_a_link_to_the_admin(login, world, operator_a):
    response = login(operator_a).get(reverse("home"))

    assert [unit.name for unit in response.context["units"]] == ["Polsek A"]
    assert reverse("admin:index") in response.content.decode()


def test_a_user_without_a_unit_is_told_to_contact_the_administrator(login, world, nobody):
    response = login(nobody).get(reverse("home"))

    assert response.status_code == 200
    assert response.context["home_template"] is None
    content = response.content.decode()
    assert "no unit yet" in content
    assert "administrator" in content
    for name in ("Polsek A", "Polsek B", "Desa A1", "Desa B1", "Alice"):
        assert name not in content


def test_the_home_pages_cost_a_fixed_number_of_queries(
    login, world, alice, kapolsek_a, kasat, django_assert_num_queries
):
    client = login(alice)
    # Officer, 9: session, user (+unit, officer); returned visits, early-detection reports and
    # cases (each with its last return comment); visits this month (count); today's schedule
    # (+done); assigned areas (+done this month, target); the last visits
    # (tests/field/test_officer_home.py pins it for one area or many).
    with django_assert_num_queries(9):
        assert client.get(reverse("home")).status_code == 200
    client = login(kapolsek_a)
    # Kapolsek, 9: session, user (+unit; the scope is the unit's tree path, no query); the latest
    # month with visits (monthly aggregates); counts of active areas, Bhabin officers, areas
    # without a primary officer, the month's visits and incidents this year; the first areas
    # without a primary officer.
    with django_assert_num_queries(9):
        assert client.get(reverse("home")).status_code == 200
    client = login(kasat)
    # Kasat, 4: session, user; the latest month with visits; the unit table (one query, a
    # subquery per column).
    with django_assert_num_queries(4):
        assert client.get(reverse("home")).status_code == 200


def test_the_home_opens_on_the_latest_whole_month_with_visits_and_says_so(
    login, world, kasat, kapolsek_a, alice, area_a1
):
    # Three visits of Polsek A in March 2022; this month's visits (the world's) do not count
    # while the month is under way.
    march = timezone.make_aware(datetime.datetime(2022, 3, 14, 9))
    for _ in range(3):
        VisitFactory(officer=alice.officer, area=area_a1, occurred_at=march)

    response = login(kasat).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["month_start"] == datetime.date(2022, 3, 1)
    rows = {unit.name: unit.visits_this_month for unit in response.context["units"]}
    assert rows["Polsek A"] == 3 and rows["Polsek B"] == 0
    assert "Showing March 2022, the latest whole month with visits" in response.content.decode()

    response = login(kapolsek_a).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["visits_this_month"] == 3
    assert "Visits in March 2022" in response.content.decode()
