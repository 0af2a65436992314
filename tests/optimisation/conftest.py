"""Small worlds for the optimisation tests, built on the shared personas (tests/conftest.py)."""

import datetime

from django.utils import timezone

from bhabin.models import EarlyWarning
from conflicts.models import InvolvedPerson, Involvement
from tests.factories import AssignmentFactory, IncidentFactory, OfficerFactory, VisitFactory

AS_OF = datetime.date(2022, 11, 30)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def posted(area, **kwargs):
    """An officer of the area's unit posted to it."""
    officer = OfficerFactory(unit=area.unit, **kwargs)
    AssignmentFactory(officer=officer, area=area)
    return officer


def incident(area, day, **kwargs):
    return IncidentFactory(unit=area.unit, area=area, occurred_on=day, **kwargs)


def warning(area, officer, day, state=EarlyWarning.State.OPEN):
    return EarlyWarning.objects.create(
        officer=officer,
        area=area,
        reported_at=at(day),
        field=EarlyWarning.Field.SECURITY,
        reliability="B",
        summary="Ada potensi bentrok antarkelompok pemuda.",
        state=state,
    )


def involve(person_name, *incidents):
    person = InvolvedPerson.objects.create(name=person_name)
    for item in incidents:
        Involvement.objects.create(incident=item, person=person, role=Involvement.Role.PERPETRATOR)
    return person


def visit(officer, area, day):
    return VisitFactory(officer=officer, area=area, occurred_at=at(day))
