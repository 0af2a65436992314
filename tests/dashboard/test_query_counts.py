"""The dashboard pages issue a fixed number of queries, whatever the number of units and rows.

Every figure is an aggregate query over the units of the page (no query per unit or area), so
the count with 2 Polsek and a few visits equals the count with 8 Polsek and many visits.
"""

import datetime

from django.urls import reverse

from bhabin.models import VisitSchedule
from tests.dashboard.conftest import at, case, warning
from tests.factories import (
    AssignmentFactory,
    AssistedAreaFactory,
    IncidentFactory,
    OfficerFactory,
    PoliceUnitFactory,
    VisitFactory,
)

NOV_2022 = "period=2022-11"

# Every page starts with the same 2 queries for the Kasat: the session and the user (with its
# unit); the user's scope is the unit's tree path, so it costs no query of its own.
#
# The overview of a Polres with ?period= (the default period costs 1 more, after recap_units:
# the latest month with visits), 27: session, user; recap_units (the units below the page's
# unit); per area in one pass (active areas, those without a primary officer, population and
# km², open warnings and cases); the roster per unit (officers, and the competency table);
# coverage (the monthly aggregates); schedule adherence; other-duty hours; incidents per unit
# and category, with the previous period and a year earlier (the monthly totals); Table 1 (the
# counts, the categories, the reported yearly counts: 3); incidents per month; the categories
# again (the chart keeps its own); the facilities recap; the latest DIPA year (its lines are one
# more where a year exists: none here); hotspots (counts by area, then the areas: 2); the latest
# open warnings and cases (2); the reported competency recaps; the facility codes; the
# completeness panel of the month (scheduled and done, areas assigned and visited, visits on
# time and late, the units' periods: 4, dashboard/completeness.py); the unit picker's units
# above the page's unit.
OVERVIEW_QUERIES = 27
# A Polsek's drill-down, 34: the overview's 27, with the unit's lookup after the user, its
# officers' completeness (the officers, their schedule, their assigned and visited areas, their
# visits on time and late: 4) after the units' panel, and its areas table, a page of it (the
# number of areas, then the page's areas with their last visit and their sums) before the unit
# picker.
UNIT_QUERIES = 34
# An area with ?period=, 15: session, user; the area (+unit, region); its figures, each the
# count its list shows (visits in the period, incidents in the hotspot months, open warnings,
# open cases: 4); visits per month (the chart); its active assignments (+officer); the latest
# visits of the period, open warnings, open cases and incidents of the months; community
# figures; security posts.
AREA_QUERIES = 15
# An officer with ?period=, 12: session, user; the officer (+unit); its figures (visits in the
# period, open warnings, open cases: 3); visits per month (the chart); other-duty hours by kind;
# active assignments (+area); training (+course); assessments; the latest other duties.
OFFICER_QUERIES = 12


def busy_area(unit, visits):
    """An area with a primary officer, `visits` visits in November 2022, a schedule entry,
    an incident, an open warning and an open case."""
    assignment = AssignmentFactory(officer=OfficerFactory(unit=unit), area__unit=unit)
    officer, area = assignment.officer, assignment.area
    for n in range(visits):
        VisitFactory(officer=officer, area=area, occurred_at=at(datetime.date(2022, 11, 1 + n)))
    VisitSchedule.objects.create(officer=officer, area=area, planned_on=datetime.date(2022, 11, 1))
    IncidentFactory(unit=unit, area=area, occurred_on=datetime.date(2022, 11, 3))
    warning(officer, area)
    case(officer, area)
    return area, officer


def test_the_overview_costs_the_same_with_2_and_8_polsek(
    login, kasat, polsek_a, polsek_b, django_assert_num_queries
):
    client = login(kasat)
    url = f"{reverse('dashboard:overview')}?{NOV_2022}"
    for unit in (polsek_a, polsek_b):
        busy_area(unit, visits=1)
    # OVERVIEW_QUERIES, named above.
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert client.get(url).status_code == 200
    for n in range(6):
        unit = PoliceUnitFactory(code=f"POLSEK-X{n}")
        for _ in range(3):
            busy_area(unit, visits=5)
    # The same with 8 Polsek of three busy areas each.
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert client.get(url).status_code == 200


def test_the_overview_without_a_period_costs_one_more_query(
    login, kasat, polsek_a, django_assert_num_queries
):
    client = login(kasat)
    busy_area(polsek_a, visits=1)
    # OVERVIEW_QUERIES and the latest month with visits, for the default period.
    with django_assert_num_queries(OVERVIEW_QUERIES + 1):
        assert client.get(reverse("dashboard:overview")).status_code == 200


def test_a_polsek_drill_down_costs_the_same_with_few_and_many_areas_and_visits(
    login, kasat, polsek_a, django_assert_num_queries
):
    client = login(kasat)
    url = f"{reverse('dashboard:unit', args=[polsek_a.code])}?{NOV_2022}"
    busy_area(polsek_a, visits=1)
    # UNIT_QUERIES, named above.
    with django_assert_num_queries(UNIT_QUERIES):
        assert client.get(url).status_code == 200
    for _ in range(6):
        busy_area(polsek_a, visits=8)
    # The same with seven busy areas.
    with django_assert_num_queries(UNIT_QUERIES):
        assert client.get(url).status_code == 200


def test_the_area_page_costs_the_same_with_few_and_many_visits(
    login, kasat, polsek_a, django_assert_num_queries
):
    client = login(kasat)
    area, officer = busy_area(polsek_a, visits=1)
    url = f"{reverse('dashboard:area', args=[area.pk])}?{NOV_2022}"
    # AREA_QUERIES, named above.
    with django_assert_num_queries(AREA_QUERIES):
        assert client.get(url).status_code == 200
    for n in range(20):
        VisitFactory(officer=officer, area=area, occurred_at=at(datetime.date(2022, 10, 1 + n)))
        IncidentFactory(unit=polsek_a, area=area, occurred_on=datetime.date(2022, 9, 1 + n))
        warning(officer, area)
    # The same with 21 visits, 21 incidents and 21 open warnings.
    with django_assert_num_queries(AREA_QUERIES):
        assert client.get(url).status_code == 200


def test_the_officer_page_costs_the_same_with_few_and_many_visits(
    login, kasat, polsek_a, django_assert_num_queries
):
    client = login(kasat)
    area, officer = busy_area(polsek_a, visits=1)
    url = f"{reverse('dashboard:officer', args=[officer.pk])}?{NOV_2022}"
    # OFFICER_QUERIES, named above.
    with django_assert_num_queries(OFFICER_QUERIES):
        assert client.get(url).status_code == 200
    for n in range(20):
        VisitFactory(officer=officer, area=area, occurred_at=at(datetime.date(2022, 10, 1 + n)))
    # The same with 21 visits.
    with django_assert_num_queries(OFFICER_QUERIES):
        assert client.get(url).status_code == 200


def test_the_list_of_areas_without_an_officer_costs_the_same_for_2_and_20_areas(
    login, kasat, polsek_a, polsek_b, django_assert_num_queries
):
    client = login(kasat)
    url = f"{reverse('dashboard:unstaffed')}?unit=POLSEK-A"
    AssistedAreaFactory.create_batch(2, unit=polsek_a)
    busy_area(polsek_a, visits=1)
    # 5: session, user; the unit; the count of areas without a primary officer; the page of
    # them (+unit, region).
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    AssistedAreaFactory.create_batch(18, unit=polsek_a)
    # The same 5 with 20 areas without an officer.
    with django_assert_num_queries(5):
        response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["page"]) == 20


def test_a_unit_page_lists_its_areas_a_page_at_a_time_for_the_same_queries(
    login, kasat, polsek_a, django_assert_num_queries, monkeypatch
):
    from dashboard import views

    monkeypatch.setattr(views, "AREA_ROWS", 3)
    client = login(kasat)
    url = f"{reverse('dashboard:unit', args=[polsek_a.code])}?{NOV_2022}"
    busy, _officer = busy_area(polsek_a, visits=1)
    names = [AssistedAreaFactory(unit=polsek_a, name=f"Desa P{n}").name for n in range(6)]
    names = sorted([busy.name, *names])
    shown = []
    for page in (1, 2, 3):
        # UNIT_QUERIES on every page, named above.
        with django_assert_num_queries(UNIT_QUERIES):
            response = client.get(f"{url}&page={page}")
            assert response.status_code == 200
        rows = [area.name for area in response.context["area_rows"]]
        assert len(rows) == (3 if page < 3 else 1)
        shown += rows
    assert shown == names
    assert "page=2" in response.content.decode()  # the last page links back
