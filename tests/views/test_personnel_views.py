"""Officer pages: owners see them, other units get 404, anonymous users log in."""

import datetime

import pytest
from django.urls import reverse

from personnel.models import CompetencyAssessment, Course, OtherDuty, TrainingRecord
from tests.views.helpers import assert_redirects_to_login

# Budgets are for the kasat: session, user, two levels of the unit subtree and the user's unit in
# the header (5), plus the view's own queries.


@pytest.mark.parametrize(
    "url", [reverse("bhabin:officer-list"), reverse("dashboard:officer", args=[1])]
)
def test_an_anonymous_user_is_sent_to_the_login_page(client, url):
    assert_redirects_to_login(client.get(url))


# Officer list


def test_an_officer_lists_only_themselves(login, alice, carol):
    response = login(alice).get(reverse("bhabin:officer-list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [alice.officer]
    assert "Carol" not in response.content.decode()


def test_a_kapolsek_lists_the_officers_of_their_polsek_only(login, kapolsek_a, alice, carol, bob):
    response = login(kapolsek_a).get(reverse("bhabin:officer-list"))

    assert set(response.context["page"]) == {alice.officer, carol.officer}
    content = response.content.decode()
    assert "Alice" in content
    assert "Bob" not in content


def test_the_kasat_lists_the_officers_of_both_polsek(login, kasat, alice, carol, bob):
    response = login(kasat).get(reverse("bhabin:officer-list"))

    assert set(response.context["page"]) == {alice.officer, carol.officer, bob.officer}


def test_the_officer_list_finds_an_officer_by_nrp(login, kasat, alice, bob):
    response = login(kasat).get(reverse("bhabin:officer-list"), {"q": bob.officer.nrp})

    assert list(response.context["page"]) == [bob.officer]


def test_a_user_without_a_unit_lists_no_officers(login, nobody, alice, bob):
    response = login(nobody).get(reverse("bhabin:officer-list"))

    assert list(response.context["page"]) == []


def test_the_officer_list_costs_a_fixed_number_of_queries(
    login, world, kasat, django_assert_num_queries
):
    client = login(kasat)
    # 4: session, user (+unit; the scope is the unit's tree path, no query); the officer count;
    # the page of officers (+unit).
    with django_assert_num_queries(4):
        assert client.get(reverse("bhabin:officer-list")).status_code == 200


# Officer detail


def test_an_officer_sees_their_own_record(login, alice):
    response = login(alice).get(alice.officer.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Alice" in content
    assert "Desa A1" in content


def test_an_officer_gets_404_for_a_colleagues_record(login, alice, carol):
    assert login(alice).get(carol.officer.get_absolute_url()).status_code == 404


def test_a_kapolsek_sees_an_officer_of_their_polsek_with_training_and_assessments(
    login, kapolsek_a, alice
):
    course = Course.objects.order_by("name").first()
    TrainingRecord.objects.create(officer=alice.officer, course=course)
    CompetencyAssessment.objects.create(
        officer=alice.officer,
        competency="early_detection",
        assessed_on=datetime.date(2022, 6, 1),
        score=4,
        assessor="Kasat Binmas",
    )
    OtherDuty.objects.create(
        officer=alice.officer, kind="mako_guard", date=datetime.date(2022, 6, 2), hours=8
    )

    response = login(kapolsek_a).get(alice.officer.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Alice" in content
    assert course.name in content
    assert "Kasat Binmas" in content
    assert len(response.context["other_duties"]) == 1


def test_a_kapolsek_gets_404_for_an_officer_of_another_polsek(login, kapolsek_a, bob):
    assert login(kapolsek_a).get(bob.officer.get_absolute_url()).status_code == 404


def test_the_kasat_sees_an_officer_of_a_polsek(login, kasat, bob):
    response = login(kasat).get(bob.officer.get_absolute_url())

    assert response.status_code == 200
    assert "Bob" in response.content.decode()


def test_a_user_without_a_unit_gets_404_for_an_officer(login, nobody, alice):
    assert login(nobody).get(alice.officer.get_absolute_url()).status_code == 404


def test_the_officer_page_costs_a_fixed_number_of_queries(
    login, kasat, alice, django_assert_num_queries
):
    client = login(kasat)
    # 13: session, user; the officer (+unit); the latest month with visits in the officer's unit
    # (the default period); its three figures (visits in the period, open warnings, open
    # cases); visits per month (the chart); other-duty hours by kind; active
    # assignments (+area, unit); training (+course); assessments; the latest other duties: one
    # query each, whatever the number of rows.
    with django_assert_num_queries(13):
        assert client.get(alice.officer.get_absolute_url()).status_code == 200
