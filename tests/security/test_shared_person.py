"""A person involved in incidents of two Polsek (issue 16, item 5).

Joko is involved in an incident of Polsek A and one of Polsek B. An administrator of Polsek A
must not read Polsek B's incident on his delete confirmation, must not delete Polsek B's
involvement by deleting him, and must not change the identity Polsek B relies on. An
administrator of the Polres, whose scope holds both incidents, may do all three; so may Polsek A's
administrator for a person involved in Polsek A only.
"""

import pytest
from django.urls import reverse

from conflicts.models import InvolvedPerson, Involvement
from personnel.models import User
from tests.factories import IncidentFactory, UserFactory


@pytest.fixture
def admin_a(polsek_a):
    return UserFactory(username="admin_a", role=User.Role.ADMIN, unit=polsek_a)


@pytest.fixture
def admin_polres(polres):
    return UserFactory(username="admin_polres", role=User.Role.ADMIN, unit=polres)


@pytest.fixture
def incident_a(polsek_a):
    return IncidentFactory(unit=polsek_a, place="Lapangan Desa A1")


@pytest.fixture
def incident_b(polsek_b):
    return IncidentFactory(unit=polsek_b, place="Pasar Rahasia B1")


@pytest.fixture
def joko(incident_a, incident_b):
    """Involved in Polsek A's incident and in Polsek B's."""
    person = InvolvedPerson.objects.create(
        name="Joko Provokator", nik="3201010101010001", address="Jl. Asal 1"
    )
    Involvement.objects.create(incident=incident_a, person=person, role="provocateur")
    Involvement.objects.create(
        incident=incident_b, person=person, role="perpetrator", notes="Catatan Polsek B"
    )
    return person


@pytest.fixture
def sari(incident_a):
    """Involved in Polsek A's incident only."""
    person = InvolvedPerson.objects.create(name="Sari Korban")
    Involvement.objects.create(incident=incident_a, person=person, role="victim")
    return person


def delete_url(person):
    return reverse("admin:conflicts_involvedperson_delete", args=[person.pk])


def change_url(person):
    return reverse("admin:conflicts_involvedperson_change", args=[person.pk])


def change_form(person, **changes):
    """The change form as the admin posts it, with the person's own involvement inline."""
    involvements = list(person.involvements.order_by("pk"))
    data = {
        "name": person.name,
        "nik": person.nik,
        "birth_date": "",
        "address": person.address,
        "notes": person.notes,
        "retain_until": "",
        "involvements-TOTAL_FORMS": "1",
        "involvements-INITIAL_FORMS": "1",
        "involvements-MIN_NUM_FORMS": "0",
        "involvements-MAX_NUM_FORMS": "1000",
        "involvements-0-id": str(involvements[0].pk),
        "involvements-0-person": str(person.pk),
        "involvements-0-incident": str(involvements[0].incident_id),
        "involvements-0-role": involvements[0].role,
        "involvements-0-notes": involvements[0].notes,
    }
    data.update(changes)
    return data


def test_the_delete_confirmation_does_not_show_the_other_polsek_incident(client, admin_a, joko):
    client.force_login(admin_a)

    response = client.get(delete_url(joko))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pasar Rahasia B1" not in page
    assert "Catatan Polsek B" not in page
    assert "Yes, I’m sure" not in page and "Ya, saya yakin" not in page
    assert "di luar wilayah Anda" in page


def test_deleting_a_shared_person_is_refused_and_keeps_both_involvements(client, admin_a, joko):
    client.force_login(admin_a)

    response = client.post(delete_url(joko), {"post": "yes"})

    assert response.status_code == 403
    assert InvolvedPerson.objects.filter(pk=joko.pk).exists()
    assert Involvement.objects.filter(person=joko).count() == 2


def test_the_bulk_delete_of_a_shared_person_is_refused_without_naming_the_other_incident(
    client, admin_a, joko, sari
):
    client.force_login(admin_a)
    form = {"action": "delete_selected", "_selected_action": [str(joko.pk), str(sari.pk)]}

    confirmation = client.post(reverse("admin:conflicts_involvedperson_changelist"), form)
    client.post(reverse("admin:conflicts_involvedperson_changelist"), {**form, "post": "yes"})

    assert confirmation.status_code == 200
    assert "Pasar Rahasia B1" not in confirmation.content.decode()
    assert Involvement.objects.filter(person=joko).count() == 2
    assert InvolvedPerson.objects.filter(pk__in=[joko.pk, sari.pk]).count() == 2


def test_the_identity_of_a_shared_person_is_read_only(client, admin_a, joko):
    client.force_login(admin_a)

    page = client.get(change_url(joko))
    response = client.post(
        change_url(joko),
        change_form(joko, name="Nama Diganti", nik="3201010101019999", address="Jl. Lain 2"),
    )

    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert "di luar wilayah Anda" in page.content.decode()
    assert response.status_code == 302
    joko.refresh_from_db()
    assert (joko.name, joko.nik, joko.address) == (
        "Joko Provokator",
        "3201010101010001",
        "Jl. Asal 1",
    )


def test_the_own_involvement_of_a_shared_person_stays_editable(client, admin_a, joko, incident_a):
    client.force_login(admin_a)

    response = client.post(change_url(joko), change_form(joko, **{"involvements-0-notes": "Baru"}))

    assert response.status_code == 302
    assert Involvement.objects.get(person=joko, incident=incident_a).notes == "Baru"
    assert Involvement.objects.get(person=joko, incident__unit__code="POLSEK-B").notes == (
        "Catatan Polsek B"
    )


def test_a_person_of_the_own_polsek_only_is_edited_and_deleted_as_before(client, admin_a, sari):
    client.force_login(admin_a)

    edited = client.post(change_url(sari), change_form(sari, name="Sari Saksi"))
    deleted = client.post(delete_url(sari), {"post": "yes"})

    assert edited.status_code == 302
    assert deleted.status_code == 302
    assert not InvolvedPerson.objects.filter(pk=sari.pk).exists()


def test_the_polres_administrator_edits_and_deletes_the_shared_person(client, admin_polres, joko):
    client.force_login(admin_polres)

    confirmation = client.get(delete_url(joko))
    edited = client.post(change_url(joko), change_form(joko, name="Joko Diganti"))

    assert "Pasar Rahasia B1" in confirmation.content.decode()
    assert edited.status_code == 302
    joko.refresh_from_db()
    assert joko.name == "Joko Diganti"
    deleted = client.post(delete_url(joko), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Involvement.objects.filter(person_id=joko.pk).exists()


def test_the_person_history_does_not_name_the_other_polsek_incident(
    client, admin_a, joko, polsek_b, incident_b
):
    # Polsek B's administrator changes its own involvement through the person's page: Django's
    # log names the involvement, and with it Polsek B's incident.
    client.force_login(UserFactory(username="admin_b", role=User.Role.ADMIN, unit=polsek_b))
    own = joko.involvements.get(incident=incident_b)
    form = change_form(joko)
    form.update(
        {
            "involvements-0-id": str(own.pk),
            "involvements-0-incident": str(incident_b.pk),
            "involvements-0-role": own.role,
            "involvements-0-notes": "Diubah Polsek B",
        }
    )
    assert client.post(change_url(joko), form).status_code == 302

    client.force_login(admin_a)
    response = client.get(reverse("admin:conflicts_involvedperson_history", args=[joko.pk]))

    assert response.status_code == 200
    assert "Pasar Rahasia B1" not in response.content.decode()
