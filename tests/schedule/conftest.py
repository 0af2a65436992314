"""Personas and places for the schedule tests, on top of tests/conftest.py.

Polsek A has alice (area_a1, low vulnerability) and carol (area_a2, high vulnerability, and
area_a3, medium); area_a4 has no primary officer. Polsek B has bob (area_b1). The personnel
migrations load the public holidays, so May 2022 has Idul Fitri and cuti bersama.
"""

import datetime

import pytest
from django.utils import timezone

from bhabin.models import AssistedArea, VisitSchedule
from personnel.models import User
from tests.factories import (
    AssignmentFactory,
    AssistedAreaFactory,
    OfficerFactory,
    UserFactory,
    VisitFactory,
)

HIGH = AssistedArea.KakerdaLevel.HIGH
MEDIUM = AssistedArea.KakerdaLevel.MEDIUM


@pytest.fixture
def area_a2(polsek_a):
    return AssistedAreaFactory(unit=polsek_a, name="Desa A2", kakerda_level=HIGH)


@pytest.fixture
def area_a3(polsek_a):
    return AssistedAreaFactory(unit=polsek_a, name="Desa A3", kakerda_level=MEDIUM)


@pytest.fixture
def area_a4(polsek_a):
    """An area of Polsek A without a primary officer."""
    return AssistedAreaFactory(unit=polsek_a, name="Desa A4")


@pytest.fixture
def carol(polsek_a, area_a2, area_a3):
    """A second officer of Polsek A, with a high- and a medium-vulnerability area."""
    officer = OfficerFactory(unit=polsek_a, name="Carol")
    AssignmentFactory(officer=officer, area=area_a2)
    AssignmentFactory(officer=officer, area=area_a3)
    return UserFactory(username="carol", role=User.Role.OFFICER, unit=polsek_a, officer=officer)


@pytest.fixture
def polsek_a_staffed(alice, carol, area_a4):
    """Polsek A with its officers and its unstaffed area."""


def schedule(officer, area, day, **extra):
    return VisitSchedule.objects.create(officer=officer, area=area, planned_on=day, **extra)


def visit_on(officer, area, day, hour=10):
    """A visit at a local hour of a day."""
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return VisitFactory(officer=officer, area=area, occurred_at=when)
