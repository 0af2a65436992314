"""Incident pages: owners see them, other units get 404, people involved only for some roles."""

import datetime

import pytest
from django.urls import reverse

from conflicts.models import ConflictCategory, InvolvedPerson, Involvement
from tests.factories import IncidentFactory
from tests.views.helpers import assert_redirects_to_login

# Budgets are for the kasat: session, user, two levels of the unit subtree and the user's unit in
# the header (5), plus the view's own queries.


@pytest.fixture
def involved_in_a(incident_a):
    person = InvolvedPerson.objects.create(name="Joko Provokator")
    Involvement.objects.create(incident=incident_a, person=person, role="provocateur")
    return person


@pytest.mark.parametrize(
    "url", [reverse("conflicts:incident-list"), reverse("conflicts:incident-detail", args=[1])]
)
def test_an_anonymous_user_is_sent_to_the_login_page(client, url):
    assert_redirects_to_login(client.get(url))


# Incident list


def test_a_kapolsek_lists_the_incidents_of_their_polsek_only(
    login, kapolsek_a, incident_a, incident_b
):
    response = login(kapolsek_a).get(reverse("conflicts:incident-list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [incident_a]
    content = response.content.decode()
    assert "Lapangan Desa A1" in content
    assert "Pasar Desa B1" not in content


def test_an_officer_lists_the_incidents_of_their_polsek(login, alice, incident_a, incident_b):
    response = login(alice).get(reverse("conflicts:incident-list"))

    assert list(response.context["page"]) == [incident_a]


def test_the_kasat_lists_the_incidents_of_both_polsek(login, kasat, incident_a, incident_b):
    response = login(kasat).get(reverse("conflicts:incident-list"))

    assert set(response.context["page"]) == {incident_a, incident_b}


def test_the_incident_list_filters_by_year(login, kasat, incident_a, incident_b):
    response = login(kasat).get(reverse("conflicts:incident-list"), {"tahun": "2021"})

    assert list(response.context["page"]) == [incident_b]


def test_the_incident_list_filters_by_category(login, kasat, polsek_a, incident_a):
    other = ConflictCategory.objects.exclude(pk=incident_a.category_id).first()
    brawl = IncidentFactory(unit=polsek_a, category=other, occurred_on=datetime.date(2022, 2, 2))

    response = login(kasat).get(reverse("conflicts:incident-list"), {"kategori": other.code})

    assert list(response.context["page"]) == [brawl]


def test_the_year_filter_offers_only_years_with_visible_incidents(
    login, kapolsek_a, incident_a, incident_b
):
    response = login(kapolsek_a).get(reverse("conflicts:incident-list"))

    assert [d.year for d in response.context["years"]] == [incident_a.occurred_on.year]


def test_a_user_without_a_unit_lists_no_incidents(login, nobody, incident_a, incident_b):
    response = login(nobody).get(reverse("conflicts:incident-list"))

    assert list(response.context["page"]) == []


def test_the_incident_list_costs_a_fixed_number_of_queries(
    login, world, kasat, django_assert_num_queries
):
    client = login(kasat)
    # 6: session, user (+unit; the scope is the unit's tree path, no query); the incident count;
    # the years and the categories for the filters; the page of incidents (+unit, area, category).
    with django_assert_num_queries(6):
        assert client.get(reverse("conflicts:incident-list")).status_code == 200


# Incident detail


def test_a_kapolsek_sees_an_incident_of_their_polsek(login, kapolsek_a, incident_a):
    response = login(kapolsek_a).get(incident_a.get_absolute_url())

    assert response.status_code == 200
    assert "Lapangan Desa A1" in response.content.decode()


def test_a_kapolsek_gets_404_for_an_incident_of_another_polsek(login, kapolsek_a, incident_b):
    assert login(kapolsek_a).get(incident_b.get_absolute_url()).status_code == 404


def test_the_kasat_sees_an_incident_of_a_polsek(login, kasat, incident_b):
    response = login(kasat).get(incident_b.get_absolute_url())

    assert response.status_code == 200
    assert "Pasar Desa B1" in response.content.decode()


def test_a_user_without_a_unit_gets_404_for_an_incident(login, nobody, incident_a):
    assert login(nobody).get(incident_a.get_absolute_url()).status_code == 404


def test_a_kapolsek_sees_the_people_involved(login, kapolsek_a, incident_a, involved_in_a):
    response = login(kapolsek_a).get(incident_a.get_absolute_url())

    assert "Joko Provokator" in response.content.decode()


def test_an_officer_sees_the_incident_but_not_the_people_involved(
    login, alice, incident_a, involved_in_a
):
    response = login(alice).get(incident_a.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Lapangan Desa A1" in content
    assert "Joko Provokator" not in content
    assert list(response.context["involvements"]) == []


def test_the_incident_page_costs_a_fixed_number_of_queries(
    login, kasat, incident_a, involved_in_a, django_assert_num_queries
):
    client = login(kasat)
    # 5: session, user; the incident (+unit, area, category, handling officer); the people
    # involved (+person); the access-log row that records who saw them.
    with django_assert_num_queries(5):
        assert client.get(incident_a.get_absolute_url()).status_code == 200
