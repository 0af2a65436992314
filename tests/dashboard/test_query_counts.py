"""The dashboard pages issue a fixed number of queries, whatever the number of units and rows.

Every figure is an aggregate query over the units of the page (no query per unit or area), so
the count with 2 Polsek and a few visits equals the count with 8 Polsek and many visits.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bhabin.models import VisitSchedule
from tests.dashboard.conftest import at, case, warning
from tests.factories import (
    AssignmentFactory,
    IncidentFactory,
    OfficerFactory,
    PoliceUnitFactory,
    VisitFactory,
)

NOV_2022 = "period=2022-11"

# Every page starts with the same 2 queries for the Kasat: the session and the user (with its
# unit); the user's scope is the unit's tree path, so it costs no query of its own.
#
# The overview of a Polres with ?period= (the default period costs 1 more: the latest month
# with visits): recap_units 1; per area in one pass (active areas, those without a primary
# officer, population and km², open warnings and cases) 1; the roster per unit (officers, and
# the competency table) 1; coverage 1; schedule 1; other-duty hours 1; incidents per unit and
# category, with the previous period and a year earlier, 1 (the monthly totals; a period of
# partial months 1 more); Table 1 (counts, categories, reported counts) 3; per month 1;
# categories 1 (again: the recap keeps its own); the reported competency recaps 1; facilities
# recap 1 (its officers are the roster's) and the facility codes 1; DIPA recap (latest year, and
# lines if any) 1-2; hotspots 2 (counts by area, then the areas); latest open warnings and
# cases 2; the unit picker's units above the page's unit 1.
OVERVIEW_QUERIES = 23
# A Polsek's drill-down: the unit lookup and its areas table on top of the overview's queries.
UNIT_QUERIES = 25
# An area: area, officers, community figures, posts, recent visits, visits per month,
# incidents, open warnings, open cases.
AREA_QUERIES = 11
# An officer: officer, areas, visits per month, training, assessments, duty hours by kind,
# latest duties.
OFFICER_QUERIES = 9


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


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


def test_the_overview_costs_the_same_with_2_and_8_polsek(login, kasat, polsek_a, polsek_b):
    client = login(kasat)
    url = f"{reverse('dashboard:overview')}?{NOV_2022}"
    for unit in (polsek_a, polsek_b):
        busy_area(unit, visits=1)
    with_2 = queries_for(client, url)

    for n in range(6):
        unit = PoliceUnitFactory(code=f"POLSEK-X{n}")
        for _ in range(3):
            busy_area(unit, visits=5)
    with_8 = queries_for(client, url)

    assert with_8 == with_2
    assert with_2 == OVERVIEW_QUERIES


def test_the_overview_without_a_period_costs_one_more_query(login, kasat, polsek_a):
    # The default period needs the latest month with visits; nothing else changes.
    client = login(kasat)
    busy_area(polsek_a, visits=1)
    assert (
        queries_for(client, reverse("dashboard:overview"))
        == queries_for(client, f"{reverse('dashboard:overview')}?{NOV_2022}") + 1
    )


def test_a_polsek_drill_down_costs_the_same_with_few_and_many_areas_and_visits(
    login, kasat, polsek_a
):
    client = login(kasat)
    url = f"{reverse('dashboard:unit', args=[polsek_a.code])}?{NOV_2022}"
    busy_area(polsek_a, visits=1)
    few = queries_for(client, url)

    for _ in range(6):
        busy_area(polsek_a, visits=8)
    many = queries_for(client, url)

    assert many == few
    assert few == UNIT_QUERIES


def test_the_area_page_costs_the_same_with_few_and_many_visits(login, kasat, polsek_a):
    client = login(kasat)
    area, officer = busy_area(polsek_a, visits=1)
    url = f"{reverse('dashboard:area', args=[area.pk])}?{NOV_2022}"
    few = queries_for(client, url)

    for n in range(20):
        VisitFactory(officer=officer, area=area, occurred_at=at(datetime.date(2022, 10, 1 + n)))
        IncidentFactory(unit=polsek_a, area=area, occurred_on=datetime.date(2022, 9, 1 + n))
        warning(officer, area)
    many = queries_for(client, url)

    assert many == few
    assert few == AREA_QUERIES


def test_the_officer_page_costs_the_same_with_few_and_many_visits(login, kasat, polsek_a):
    client = login(kasat)
    area, officer = busy_area(polsek_a, visits=1)
    url = f"{reverse('dashboard:officer', args=[officer.pk])}?{NOV_2022}"
    few = queries_for(client, url)

    for n in range(20):
        VisitFactory(officer=officer, area=area, occurred_at=at(datetime.date(2022, 10, 1 + n)))
    many = queries_for(client, url)

    assert many == few
    assert few == OFFICER_QUERIES
