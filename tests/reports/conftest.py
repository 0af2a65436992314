"""A small tree for the recap tests: Polres P (with its own officers) above Polsek A and Polsek B.

              areas (active)   Bhabin   education         dikbangspes   training
Polres P      2                2        SMA, S1           1 done        2 done
Polsek A      3 (+1 inactive)  2 (+1 inactive, +1 kapolsek)
                                        SMA, D3           1 done        1 done
Polsek B      1                2        SMA, S2           0 done        0 done
"""

import datetime

import pytest

from budget.models import Facility, FacilityType
from conflicts.models import ConflictCategory
from personnel.models import Course, Officer
from tests.factories import AssistedAreaFactory, IncidentFactory, OfficerFactory
from tests.reports.factories import (
    BudgetLineFactory,
    CompetencyRecapFactory,
    FacilityFactory,
    RealisationFactory,
    TrainingRecordFactory,
    YearlyConflictCountFactory,
)

SMA, D3, S1, S2 = (
    Officer.Education.SMA,
    Officer.Education.D3,
    Officer.Education.S1,
    Officer.Education.S2,
)


def bhabin(unit, education=SMA, *, dikbangspes=False, trained=False, **kwargs):
    officer = OfficerFactory(unit=unit, education=education, dikbangspes_done=dikbangspes, **kwargs)
    if trained:
        TrainingRecordFactory(officer=officer)
    return officer


def facility_type(code):
    return FacilityType.objects.get(code=code)


def category(code):
    return ConflictCategory.objects.get(code=code)


@pytest.fixture
def recap_data(polres, polsek_a, polsek_b):
    """The small tree above, with facilities, DIPA lines and incidents."""
    AssistedAreaFactory.create_batch(2, unit=polres)
    bhabin(polres, SMA, dikbangspes=True, trained=True)
    bhabin(polres, S1, trained=True)

    AssistedAreaFactory.create_batch(3, unit=polsek_a)
    AssistedAreaFactory(unit=polsek_a, is_active=False)
    bhabin(polsek_a, SMA, dikbangspes=True, trained=True)
    bhabin(polsek_a, D3)
    bhabin(polsek_a, SMA, trained=True, is_active=False)
    bhabin(polsek_a, S1, trained=True, position=Officer.Position.KAPOLSEK)

    AssistedAreaFactory(unit=polsek_b)
    bhabin(polsek_b, SMA)
    officer = bhabin(polsek_b, S2)
    # A dikbangspes course is not training: this officer still counts as "PELATIHAN BELUM".
    TrainingRecordFactory(officer=officer, course=Course.objects.get(kind=Course.Kind.DIKBANGSPES))

    ranmor, megaphone = facility_type("ranmor-r2"), facility_type("megaphone")
    FacilityFactory(unit=polres, facility_type=ranmor, quantity=2)
    FacilityFactory(unit=polsek_a, facility_type=ranmor, quantity=1)
    FacilityFactory(unit=polsek_a, facility_type=ranmor, condition=Facility.Condition.LIGHT_DAMAGE)
    FacilityFactory(unit=polsek_b, facility_type=ranmor, condition=Facility.Condition.HEAVY_DAMAGE)
    FacilityFactory(unit=polsek_a, facility_type=megaphone, quantity=3)

    bimkamsa = BudgetLineFactory(
        unit=polres,
        code="A",
        name="Anggaran Bimkamsa",
        description="Pembinaan Keamanan Swakarsa",
        pagu=47_360_000,
    )
    RealisationFactory(line=bimkamsa, month=1, amount=10_000_000)
    RealisationFactory(line=bimkamsa, month=2, amount=2_360_000)
    # A revised pagu replaces the original one.
    BudgetLineFactory(
        unit=polres, code="B", name="Anggaran Bimtibnas", pagu=40_000_000, revised_pagu=37_500_000
    )
    BudgetLineFactory(unit=polres, fiscal_year=2020, code="A", name="Anggaran lama", pagu=5)

    brawl, clash = category("tawuran-pelajar"), category("antar-kelompok")
    IncidentFactory(unit=polres, occurred_on=datetime.date(2018, 3, 1), category=clash)
    IncidentFactory(unit=polsek_a, occurred_on=datetime.date(2018, 7, 1), category=clash)
    IncidentFactory(unit=polsek_a, occurred_on=datetime.date(2020, 1, 9), category=brawl)
    IncidentFactory(unit=polsek_b, occurred_on=datetime.date(2020, 12, 31), category=clash)
    return polres


def populate_unit(unit):
    """Give a unit some of everything a recap reads, so that a query per unit would show."""
    AssistedAreaFactory.create_batch(2, unit=unit)
    bhabin(unit, SMA, dikbangspes=True, trained=True)
    bhabin(unit, S1)
    FacilityFactory(unit=unit, facility_type=facility_type("ht"), quantity=2)
    FacilityFactory(
        unit=unit, facility_type=facility_type("ht"), condition=Facility.Condition.LIGHT_DAMAGE
    )
    line = BudgetLineFactory(unit=unit)
    RealisationFactory(line=line)
    IncidentFactory(unit=unit, occurred_on=datetime.date(2021, 4, 1))
    IncidentFactory(unit=unit, occurred_on=datetime.date(2022, 4, 1))
    CompetencyRecapFactory(unit=unit, officers=3)
    YearlyConflictCountFactory(unit=unit, year=2022, count=5)
