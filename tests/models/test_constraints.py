"""The database itself refuses data that breaks the rules, whatever wrote it."""

import datetime

import pytest
from django.db import DataError, IntegrityError, transaction

from bhabin.models import Assignment
from personnel.models import CompetencyAssessment
from tests.factories import (
    AssignmentFactory,
    AssistedAreaFactory,
    IncidentFactory,
    OfficerFactory,
    VisitFactory,
)

# NRP


def test_it_rejects_a_duplicate_nrp(polsek_a):
    OfficerFactory(nrp="81010001", unit=polsek_a)

    with pytest.raises(IntegrityError), transaction.atomic():
        OfficerFactory(nrp="81010001", unit=polsek_a)


@pytest.mark.parametrize("nrp", ["8101000", "810100012", "8101000A", "", "8101 001"])
def test_it_rejects_an_nrp_that_is_not_8_digits(polsek_a, nrp):
    # PostgreSQL refuses a 9th character as too long for the column (DataError) before the
    # check constraint runs; SQLite has no length limit and the constraint refuses it.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        OfficerFactory(nrp=nrp, unit=polsek_a)


def test_it_accepts_an_nrp_of_8_digits(polsek_a):
    assert OfficerFactory(nrp="00000001", unit=polsek_a).pk is not None


# One active primary officer per area


def test_it_rejects_a_second_active_primary_officer_for_an_area(alice, area_a1, polsek_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(officer=OfficerFactory(unit=polsek_a), area=area_a1)


def test_it_accepts_a_new_primary_officer_once_the_old_assignment_has_ended(
    alice, area_a1, polsek_a
):
    alice.officer.assignments.update(end_date=datetime.date(2022, 12, 31))

    successor = AssignmentFactory(
        officer=OfficerFactory(unit=polsek_a), area=area_a1, start_date=datetime.date(2023, 1, 1)
    )

    assert successor.pk is not None
    assert area_a1.assignments.count() == 2


def test_it_accepts_a_second_officer_in_an_additional_role(alice, area_a1, polsek_a):
    helper = AssignmentFactory(
        officer=OfficerFactory(unit=polsek_a), area=area_a1, role=Assignment.Role.ADDITIONAL
    )

    assert helper.pk is not None


def test_it_rejects_an_assignment_that_ends_before_it_starts(polsek_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(
            officer=OfficerFactory(unit=polsek_a),
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2022, 12, 31),
        )


def test_it_accepts_an_assignment_of_a_single_day(polsek_a):
    day = datetime.date(2023, 1, 1)

    assignment = AssignmentFactory(
        officer=OfficerFactory(unit=polsek_a), start_date=day, end_date=day
    )

    assert assignment.pk is not None


# Counts are never negative


@pytest.mark.parametrize("field", ["households_visited", "people_met"])
def test_it_rejects_a_visit_with_a_negative_count(alice, area_a1, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(officer=alice.officer, area=area_a1, **{field: -1})


def test_it_rejects_an_area_with_a_negative_population(polsek_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssistedAreaFactory(unit=polsek_a, population=-1)


def test_it_rejects_an_incident_with_negative_injuries(polsek_a):
    # The database's own rule, past the service (which refuses it before, on the form).
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentFactory.build(unit=polsek_a, injuries=-1).save()


def test_it_accepts_zero_counts_and_unknown_injuries(alice, area_a1, polsek_a):
    visit = VisitFactory(officer=alice.officer, area=area_a1, households_visited=0, people_met=0)
    incident = IncidentFactory(unit=polsek_a, injuries=None)

    assert visit.pk is not None
    assert incident.pk is not None


# Competency scores run from 1 to 5


@pytest.mark.parametrize("score", [0, 6])
def test_it_rejects_a_competency_score_outside_1_to_5(alice, score):
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetencyAssessment.objects.create(
            officer=alice.officer,
            competency="leadership",
            assessed_on=datetime.date(2022, 6, 1),
            score=score,
        )


def test_it_accepts_every_competency_score_from_1_to_5(alice):
    for score in range(1, 6):
        CompetencyAssessment.objects.create(
            officer=alice.officer,
            competency="leadership",
            assessed_on=datetime.date(2022, 6, score),
            score=score,
        )

    assert alice.officer.competency_assessments.count() == 5
