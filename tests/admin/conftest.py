"""Admin personas and data: operator_b of Polsek B, a superuser, and a little of every model."""

import datetime

import pytest

from bhabin.models import (
    Activity,
    CommunityFigure,
    ReviewEvent,
    SecurityPost,
    StrengthRecap,
    VisitSchedule,
)
from budget.models import BudgetLine, Facility, FacilityType, Realisation
from conflicts.models import InvolvedPerson, Involvement, YearlyConflictCount
from monthly.approval import month_approve
from motul.models import MotulPlan, MotulPlanStep, MotulStep
from org.models import Region
from personnel.models import (
    CalendarFeed,
    CompetencyAssessment,
    CompetencyRecap,
    Course,
    OtherDuty,
    TrainingRecord,
    User,
)
from tests.factories import (
    EarlyWarningFactory,
    IncidentFactory,
    OfficerFactory,
    ProblemCaseFactory,
    UserFactory,
    VisitFactory,
)


@pytest.fixture
def operator_b(polsek_b):
    return UserFactory(username="operator_b", role=User.Role.OPERATOR, unit=polsek_b)


@pytest.fixture
def admin_a(polsek_a):
    """The administrator role, scoped to Polsek A."""
    return UserFactory(username="admin_a", role=User.Role.ADMIN, unit=polsek_a)


@pytest.fixture
def superuser(db):
    return UserFactory(
        username="root", role=User.Role.ADMIN, unit=None, is_superuser=True, is_staff=True
    )


@pytest.fixture
def officer_b(polsek_b):
    return OfficerFactory(unit=polsek_b, name="Budi")


@pytest.fixture
def visit_b(officer_b, area_b1):
    return VisitFactory(officer=officer_b, area=area_b1)


@pytest.fixture
def incident_b(polsek_b):
    return IncidentFactory(unit=polsek_b, place="Pasar B")


@pytest.fixture
def a_little_of_everything(alice, area_a1, polsek_a):
    """One row of every model that has no factory, all in Polsek A."""
    officer = alice.officer
    activity = Activity.objects.first()
    today = datetime.date(2022, 6, 1)
    kabupaten = Region.objects.get_or_create(
        code="32.16", defaults={"name": "Kabupaten Bekasi", "level": "kabupaten"}
    )[0]
    Region.objects.get_or_create(
        code="32.16.01", defaults={"name": "Setu", "level": "kecamatan", "parent": kabupaten}
    )
    StrengthRecap.objects.create(unit=polsek_a, areas=19, officers=17)
    CommunityFigure.objects.create(area=area_a1, name="Ustaz Ahmad", role="religious")
    SecurityPost.objects.create(area=area_a1, name="Pos RW 01")
    visit = VisitFactory(officer=officer, area=area_a1)
    ReviewEvent.objects.create(visit=visit, action="submitted")
    EarlyWarningFactory(officer=officer, area=area_a1, summary="Rencana tawuran pelajar")
    ProblemCaseFactory(officer=officer, area=area_a1, opened_on=today)
    VisitSchedule.objects.create(officer=officer, area=area_a1, planned_on=today, activity=activity)
    CalendarFeed.objects.create(officer=officer, token_hash="a" * 64)
    plan = MotulPlan.objects.create(unit=polsek_a, title="Sambang serentak", planned_on=today)
    plan.areas.add(area_a1)
    MotulPlanStep.objects.create(plan=plan, step=MotulStep.objects.first(), content="Data wilayah")
    course = Course.objects.first()
    TrainingRecord.objects.create(officer=officer, course=course, completed_on=today)
    CompetencyAssessment.objects.create(
        officer=officer, competency="early_detection", assessed_on=today, score=4
    )
    OtherDuty.objects.create(officer=officer, kind="sabhara_patrol", date=today, hours=4)
    CompetencyRecap.objects.create(
        unit=polsek_a,
        as_of=today,
        officers=1,
        sma=1,
        s1=0,
        dikbangspes_done=0,
        dikbangspes_not_yet=1,
        training_done=1,
        training_not_yet=0,
    )
    incident = IncidentFactory(unit=polsek_a, area=area_a1)
    person = InvolvedPerson.objects.create(name="Fulan")
    Involvement.objects.create(incident=incident, person=person, role="perpetrator")
    YearlyConflictCount.objects.create(unit=polsek_a, year=2022, count=23)
    line = BudgetLine.objects.create(
        unit=polsek_a, fiscal_year=2021, code="BIMKAMSA", name="Bimkamsa", pagu=47_360_000
    )
    Realisation.objects.create(line=line, month=1, amount=1_000_000)
    Facility.objects.create(unit=polsek_a, facility_type=FacilityType.objects.first(), quantity=53)
    # The month ladder: a month of Polsek A approved by its Kapolsek (a month with no rows, so
    # that the rows above stay editable for the admin pages' tests).
    kapolsek = UserFactory(role="kapolsek", unit=polsek_a)
    month_approve(unit=polsek_a, month=datetime.date(2021, 1, 1), actor=kapolsek, comment="Ok.")
