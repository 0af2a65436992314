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


def test_the_admin_delete_page_of_an_incident_logs_the_people_it_would_delete(
    client, admin_a, incident_a, joko, sari
):
    client.force_login(admin_a)
    url = reverse("admin:conflicts_incident_delete", args=[incident_a.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert "Joko Provokator" in response.content.decode()
    assert sorted(logged()) == sorted(
        [("admin_a", str(joko.pk), "admin_delete"), ("admin_a", str(sari.pk), "admin_delete")]
    )
    assert set(AccessLog.objects.values_list("path", flat=True)) == {url}


def test_confirming_the_delete_logs_no_second_reading(client, admin_a, incident_a, joko):
    client.force_login(admin_a)
    url = reverse("admin:conflicts_incident_delete", args=[incident_a.pk])

    client.get(url)
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Involvement.objects.filter(person=joko).exists()
    assert logged() == [("admin_a", str(joko.pk), "admin_delete")]


def test_the_admin_delete_page_of_a_person_logs_that_person(client, admin_a, joko, sari):
    client.force_login(admin_a)

    response = client.get(reverse("admin:conflicts_involvedperson_delete", args=[joko.pk]))

    assert response.status_code == 200
    assert logged() == [("admin_a", str(joko.pk), "admin_delete")]


def test_the_delete_selected_confirmation_logs_the_people_it_lists(
    client, admin_a, incident_a, joko, sari
):
    client.force_login(admin_a)

    response = client.post(
        reverse("admin:conflicts_incident_changelist"),
        {"action": "delete_selected", "_selected_action": [incident_a.pk]},
    )

    assert response.status_code == 200
    assert "Sari Korban" in response.content.decode()
    assert sorted(logged()) == sorted(
        [("admin_a", str(joko.pk), "admin_delete"), ("admin_a", str(sari.pk), "admin_delete")]
    )


def test_an_operator_on_the_incident_delete_page_sees_and_logs_no_one(
    client, operator_a, incident_a, joko
):
    client.force_login(operator_a)

    response = client.get(reverse("admin:conflicts_incident_delete", args=[incident_a.pk]))

    # The page lists the kinds of rows the operator may not delete, not the rows themselves.
    assert response.status_code == 200
    assert response.context["perms_lacking"]
    assert "Joko" not in response.content.decode()
    assert AccessLog.objects.count() == 0


def test_the_admin_history_of_an_incident_logs_its_people(client, admin_a, incident_a, joko, sari):
    client.force_login(admin_a)
    url = reverse("admin:conflicts_incident_history", args=[incident_a.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert sorted(logged()) == sorted(
        [("admin_a", str(joko.pk), "admin_history"), ("admin_a", str(sari.pk), "admin_history")]
    )
    assert set(AccessLog.objects.values_list("path", flat=True)) == {url}


def test_the_admin_history_of_a_person_logs_that_person(client, admin_a, joko, sari):
    client.force_login(admin_a)

    response = client.get(reverse("admin:conflicts_involvedperson_history", args=[joko.pk]))

    assert response.status_code == 200
    assert logged() == [("admin_a", str(joko.pk), "admin_history")]


def person_autocomplete(client, term):
    """The lookup behind the person picker of the involvement form."""
    query = {"app_label": "conflicts", "model_name": "involvement", "field_name": "person"}
    return client.get(reverse("admin:autocomplete"), {**query, "term": term})


def test_the_person_autocomplete_logs_exactly_the_people_it_returns(
    client, admin_a, incident_a, joko, sari
):
    client.force_login(admin_a)

    response = person_autocomplete(client, "Joko")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(joko.pk)]
    assert logged() == [("admin_a", str(joko.pk), "autocomplete")]


def test_the_person_autocomplete_logs_only_the_page_it_returns(client, admin_a, incident_a):
    people = InvolvedPerson.objects.bulk_create(
        InvolvedPerson(name=f"Warga {n:02}") for n in range(25)
    )
    Involvement.objects.bulk_create(
        Involvement(incident=incident_a, person=person, role="witness") for person in people
    )
    client.force_login(admin_a)

    response = person_autocomplete(client, "Warga")

    returned = [row["id"] for row in response.json()["results"]]
    assert len(returned) == 20
    assert response.json()["pagination"] == {"more": True}
    assert sorted(logged()) == sorted(("admin_a", pk, "autocomplete") for pk in returned)


def test_the_incident_autocomplete_names_no_one_and_logs_nothing(client, admin_a, incident_a, joko):
    client.force_login(admin_a)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "conflicts", "model_name": "involvement", "field_name": "incident"},
    )

    assert [row["id"] for row in response.json()["results"]] == [str(incident_a.pk)]
    assert AccessLog.objects.count() == 0


def test_a_role_refused_the_person_autocomplete_logs_nothing(client, operator_a, joko):
    client.force_login(operator_a)

    response = person_autocomplete(client, "Joko")

    assert response.status_code == 403
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize(
    "url_name", ["conflicts_involvedperson_delete", "conflicts_involvedperson_history"]
)
def test_another_units_delete_and_history_pages_are_404s_and_log_nothing(
    client, polsek_b, joko, url_name
):
    client.force_login(UserFactory(username="admin_b", role=User.Role.ADMIN, unit=polsek_b))

    response = client.get(reverse(f"admin:{url_name}", args=[joko.pk]))

    assert response.status_code == 404
    assert AccessLog.objects.count() == 0


def test_another_units_person_autocomplete_returns_and_logs_no_one(client, polsek_b, joko):
    client.force_login(UserFactory(username="admin_b", role=User.Role.ADMIN, unit=polsek_b))

    response = person_autocomplete(client, "Joko")

    assert response.status_code == 200
    assert response.json()["results"] == []
    assert AccessLog.objects.count() == 0
