"""The number of queries a page issues is fixed: it does not grow with the rows it shows."""

import datetime

import pytest
from django.urls import reverse

from bhabin.models import Assignment, CommunityFigure, SecurityPost
from personnel.models import CompetencyAssessment, OtherDuty
from tests.factories import AssignmentFactory, OfficerFactory, PoliceUnitFactory, VisitFactory

# Each page starts with the session and the user (+unit, officer); the scope is the unit's tree
# path, so it costs no query of its own. Then:
# the area list, 5: the area count; the units for the filter; the page of areas (+unit, region).
AREA_LIST = 5
# the Kasat's home, 4: the latest month with visits (monthly aggregates); the unit table (one
# query, a subquery per column).
KASAT_HOME = 4
# a unit's page, 7: the unit (+parent); the area count; the child units; the page of areas
# (+unit, region); their primary officers (one prefetch for the page).
UNIT_PAGE = 7
# an area's page without ?period=, 12, for a Kasat as for the area's officer: the area (+unit,
# region); the latest month with visits (the default period); its figures (visits in the
# period, incidents in the hotspot months, open warnings, open cases: 4); visits per month (the
# chart); its active assignments (+officer); the latest visits, open warnings, open cases and
# incidents; community figures; security posts.
AREA_PAGE = 16
# an officer's page without ?period=, 10, for a Kasat as for the officer: the officer (+unit);
# the latest month with visits in the officer's unit; its figures (visits in the period, open
# warnings, open cases: 3); visits per month; other-duty hours by kind; active assignments
# (+area); training (+course); assessments; the latest other duties.
OFFICER_PAGE = 13


def staffed_area(unit):
    """An area with a primary officer who visited it once."""
    assignment = AssignmentFactory(officer=OfficerFactory(unit=unit), area__unit=unit)
    VisitFactory(officer=assignment.officer, area=assignment.area)
    return assignment.area


def test_the_area_list_costs_the_same_with_2_and_20_areas(
    login, kasat, polsek_a, polsek_b, django_assert_num_queries
):
    client = login(kasat)
    staffed_area(polsek_a)
    staffed_area(polsek_b)
    # AREA_LIST, named above.
    with django_assert_num_queries(AREA_LIST):
        assert client.get(reverse("bhabin:area-list")).status_code == 200
    for unit in [polsek_a, polsek_b] * 9:
        staffed_area(unit)
    # The same with 20 areas.
    with django_assert_num_queries(AREA_LIST):
        response = client.get(reverse("bhabin:area-list"))
        assert response.status_code == 200
    assert len(response.context["page"]) == 20


def test_the_kasat_home_costs_the_same_with_2_and_20_units(
    login, kasat, polsek_a, polsek_b, django_assert_num_queries
):
    client = login(kasat)
    staffed_area(polsek_a)
    staffed_area(polsek_b)
    # KASAT_HOME, named above.
    with django_assert_num_queries(KASAT_HOME):
        assert client.get(reverse("home")).status_code == 200
    for n in range(18):
        staffed_area(PoliceUnitFactory(code=f"POLSEK-X{n}"))
    # The same with 20 Polsek.
    with django_assert_num_queries(KASAT_HOME):
        response = client.get(reverse("home"))
        assert response.status_code == 200
    assert len(response.context["units"]) == 21  # the Polres and 20 Polsek


def test_the_unit_page_costs_the_same_with_2_and_20_areas(
    login, kasat, polsek_a, django_assert_num_queries
):
    client = login(kasat)
    for _ in range(2):
        staffed_area(polsek_a)
    # UNIT_PAGE, named above.
    with django_assert_num_queries(UNIT_PAGE):
        assert client.get(polsek_a.get_absolute_url()).status_code == 200
    for _ in range(18):
        staffed_area(polsek_a)
    # The same with 20 areas.
    with django_assert_num_queries(UNIT_PAGE):
        response = client.get(polsek_a.get_absolute_url())
        assert response.status_code == 200
    assert len(response.context["page"]) == 20


def add_area_rows(area, count, start):
    for n in range(start, start + count):
        officer = OfficerFactory(unit=area.unit)
        AssignmentFactory(officer=officer, area=area, role=Assignment.Role.ADDITIONAL)
        VisitFactory(officer=officer, area=area)
        CommunityFigure.objects.create(area=area, name=f"Tokoh {n}", role="community")
        SecurityPost.objects.create(area=area, name=f"Pos {n}")


@pytest.mark.parametrize("who", ["kasat", "alice"])
def test_the_area_page_costs_the_same_with_2_and_20_rows_of_each_kind(
    request, login, who, area_a1, django_assert_num_queries
):
    client = login(request.getfixturevalue(who))
    add_area_rows(area_a1, 2, start=0)
    # AREA_PAGE, named above.
    with django_assert_num_queries(AREA_PAGE):
        assert client.get(area_a1.get_absolute_url()).status_code == 200
    add_area_rows(area_a1, 18, start=2)
    # The same with 20 rows of each kind.
    with django_assert_num_queries(AREA_PAGE):
        response = client.get(area_a1.get_absolute_url())
        assert response.status_code == 200
    assert len(response.context["community_figures"]) == 20


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
    request, login, who, alice, django_assert_num_queries
):
    client = login(request.getfixturevalue(who))
    add_officer_rows(alice.officer, 2, start=0)
    # OFFICER_PAGE, named above.
    with django_assert_num_queries(OFFICER_PAGE):
        assert client.get(alice.officer.get_absolute_url()).status_code == 200
    add_officer_rows(alice.officer, 18, start=2)
    # The same with 20 rows of each kind.
    with django_assert_num_queries(OFFICER_PAGE):
        response = client.get(alice.officer.get_absolute_url())
        assert response.status_code == 200
    # Alice's own assignment to Desa A1 plus the 20 added here.
    assert len(response.context["assignments"]) == 21
    assert len(response.context["assessments"]) == 20
