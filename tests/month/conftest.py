"""Fixtures of the month-ladder tests: a closed month before this one, the signers of Polres P.

The personas of tests/conftest.py, plus leadership of the Polres, a Kasat of another Polres and
a Kapolsek of a Polsek there. `approve(unit, user)` walks one rung for a test.
"""

import pytest
from django.utils import timezone

from monthly.approval import month_approve
from org.periods import shift_month
from personnel.models import User
from tests.factories import OfficerFactory, PoliceUnitFactory, UserFactory


@pytest.fixture
def month():
    """Last month: every report of it is in the past, and it is the month a ladder closes."""
    return shift_month(timezone.localdate().replace(day=1), -1)


@pytest.fixture
def leader(polres):
    return UserFactory(username="pimpinan", role=User.Role.LEADERSHIP, unit=polres)


@pytest.fixture
def other_polres(db):
    polda = PoliceUnitFactory(code="TEST-POLDA", level="polda", parent=None)
    return PoliceUnitFactory(code="POLRES-Q", name="Polres Q", level="polres", parent=polda)


@pytest.fixture
def other_kasat(other_polres):
    return UserFactory(username="kasat_q", role=User.Role.KASAT_BINMAS, unit=other_polres)


@pytest.fixture
def approve(month):
    def _approve(unit, user, **kwargs):
        return month_approve(unit=unit, month=month, actor=user, **kwargs)

    return _approve


def user_with(role, unit):
    """A user of a role in a unit (an officer with their officer record)."""
    officer = OfficerFactory(unit=unit) if role == User.Role.OFFICER else None
    return UserFactory(role=role, unit=unit, officer=officer)
