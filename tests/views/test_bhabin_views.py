"""Unit, area and visit pages: owners see them, other units get 404, anonymous users log in."""

import pytest
from django.urls import reverse

from bhabin.models import CommunityFigure, SecurityPost
from tests.factories import AssistedAreaFactory
from tests.views.helpers import assert_redirects_to_login

# Budgets are for the kasat, the deepest scope: every request costs the session, the user, the
# two levels of the unit subtree and the user's unit in the header (5); the rest is per view.


@pytest.mark.parametrize(
    "url",
    [
        reverse("bhabin:unit-detail", args=["POLSEK-A"]),
        reverse("bhabin:area-list"),
        reverse("dashboard:area", args=[1]),
        reverse("bhabin:visit-list"),
        reverse("bhabin:visit-detail", args=[1]),
    ],
)
def test_an_anonymous_user_is_sent_to_the_login_page(client, url):
    assert_redirects_to_login(client.get(url))


# Unit detail


def test_a_kapolsek_sees_their_unit_with_its_areas(login, kapolsek_a, polsek_a, alice, area_a1):
    response = login(kapolsek_a).get(polsek_a.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Polsek A" in content
    assert "Desa A1" in content
    assert str(alice.officer) in content


def test_a_kapolsek_gets_404_for_another_polsek(login, kapolsek_a, polsek_b):
    assert login(kapolsek_a).get(polsek_b.get_absolute_url()).status_code == 404


def test_the_kasat_sees_a_polsek_below_the_polres(login, kasat, polsek_b, area_b1):
    response = login(kasat).get(polsek_b.get_absolute_url())

    assert response.status_code == 200
    assert "Desa B1" in response.content.decode()


def test_the_polres_page_lists_the_polsek_below_it(login, kasat, polres, polsek_a, polsek_b):
    response = login(kasat).get(polres.get_absolute_url())

    assert list(response.context["children"]) == [polsek_a, polsek_b]


def test_a_user_without_a_unit_gets_404_for_a_unit(login, nobody, polsek_a):
    assert login(nobody).get(polsek_a.get_absolute_url()).status_code == 404


def test_the_unit_page_costs_a_fixed_number_of_queries(
    login, world, kasat, polsek_a, django_assert_num_queries
):
    client = login(kasat)
    # 7: session, user (+unit; the scope is the unit's tree path, no query); the unit (+parent);
    # the area count; the child units; the page of areas (+unit, region); their primary officers
    # (one prefetch for the page).
    with django_assert_num_queries(7):
        assert client.get(polsek_a.get_absolute_url()).status_code == 200


# Area list


def test_a_kapolsek_lists_their_areas_but_not_another_polseks(login, kapolsek_a, area_a1, area_b1):
    response = login(kapolsek_a).get(reverse("bhabin:area-list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [area_a1]
    content = response.content.decode()
    assert "Desa A1" in content
    assert "Desa B1" not in content


def test_the_kasat_lists_the_areas_of_both_polsek(login, kasat, area_a1, area_b1):
    response = login(kasat).get(reverse("bhabin:area-list"))

    assert set(response.context["page"]) == {area_a1, area_b1}


def test_the_area_list_filters_by_unit(login, kasat, area_a1, area_b1):
    response = login(kasat).get(reverse("bhabin:area-list"), {"satuan": "POLSEK-B"})

    assert list(response.context["page"]) == [area_b1]


def test_the_area_list_filters_by_name(login, kasat, area_a1, area_b1):
    response = login(kasat).get(reverse("bhabin:area-list"), {"q": "a1"})

    assert list(response.context["page"]) == [area_a1]


def test_filtering_by_a_unit_out_of_scope_shows_nothing(login, kapolsek_a, area_a1, area_b1):
    response = login(kapolsek_a).get(reverse("bhabin:area-list"), {"satuan": "POLSEK-B"})

    assert list(response.context["page"]) == []
    assert "Desa B1" not in response.content.decode()


def test_a_user_without_a_unit_lists_no_areas(login, nobody, area_a1, area_b1):
    response = login(nobody).get(reverse("bhabin:area-list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_the_area_list_is_paginated(login, kasat, polsek_a):
    AssistedAreaFactory.create_batch(51, unit=polsek_a)

    response = login(kasat).get(reverse("bhabin:area-list"), {"page": 2})

    assert len(response.context["page"]) == 1
    assert "page=1" in response.content.decode()


def test_the_area_list_costs_a_fixed_number_of_queries(
    login, world, kasat, django_assert_num_queries
):
    client = login(kasat)
    # 5: session, user; the area count; the units for the filter; the page of areas (+unit,
    # region).
    with django_assert_num_queries(5):
        assert client.get(reverse("bhabin:area-list")).status_code == 200


# Area detail


def test_a_kapolsek_sees_an_area_of_their_polsek(login, world, kapolsek_a, area_a1, visit_alice):
    CommunityFigure.objects.create(area=area_a1, name="Ustadz Hasan", role="religious")
    SecurityPost.objects.create(area=area_a1, name="Pos RW 03")

    response = login(kapolsek_a).get(area_a1.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    for text in ("Desa A1", "Alice", "Ustadz Hasan", "Pos RW 03", "Lapangan Desa A1"):
        assert text in content
    assert visit_alice.get_absolute_url() in content


def test_a_kapolsek_gets_404_for_an_area_of_another_polsek(login, kapolsek_a, area_b1):
    assert login(kapolsek_a).get(area_b1.get_absolute_url()).status_code == 404


def test_an_officer_sees_an_area_of_their_polsek_but_only_their_own_visits_there(
    login, world, alice, area_a2, visit_carol
):
    response = login(alice).get(area_a2.get_absolute_url())

    assert response.status_code == 200
    assert "Desa A2" in response.content.decode()
    assert visit_carol.get_absolute_url() not in response.content.decode()


def test_an_officer_gets_404_for_an_area_of_another_polsek(login, alice, area_b1):
    assert login(alice).get(area_b1.get_absolute_url()).status_code == 404


def test_the_kasat_sees_an_area_of_a_polsek(login, kasat, area_b1):
    response = login(kasat).get(area_b1.get_absolute_url())

    assert response.status_code == 200
    assert "Desa B1" in response.content.decode()


def test_a_user_without_a_unit_gets_404_for_an_area(login, nobody, area_a1):
    assert login(nobody).get(area_a1.get_absolute_url()).status_code == 404


def test_the_area_page_costs_a_fixed_number_of_queries(
    login, world, kasat, area_a1, django_assert_num_queries
):
    client = login(kasat)
    # 16: session, user; the area; the latest month with visits (the default period); its four
    # figures (visits in the period, incidents of the months, open warnings, open cases); visits
    # per month (the chart); its active assignments, latest visits, open warnings, open cases,
    # incidents, community figures, security posts: one query each, whatever the rows.
    with django_assert_num_queries(16):
        assert client.get(area_a1.get_absolute_url()).status_code == 200


# Visit list


def test_an_officer_lists_only_their_own_visits(login, world, alice, visit_alice, visit_carol):
    response = login(alice).get(reverse("bhabin:visit-list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [visit_alice]
    content = response.content.decode()
    assert "Desa A1" in content
    assert visit_carol.get_absolute_url() not in content


def test_a_kapolsek_lists_the_visits_of_their_polsek_only(
    login, world, kapolsek_a, visit_alice, visit_carol, visit_bob
):
    response = login(kapolsek_a).get(reverse("bhabin:visit-list"))

    assert set(response.context["page"]) == {visit_alice, visit_carol}
    assert visit_bob.get_absolute_url() not in response.content.decode()


def test_the_kasat_lists_the_visits_of_both_polsek(
    login, world, kasat, visit_alice, visit_carol, visit_bob
):
    response = login(kasat).get(reverse("bhabin:visit-list"))

    assert set(response.context["page"]) == {visit_alice, visit_carol, visit_bob}


def test_a_user_without_a_unit_lists_no_visits(login, world, nobody):
    response = login(nobody).get(reverse("bhabin:visit-list"))

    assert list(response.context["page"]) == []


def test_the_visit_list_costs_a_fixed_number_of_queries(
    login, world, kasat, django_assert_num_queries
):
    client = login(kasat)
    # 4: session, user; the visit count; the page of visits (+area, unit, officer, activity).
    with django_assert_num_queries(4):
        assert client.get(reverse("bhabin:visit-list")).status_code == 200


# Visit detail


def test_an_officer_sees_their_own_visit(login, alice, visit_alice):
    response = login(alice).get(visit_alice.get_absolute_url())

    assert response.status_code == 200
    assert "Desa A1" in response.content.decode()
    assert "Sambang Alice" in response.content.decode()


def test_an_officer_gets_404_for_a_colleagues_visit_in_the_same_polsek(login, alice, visit_carol):
    assert login(alice).get(visit_carol.get_absolute_url()).status_code == 404


def test_a_kapolsek_sees_a_visit_in_their_polsek(login, kapolsek_a, visit_carol):
    response = login(kapolsek_a).get(visit_carol.get_absolute_url())

    assert response.status_code == 200
    assert "Sambang Carol" in response.content.decode()


def test_a_kapolsek_gets_404_for_a_visit_in_another_polsek(login, kapolsek_a, visit_bob):
    assert login(kapolsek_a).get(visit_bob.get_absolute_url()).status_code == 404


def test_the_kasat_sees_a_visit_in_a_polsek(login, kasat, visit_bob):
    assert login(kasat).get(visit_bob.get_absolute_url()).status_code == 200


def test_a_user_without_a_unit_gets_404_for_a_visit(login, nobody, visit_alice):
    assert login(nobody).get(visit_alice.get_absolute_url()).status_code == 404


def test_the_visit_page_costs_a_fixed_number_of_queries(
    login, kasat, visit_alice, django_assert_num_queries
):
    client = login(kasat)
    # 5: session, user; the visit (+area, unit, officer, activity); community figures met; review
    # history (+who reviewed).
    with django_assert_num_queries(5):
        assert client.get(visit_alice.get_absolute_url()).status_code == 200
