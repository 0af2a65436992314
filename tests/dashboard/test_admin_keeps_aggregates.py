"""Visits changed in the admin go through the field-report services: they keep the monthly
aggregates (which the dashboard reads) exact, and obey the officer's rules."""

import datetime
import zoneinfo

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from bhabin.models import AreaMonth, Visit
from bhabin.services.aggregates import AGGREGATED_COLUMNS, area_months_expected
from tests.factories import AssignmentFactory, AssistedAreaFactory, OfficerFactory, VisitFactory

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(month, day, hour=10, minute=0):
    return datetime.datetime(2024, month, day, hour, minute, tzinfo=JAKARTA)


def stored():
    return sorted(AreaMonth.objects.values_list(*AGGREGATED_COLUMNS))


def recounted():
    return sorted(
        tuple(row[column] for column in AGGREGATED_COLUMNS) for row in area_months_expected()
    )


@pytest.fixture
def visit_admin():
    return site._registry[Visit]


@pytest.fixture
def request_(kasat):
    request = RequestFactory().post("/")
    request.user = kasat
    return request


@pytest.fixture
def visits(polsek_a, area_a1):
    officer = OfficerFactory(unit=polsek_a)
    other = AssistedAreaFactory(unit=polsek_a, name="Desa A2")
    AssignmentFactory(officer=officer, area=area_a1, start_date=datetime.date(2024, 1, 1))
    AssignmentFactory(
        officer=officer, area=other, role="additional", start_date=datetime.date(2024, 1, 1)
    )
    made = [
        VisitFactory(officer=officer, area=area_a1, occurred_at=at(3, 31, 23, 30)),
        VisitFactory(officer=officer, area=area_a1, occurred_at=at(3, 5)),
        VisitFactory(officer=officer, area=other, occurred_at=at(4, 2)),
    ]
    return made, other


def test_moving_a_visit_in_the_admin_recounts_both_months(visit_admin, request_, visits):
    (late_march, *_), other = visits
    late_march.area, late_march.occurred_at = other, at(4, 1, 0, 10)

    visit_admin.save_model(request_, late_march, form=None, change=True)

    assert stored() == recounted()
    assert AreaMonth.objects.get(area=other, month=datetime.date(2024, 4, 1)).visits == 2


def test_adding_and_deleting_visits_in_the_admin_keeps_the_aggregates(
    visit_admin, request_, visits, area_a1
):
    made, other = visits
    new = VisitFactory.build(officer=made[0].officer, area=area_a1, occurred_at=at(5, 31, 23, 30))
    visit_admin.save_model(request_, new, form=None, change=False)
    assert stored() == recounted()

    visit_admin.delete_model(request_, made[1])
    assert stored() == recounted()

    visit_admin.delete_queryset(request_, Visit.objects.filter(area=area_a1))
    assert stored() == recounted()
    assert not AreaMonth.objects.filter(area=area_a1).exists()


def test_the_admin_refuses_a_visit_outside_the_officers_areas(
    visit_admin, request_, visits, area_b1
):
    (visit, *_), _other = visits
    visit.area = area_b1  # Polsek B's area: not one of this officer's
    with pytest.raises(ValidationError) as refused:
        visit_admin.save_model(request_, visit, form=None, change=True)

    assert "area" in refused.value.message_dict
    assert stored() == recounted()
    assert Visit.objects.get(pk=visit.pk).area_id != area_b1.pk
