"""The optimisation pages and PDF: roles, scoping (another unit is a 404), login, queries."""

import datetime

import pytest
from django.urls import reverse

from personnel.models import User
from tests.factories import AssistedAreaFactory, PoliceUnitFactory, UserFactory
from tests.optimisation.conftest import AS_OF, incident, posted, visit
from tests.views.helpers import assert_redirects_to_login

ON = {"tanggal": AS_OF.isoformat()}


@pytest.fixture
def world(polsek_a, polsek_b, area_a1, area_b1):
    officer = posted(area_a1)
    visit(officer, area_a1, AS_OF - datetime.timedelta(days=5))
    incident(area_a1, AS_OF - datetime.timedelta(days=20))
    posted(area_b1)
    return polsek_a, polsek_b


def url(name, unit, *args):
    return reverse(name, args=[unit.code, *args])


@pytest.mark.parametrize("name", ["optimisation:overview", "optimisation:risk", "optimisation:pdf"])
def test_the_kapolsek_reads_their_own_polsek(client, world, kapolsek_a, name):
    client.force_login(kapolsek_a)
    response = client.get(url(name, world[0]), ON)
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["optimisation:overview", "optimisation:risk", "optimisation:pdf"])
def test_another_polsek_is_a_404_to_a_kapolsek(client, world, kapolsek_b, name):
    client.force_login(kapolsek_b)
    assert client.get(url(name, world[0]), ON).status_code == 404


@pytest.mark.parametrize("name", ["optimisation:overview", "optimisation:risk", "optimisation:pdf"])
def test_an_anonymous_visitor_is_sent_to_the_login(client, world, name):
    assert_redirects_to_login(client.get(url(name, world[0])))


def test_an_area_of_another_polsek_is_a_404_on_the_breakdown(client, world, kapolsek_a, area_b1):
    client.force_login(kapolsek_a)
    assert client.get(url("optimisation:risk-area", world[0], area_b1.pk), ON).status_code == 404
    assert client.get(url("optimisation:risk-area", world[1], area_b1.pk), ON).status_code == 404


def test_the_breakdown_shows_each_component_weight_and_contribution(
    client, world, kapolsek_a, area_a1
):
    client.force_login(kapolsek_a)
    response = client.get(url("optimisation:risk-area", world[0], area_a1.pk), ON)
    assert response.status_code == 200
    risk = response.context["risk"]
    assert len(risk.components) == 5
    assert "1 kejadian dalam 12 bulan, kunjungan terakhir 5 hari lalu" in response.content.decode()


def test_the_kasat_reads_the_polres_with_every_polsek(client, world, kasat):
    client.force_login(kasat)
    response = client.get(url("optimisation:overview", kasat.unit), ON)
    assert response.status_code == 200
    assert {row.name for row in response.context["report"].gaps} >= {"Polsek A", "Polsek B"}


def test_leadership_and_admin_may_read_and_an_officer_or_operator_may_not(
    client, alice, operator_a, polres
):
    for role in (User.Role.LEADERSHIP, User.Role.ADMIN):
        client.force_login(UserFactory(role=role, unit=polres))
        assert client.get(url("optimisation:overview", polres), ON).status_code == 200
    for user in (alice, operator_a):
        client.force_login(user)
        assert client.get(url("optimisation:overview", alice.unit), ON).status_code == 403


def test_a_user_without_a_unit_is_refused(client, world, nobody):
    client.force_login(nobody)
    assert client.get(url("optimisation:overview", world[0]), ON).status_code == 403


def test_the_what_if_form_answers_from_get_parameters(client, world, kapolsek_a):
    client.force_login(kapolsek_a)
    response = client.get(
        url("optimisation:overview", world[0]),
        {
            **ON,
            "motor": "1",
            "kursi": "1",
            "tambah_personel": "1",
            "tambah_motor": "2",
            "tambah_rp": "10000000",
        },
    )
    assert response.status_code == 200
    questions = [answer.question for answer in response.context["answers"]]
    assert questions == ["+1 personel", "+2 sepeda motor dinas", "+Rp10.000.000"]
    assert len(response.context["report"].equipment["ranmor-r2"][0].chosen) == 1


def test_the_pdf_is_a_pdf_attachment(client, world, kapolsek_a):
    client.force_login(kapolsek_a)
    response = client.get(url("optimisation:pdf", world[0]), ON)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def _populate(unit, n):
    for _ in range(n):
        area = AssistedAreaFactory(unit=unit)
        officer = posted(area)
        visit(officer, area, AS_OF)
        incident(area, AS_OF)


@pytest.mark.parametrize("polsek", [2, 5])
def test_the_overview_costs_the_same_queries_for_2_and_for_5_polsek(
    client, polsek, polres, django_assert_num_queries
):
    for number in range(polsek):
        _populate(PoliceUnitFactory(code=f"P-{number}", parent=polres), 2)
    kasat = UserFactory(role=User.Role.KASAT_BINMAS, unit=polres)
    client.force_login(kasat)
    # 31: session, user (2; the user's scope is the unit's tree path, no query); the unit (1);
    # recap_units (1); 4M gaps (16): strength, roster, reported recap, area sums,
    # competency, other duty, latest DIPA year (its lines are one more where a year exists),
    # allowance, facility types, stock, visits, activities, activity mix, schedule, warnings, cases;
    # risk (3); officers, assignments, issued items, competency per officer (4); unissued
    # stock (1); type names (1); public holidays (1); other-duty days (1). Solving is in memory.
    with django_assert_num_queries(31):
        assert client.get(url("optimisation:overview", polres), ON).status_code == 200


@pytest.mark.parametrize("polsek", [2, 5])
def test_the_risk_pages_cost_the_same_queries_for_2_and_for_5_polsek(
    client, polsek, polres, django_assert_num_queries
):
    for number in range(polsek):
        _populate(PoliceUnitFactory(code=f"P-{number}", parent=polres), 2)
    kasat = UserFactory(role=User.Role.KASAT_BINMAS, unit=polres)
    client.force_login(kasat)
    # 6: session, user (+unit; the scope is the unit's tree path, no query); the unit; the risk
    # score's three (areas with last visit and open warnings, incidents by area and day, repeat
    # involvements).
    with django_assert_num_queries(6):
        response = client.get(url("optimisation:risk", polres), ON)
        assert response.status_code == 200
    assert len(response.context["risks"]) == 2 * polsek
    area_id = response.context["risks"][0].area_id
    # 6: the same for one area's breakdown.
    with django_assert_num_queries(6):
        assert client.get(url("optimisation:risk-area", polres, area_id), ON).status_code == 200


@pytest.mark.parametrize("polsek", [2, 5])
def test_the_pdf_costs_the_same_queries_for_2_and_for_5_polsek(
    client, polsek, polres, django_assert_num_queries
):
    for number in range(polsek):
        _populate(PoliceUnitFactory(code=f"P-{number}", parent=polres), 2)
    kasat = UserFactory(role=User.Role.KASAT_BINMAS, unit=polres)
    client.force_login(kasat)
    # 31: the overview's, in the same order (see the overview's test above); the PDF is
    # rendered from them in memory.
    with django_assert_num_queries(31):
        assert client.get(url("optimisation:pdf", polres), ON).status_code == 200
