"""Reading records of people involved leaves a row in the access log: who, when, which, where."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from conflicts.models import InvolvedPerson, Involvement
from personnel.models import User
from tests.factories import IncidentFactory, UserFactory


@pytest.fixture
def incident_a(polsek_a, area_a1):
    return IncidentFactory(unit=polsek_a, area=area_a1, place="Lapangan Desa A1")


@pytest.fixture
def joko(incident_a):
    person = InvolvedPerson.objects.create(name="Joko Provokator")
    Involvement.objects.create(incident=incident_a, person=person, role="provocateur")
    return person


@pytest.fixture
def sari(incident_a):
    person = InvolvedPerson.objects.create(name="Sari Korban")
    Involvement.objects.create(incident=incident_a, person=person, role="victim")
    return person


@pytest.fixture
def admin_a(polsek_a):
    return UserFactory(username="admin_a", role=User.Role.ADMIN, unit=polsek_a)


def logged(**filters):
    return list(AccessLog.objects.filter(**filters).values_list("username", "object_id", "via"))


def test_the_incident_page_logs_each_person_it_shows(client, kapolsek_a, incident_a, joko, sari):
    client.force_login(kapolsek_a)

    response = client.get(incident_a.get_absolute_url())

    assert "Joko Provokator" in response.content.decode()
    assert sorted(logged()) == sorted(
        [
            ("kapolsek_a", str(joko.pk), AccessLog.Via.INCIDENT_PAGE),
            ("kapolsek_a", str(sari.pk), AccessLog.Via.INCIDENT_PAGE),
        ]
    )
    entry = AccessLog.objects.first()
    assert entry.user == kapolsek_a
    assert entry.model == "conflicts.involvedperson"
    assert entry.path == incident_a.get_absolute_url()


def test_each_reading_is_a_new_row(client, kapolsek_a, incident_a, joko):
    client.force_login(kapolsek_a)
    client.get(incident_a.get_absolute_url())
    client.get(incident_a.get_absolute_url())

    assert AccessLog.objects.filter(object_id=str(joko.pk)).count() == 2


@pytest.mark.parametrize("persona", ["alice", "operator_a"])
def test_a_role_that_sees_no_people_logs_no_reading(client, request, incident_a, joko, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(incident_a.get_absolute_url())

    assert response.status_code == 200
    assert "Joko" not in response.content.decode()
    assert AccessLog.objects.count() == 0


def test_an_incident_without_people_logs_nothing(client, kapolsek_a, incident_a):
    client.force_login(kapolsek_a)
    client.get(incident_a.get_absolute_url())

    assert AccessLog.objects.count() == 0


def test_the_admin_list_of_people_involved_logs_every_person_on_the_page(
    client, admin_a, joko, sari
):
    client.force_login(admin_a)

    response = client.get(reverse("admin:conflicts_involvedperson_changelist"))

    assert response.status_code == 200
    assert sorted(logged(via=AccessLog.Via.ADMIN_LIST)) == sorted(
        [("admin_a", str(joko.pk), "admin_list"), ("admin_a", str(sari.pk), "admin_list")]
    )


def test_the_admin_page_of_a_person_logs_that_person(client, admin_a, joko, sari):
    client.force_login(admin_a)

    response = client.get(reverse("admin:conflicts_involvedperson_change", args=[joko.pk]))

    assert response.status_code == 200
    assert logged() == [("admin_a", str(joko.pk), "admin_page")]


def test_the_admin_list_and_page_of_involvements_log_their_people(client, admin_a, joko, sari):
    client.force_login(admin_a)
    involvement = Involvement.objects.get(person=joko)

    client.get(reverse("admin:conflicts_involvement_changelist"))
    client.get(reverse("admin:conflicts_involvement_change", args=[involvement.pk]))

    assert sorted(logged(via="admin_list")) == sorted(
        [("admin_a", str(joko.pk), "admin_list"), ("admin_a", str(sari.pk), "admin_list")]
    )
    assert logged(via="admin_page") == [("admin_a", str(joko.pk), "admin_page")]


def test_the_admin_page_of_an_incident_logs_the_people_of_its_inline(
    client, admin_a, incident_a, joko, sari
):
    client.force_login(admin_a)

    client.get(reverse("admin:conflicts_incident_changelist"))
    assert AccessLog.objects.count() == 0  # the list of incidents names no one

    client.get(reverse("admin:conflicts_incident_change", args=[incident_a.pk]))
    assert sorted(logged(via="admin_page")) == sorted(
        [("admin_a", str(joko.pk), "admin_page"), ("admin_a", str(sari.pk), "admin_page")]
    )


def test_an_operator_opening_the_incident_admin_logs_no_reading(
    client, operator_a, incident_a, joko
):
    client.force_login(operator_a)

    response = client.get(reverse("admin:conflicts_incident_change", args=[incident_a.pk]))

    assert response.status_code == 200
    assert "Joko" not in response.content.decode()
    assert AccessLog.objects.count() == 0


def test_another_units_person_is_a_404_and_logs_nothing(client, kapolsek_b, polsek_b, joko):
    admin_b = UserFactory(username="admin_b", role=User.Role.ADMIN, unit=polsek_b)
    client.force_login(admin_b)

    response = client.get(reverse("admin:conflicts_involvedperson_change", args=[joko.pk]))

    assert response.status_code == 404
    assert AccessLog.objects.count() == 0
