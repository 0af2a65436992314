"""Factories for the recap tests: budget, facilities, training and the figures units report."""

import datetime

import factory

from budget.models import BudgetLine, Facility, FacilityType, Realisation
from conflicts.models import YearlyConflictCount
from personnel.models import CompetencyRecap, Course, TrainingRecord
from tests.factories import OfficerFactory, PoliceUnitFactory


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    officer = factory.SubFactory(OfficerFactory)
    course = factory.LazyFunction(lambda: Course.objects.filter(kind=Course.Kind.TRAINING).first())
    completed_on = datetime.date(2021, 6, 1)


class CompetencyRecapFactory(factory.django.DjangoModelFactory):
    """A reported recap of one officer who has SMA, dikbangspes and training done."""

    class Meta:
        model = CompetencyRecap

    unit = factory.SubFactory(PoliceUnitFactory)
    as_of = datetime.date(2022, 12, 1)
    officers = 1
    sma = 1
    s1 = 0
    dikbangspes_done = 1
    dikbangspes_not_yet = 0
    training_done = 1
    training_not_yet = 0


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    unit = factory.SubFactory(PoliceUnitFactory)
    facility_type = factory.LazyFunction(
        lambda: FacilityType.objects.order_by("sort_order").first()
    )
    condition = Facility.Condition.GOOD
    quantity = 1


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    unit = factory.SubFactory(PoliceUnitFactory)
    fiscal_year = 2021
    code = factory.Sequence(lambda n: f"LINE-{n:03d}")
    name = factory.Sequence(lambda n: f"Anggaran {n}")
    pagu = 10_000_000


class RealisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Realisation

    line = factory.SubFactory(BudgetLineFactory)
    month = 1
    amount = 1_000_000


class YearlyConflictCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyConflictCount

    unit = factory.SubFactory(PoliceUnitFactory)
    year = 2022
    count = 1
