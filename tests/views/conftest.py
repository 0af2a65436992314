"""Extra personas and rows for the view tests, on top of tests/conftest.py.

carol is a second officer of Polsek A (area_a2), so that "an officer sees only their own visits"
is tested against a colleague in the same Polsek. Each officer has one visit; each Polsek has one
incident.
"""

import datetime

import pytest
from django.utils import timezone

from personnel.models import User
from tests.factories import (
    AssignmentFactory,
    AssistedAreaFactory,
    IncidentFactory,
    OfficerFactory,
    UserFactory,
    VisitFactory,
)


@pytest.fixture
def area_a2(polsek_a):
    return AssistedAreaFactory(unit=polsek_a, name="Desa A2")


@pytest.fixture
def carol(polsek_a, area_a2):
    """A second officer of Polsek A, assigned to area_a2."""
    officer = OfficerFactory(unit=polsek_a, name="Carol")
    AssignmentFactory(officer=officer, area=area_a2)
    return UserFactory(username="carol", role=User.Role.OFFICER, unit=polsek_a, officer=officer)


@pytest.fixture
def visit_alice(alice, area_a1):
    return VisitFactory(officer=alice.officer, area=area_a1, narrative="Sambang Alice di Desa A1")


@pytest.fixture
def visit_carol(carol, area_a2):
    return VisitFactory(officer=carol.officer, area=area_a2, narrative="Sambang Carol di Desa A2")


@pytest.fixture
def visit_bob(bob, area_b1):
    return VisitFactory(officer=bob.officer, area=area_b1, narrative="Sambang Bob di Desa B1")


@pytest.fixture
def incident_a(polsek_a, area_a1):
    return IncidentFactory(
        unit=polsek_a, area=area_a1, place="Lapangan Desa A1", occurred_on=timezone.localdate()
    )


@pytest.fixture
def incident_b(polsek_b, area_b1):
    return IncidentFactory(
        unit=polsek_b, area=area_b1, place="Pasar Desa B1", occurred_on=datetime.date(2021, 3, 4)
    )


@pytest.fixture
def world(visit_alice, visit_carol, visit_bob, incident_a, incident_b):
    """Both Polseks with their officers, visits and incidents."""
