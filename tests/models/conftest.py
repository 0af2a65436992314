"""One row of every unit-scoped model in Polsek A and in Polsek B, for the scoping tests."""

import datetime

import pytest
from django.utils import timezone

from bhabin.models import (
    Activity,
    AreaMonth,
    AreaOpenItems,
    CommunityFigure,
    EarlyWarning,
    ProblemCase,
    ReviewEvent,
    SecurityPost,
    StrengthRecap,
    VisitSchedule,
)
from budget.models import BudgetLine, Facility, FacilityType, Realisation
from conflicts.models import InvolvedPerson, Involvement, UnitIncidentMonth, YearlyConflictCount
from motul.models import MotulPlan, MotulPlanStep, MotulStep
from personnel.models import (
    CalendarFeed,
    CompetencyAssessment,
    CompetencyRecap,
    Course,
    OtherDuty,
    TrainingRecord,
)
from tests.factories import IncidentFactory, VisitFactory

DAY = datetime.date(2022, 6, 1)


def unit_rows(user, area, suffix):
    """Every model's row owned by the unit of `user` (an officer assigned to `area`)."""
    unit, officer = user.unit, user.officer
    plan = MotulPlan.objects.create(unit=unit, title=f"Rencana {suffix}", planned_on=DAY)
    incident = IncidentFactory(unit=unit, area=area)
    person = InvolvedPerson.objects.create(name=f"Orang {suffix}")
    line = BudgetLine.objects.create(
        unit=unit, fiscal_year=2022, code=f"B-{suffix}", name="Bimkamsa", pagu=1_000_000
    )
    rows = {
        "PoliceUnit": unit,
        "AssistedArea": area,
        "StrengthRecap": StrengthRecap.objects.create(unit=unit, areas=1, officers=1),
        "CommunityFigure": CommunityFigure.objects.create(
            area=area, name=f"Tokoh {suffix}", role="community"
        ),
        "SecurityPost": SecurityPost.objects.create(area=area, name=f"Pos {suffix}"),
        "Assignment": officer.assignments.get(),
        "Visit": VisitFactory(officer=officer, area=area),
        "EarlyWarning": EarlyWarning.objects.create(
            officer=officer,
            area=area,
            reported_at=timezone.now(),
            field="security",
            reliability="B",
            summary="Rencana tawuran pelajar",
        ),
        "ProblemCase": ProblemCase.objects.create(
            officer=officer,
            area=area,
            opened_on=DAY,
            title=f"Sengketa batas {suffix}",
            parties="Warga RT 01 dan RT 02",
            description="Sengketa batas tanah",
            method="mediation",
        ),
        "VisitSchedule": VisitSchedule.objects.create(officer=officer, area=area, planned_on=DAY),
        "MotulPlan": plan,
        "MotulPlanStep": MotulPlanStep.objects.create(plan=plan, step=MotulStep.objects.first()),
        "Officer": officer,
        "CalendarFeed": CalendarFeed.objects.create(officer=officer, token_hash=suffix * 64),
        "TrainingRecord": TrainingRecord.objects.create(
            officer=officer, course=Course.objects.first()
        ),
        "CompetencyAssessment": CompetencyAssessment.objects.create(
            officer=officer, competency="leadership", assessed_on=DAY, score=4
        ),
        "OtherDuty": OtherDuty.objects.create(
            officer=officer, kind="mako_guard", date=DAY, hours=8
        ),
        "CompetencyRecap": CompetencyRecap.objects.create(
            unit=unit,
            as_of=DAY,
            officers=1,
            sma=1,
            s1=0,
            dikbangspes_done=0,
            dikbangspes_not_yet=1,
            training_done=1,
            training_not_yet=0,
        ),
        "User": user,
        "Incident": incident,
        "InvolvedPerson": person,
        "Involvement": Involvement.objects.create(
            incident=incident, person=person, role="perpetrator"
        ),
        "YearlyConflictCount": YearlyConflictCount.objects.create(unit=unit, year=2022, count=1),
        "BudgetLine": line,
        "Realisation": Realisation.objects.create(line=line, month=1, amount=100_000),
        "Facility": Facility.objects.create(unit=unit, facility_type=FacilityType.objects.first()),
    }
    rows["ReviewEvent"] = ReviewEvent.objects.create(visit=rows["Visit"], action="submitted")
    rows["AreaMonth"] = AreaMonth.objects.create(
        area=area,
        month=datetime.date(2000, 1, 1),
        visits=1,
        households_visited=0,
        people_met=0,
        follow_ups_needed=0,
        last_visit_at=timezone.now(),
    )
    rows["AreaOpenItems"] = AreaOpenItems.objects.update_or_create(
        area=area, defaults={"warnings": 1, "cases": 0}
    )[0]
    rows["UnitIncidentMonth"] = UnitIncidentMonth.objects.create(
        unit=unit, month=datetime.date(2000, 1, 1), category=incident.category, incidents=1
    )
    assert Activity.objects.exists(), "the visit factory needs the reference activities"
    return rows


@pytest.fixture
def rows_a(alice, area_a1):
    return unit_rows(alice, area_a1, "A")


@pytest.fixture
def rows_b(bob, area_b1):
    return unit_rows(bob, area_b1, "B")
