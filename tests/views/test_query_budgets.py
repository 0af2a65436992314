"""The number of queries a page issues does not grow with the number of rows it shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bhabin.models import Assignment, CommunityFigure, SecurityPost
from personnel.models import CompetencyAssessment, OtherDuty
from tests.factories import AssignmentFactory, OfficerFactory, PoliceUnitFactory, VisitFactory


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def staffed_area(unit):
    """An area with a primary officer who visited it once."""
    assignment = AssignmentFactory(officer=OfficerFactory(unit=unit), area__unit=unit)
    VisitFactory(officer=assignment.officer, area=assignment.area)
    return assignment.area


def test_the_area_list_costs_the_same_with_2_and_20_areas(login, kasat, polsek_a, polsek_b):
    client = login(kasat)
    staffed_area(polsek_a)
    staffed_area(polsek_b)
    with_2, _ = queries_for(client, reverse("bhabin:area-list"))

    for unit in [polsek_a, polsek_b] * 9:
        staffed_area(unit)
    with_20, response = queries_for(client, reverse("bhabin:area-list"))

    assert len(response.context["page"]) == 20
    assert with_20 == with_2


def test_the_kasat_home_costs_the_same_with_2_and_20_units(login, kasat, polsek_a, polsek_b):
    client = login(kasat)
    staffed_area(polsek_a)
    staffed_area(polsek_b)
    with_2, _ = queries_for(client, reverse("home"))

    for n in range(18):
        staffed_area(PoliceUnitFactory(code=f"POLSEK-X{n}"))
    with_20, response = queries_for(client, reverse("home"))

    assert len(response.context["units"]) == 21  # the Polres and 20 Polsek
    assert with_20 == with_2


def test_the_unit_page_costs_the_same_with_2_and_20_areas(login, kasat, polsek_a):
    client = login(kasat)
    for _ in range(2):
        staffed_area(polsek_a)
    with_2, _ = queries_for(client, polsek_a.get_absolute_url())

    for _ in range(18):
        staffed_area(polsek_a)
    with_20, response = queries_for(client, polsek_a.get_absolute_url())

    assert len(response.context["page"]) == 20
    assert with_20 == with_2


def add_area_rows(area, count, start):
    for n in range(start, start + count):
        officer = OfficerFactory(unit=area.unit)
        AssignmentFactory(officer=officer, area=area, role=Assignment.Role.ADDITIONAL)
        VisitFactory(officer=officer, area=area)
        CommunityFigure.objects.create(area=area, name=f"Tokoh {n}", role="community")
        SecurityPost.objects.create(area=area, name=f"Pos {n}")


@pytest.mark.parametrize("who", ["kasat", "alice"])
def test_the_area_page_costs_the_same_with_2_and_20_rows_of_each_kind(request, login, who, area_a1):
    client = login(request.getfixturevalue(who))
    add_area_rows(area_a1, 2, start=0)
    with_2, _ = queries_for(client, area_a1.get_absolute_url())

    add_area_rows(area_a1, 18, start=2)
    with_20, response = queries_for(client, area_a1.get_absolute_url())

    assert len(response.context["community_figures"]) == 20
    assert with_20 == with_2


def add_officer_rows(officer, count, start):
    for n in range(start, start + count):
        day = datetime.date(2022, 1, 1) + datetime.timedelta(days=n)
        AssignmentFactory(officer=officer, area__unit=officer.unit, role="additional")
        CompetencyAssessment.objects.create(
            officer=officer, competency="leadership", assessed_on=day, score=3
        )
        OtherDuty.objects.create(officer=officer, kind="sabhara_patrol", date=day, hours=4)


@pytest.mark.parametrize("who", ["kasat", "alice"])
def test_the_officer_page_costs_the_same_with_2_and_20_rows_of_each_kind(
    request, login, who, alice
):
    client = login(request.getfixturevalue(who))
    add_officer_rows(alice.officer, 2, start=0)
    with_2, _ = queries_for(client, alice.officer.get_absolute_url())

    add_officer_rows(alice.officer, 18, start=2)
    with_20, response = queries_for(client, alice.officer.get_absolute_url())

    # Alice's own assignment to Desa A1 plus the 20 added here.
    assert len(response.context["assignments"]) == 21
    assert len(response.context["assessments"]) == 20
    assert with_20 == with_2
