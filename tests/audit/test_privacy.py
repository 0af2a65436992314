"""People involved: names masked where a role may not read them, shown in full where it may."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AccessLog
from conflicts.models import InvolvedPerson, Involvement
from conflicts.privacy import mask_name, mask_value, person_name_for
from motul import plans as motul
from org.roles import may_see_people_involved
from personnel.models import User
from tests.factories import IncidentFactory, UserFactory


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Ahmad Sodikin", "A*** S***"),
        ("Joko", "J***"),
        ("  Siti   Nur  Aisyah ", "S*** N*** A***"),
        ("Ñoman Ádi", "Ñ*** Á***"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_name_is_masked_to_initials(name, masked):
    assert mask_name(name) == masked


def test_other_personal_values_are_masked_whole():
    assert mask_value("3216012345678901") == "***"
    assert mask_value(datetime.date(1990, 1, 1)) == "***"
    assert mask_value("") == ""
    assert mask_value(None) == ""


@pytest.fixture
def leadership_a(polsek_a):
    return UserFactory(username="pimpinan_a", role=User.Role.LEADERSHIP, unit=polsek_a)


@pytest.fixture
def admin_a(polsek_a):
    return UserFactory(username="admin_a", role=User.Role.ADMIN, unit=polsek_a)


ROLES_THAT_SEE = {"kapolsek_a": True, "kasat": True, "admin_a": True}
ROLES_THAT_DO_NOT = {"alice": False, "operator_a": False, "leadership_a": False, "nobody": False}


@pytest.mark.parametrize(("persona", "sees"), [*ROLES_THAT_SEE.items(), *ROLES_THAT_DO_NOT.items()])
def test_only_kapolsek_kasat_and_admin_may_see_people_involved(request, persona, sees):
    user = request.getfixturevalue(persona)

    assert may_see_people_involved(user) is sees
    assert person_name_for(user, "Joko Provokator") == ("Joko Provokator" if sees else "J*** P***")


@pytest.fixture
def incident_a(polsek_a, area_a1):
    incident = IncidentFactory(unit=polsek_a, area=area_a1, place="Lapangan Desa A1")
    person = InvolvedPerson.objects.create(name="Joko Provokator", nik="3216012345678901")
    Involvement.objects.create(incident=incident, person=person, role="provocateur")
    return incident


@pytest.mark.parametrize(
    ("persona", "sees"), [*ROLES_THAT_SEE.items(), ("alice", False), ("operator_a", False)]
)
def test_the_incident_page_names_people_only_to_the_roles_that_may_see_them(
    client, request, incident_a, persona, sees
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(incident_a.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert ("Joko Provokator" in page) is sees
    assert "3216012345678901" not in page


def test_leadership_sees_a_lower_units_incident_but_not_its_people(client, incident_a, polres):
    pimpinan = UserFactory(username="pimpinan", role=User.Role.LEADERSHIP, unit=polres)
    client.force_login(pimpinan)

    response = client.get(incident_a.get_absolute_url())

    assert response.status_code == 200
    assert "Joko" not in response.content.decode()


def test_another_polseks_kapolsek_gets_a_404_for_the_incident(client, kapolsek_b, incident_a):
    client.force_login(kapolsek_b)

    assert client.get(incident_a.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url_name",
    ["admin:conflicts_involvedperson_changelist", "admin:conflicts_involvement_changelist"],
)
def test_the_admin_of_people_involved_is_closed_to_an_operator(
    client, operator_a, incident_a, url_name
):
    client.force_login(operator_a)

    assert client.get(reverse(url_name)).status_code == 403


def test_the_admin_of_people_involved_is_open_to_an_administrator(client, admin_a, incident_a):
    client.force_login(admin_a)

    response = client.get(reverse("admin:conflicts_involvedperson_changelist"))

    assert response.status_code == 200
    assert "Joko Provokator" in response.content.decode()


def workbook_text(response):
    """Every cell of every sheet of an xlsx response, as one string (the file is compressed)."""
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )


@pytest.mark.parametrize(
    "export",
    [
        "conflicts:incident-export",
        "bhabin:area-export",
        "bhabin:officer-export",
        "bhabin:visit-export",
    ],
)
def test_no_export_names_a_person_involved_even_for_a_kasat(client, kasat, incident_a, export):
    client.force_login(kasat)

    response = client.get(reverse(export))

    assert response.status_code == 200
    cells = workbook_text(response)
    if export == "conflicts:incident-export":
        assert "Lapangan Desa A1" in cells  # the incident is there, its people are not
    assert "Joko" not in cells
    assert "3216012345678901" not in cells


@pytest.fixture
def plan_a(kapolsek_a, area_a1, incident_a):
    return motul.motul_plan_create(
        user=kapolsek_a,
        title="Sambang sekolah",
        objective="Mencegah tawuran",
        planned_on=datetime.date(2022, 12, 5),
        areas=[area_a1],
    )


def test_the_motul_page_and_pdf_log_the_people_they_name(client, kapolsek_a, plan_a):
    client.force_login(kapolsek_a)

    assert b"Joko Provokator" in client.get(reverse("motul:edit", args=[plan_a.pk])).content
    assert client.get(reverse("motul:pdf", args=[plan_a.pk])).status_code == 200

    assert sorted(AccessLog.objects.values_list("username", "via")) == [
        ("kapolsek_a", "export"),
        ("kapolsek_a", "plan_page"),
    ]


def test_the_motul_page_of_a_role_that_sees_no_names_logs_nothing(client, operator_a, plan_a):
    client.force_login(operator_a)

    page = client.get(reverse("motul:edit", args=[plan_a.pk])).content.decode()

    assert "Joko" not in page
    assert motul.RESTRICTED_LINE in page
    assert AccessLog.objects.count() == 0
