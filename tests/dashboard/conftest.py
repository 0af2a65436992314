"""A small Polres for the dashboard tests, on top of tests/conftest.py's personas.

Polsek A: area_a1 (alice, primary), area_a2 (no officer). Polsek B: area_b1 (bob).
November 2022: alice visits area_a1 twice (one of them on a scheduled day, the other schedule
missed), bob visits area_b1 once. Incidents: two in area_a1 in November 2022, one in October
2022, one in November 2021; one in area_b1 in November 2022. Polsek A has an open early warning
and an open case in area_a1, and a closed warning.
"""

import datetime

import pytest
from django.utils import timezone

from bhabin.models import EarlyWarning, VisitSchedule
from personnel.models import OtherDuty
from tests.factories import (
    AssistedAreaFactory,
    EarlyWarningFactory,
    IncidentFactory,
    ProblemCaseFactory,
    VisitFactory,
)


def at(day, hour=10):
    """An aware local datetime on a date."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def warning(officer, area, **kwargs):
    return EarlyWarningFactory(
        officer=officer,
        area=area,
        reported_at=kwargs.pop("reported_at", at(datetime.date(2022, 11, 3))),
        summary=kwargs.pop("summary", "Rencana tawuran antar pemuda"),
        **kwargs,
    )


def case(officer, area, **kwargs):
    return ProblemCaseFactory(
        officer=officer,
        area=area,
        opened_on=datetime.date(2022, 11, 5),
        title=kwargs.pop("title", "Sengketa batas tanah"),
        parties="Warga RT 01 dan RT 02",
        description="Mediasi",
        **kwargs,
    )


@pytest.fixture
def area_a2(polsek_a):
    return AssistedAreaFactory(unit=polsek_a, name="Desa A2", population=3000)


@pytest.fixture
def dash_world(alice, bob, area_a1, area_a2, area_b1, polsek_a, polsek_b):
    """The rows the module docstring describes."""
    nov = datetime.date(2022, 11, 10)
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(nov))
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(datetime.date(2022, 11, 20)))
    VisitFactory(officer=bob.officer, area=area_b1, occurred_at=at(datetime.date(2022, 11, 2)))
    VisitSchedule.objects.create(officer=alice.officer, area=area_a1, planned_on=nov)
    VisitSchedule.objects.create(
        officer=alice.officer, area=area_a1, planned_on=datetime.date(2022, 11, 25)
    )
    for day in (datetime.date(2022, 11, 1), datetime.date(2022, 11, 15)):
        IncidentFactory(unit=polsek_a, area=area_a1, occurred_on=day)
    IncidentFactory(unit=polsek_a, area=area_a1, occurred_on=datetime.date(2022, 10, 4))
    IncidentFactory(unit=polsek_a, area=area_a1, occurred_on=datetime.date(2021, 11, 4))
    IncidentFactory(unit=polsek_b, area=area_b1, occurred_on=datetime.date(2022, 11, 8))
    warning(alice.officer, area_a1, summary="Isu provokasi di grup WhatsApp warga")
    warning(alice.officer, area_a1, state=EarlyWarning.State.CLOSED, summary="Sudah selesai")
    case(alice.officer, area_a1, title="Sengketa parkir pasar")
    OtherDuty.objects.create(
        officer=alice.officer, kind=OtherDuty.Kind.SABHARA_PATROL, date=nov, hours=6
    )
