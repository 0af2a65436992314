"""Each area's open early warnings and cases (`bhabin.AreaOpenItems`, which the dashboards add
up) stay equal to a count of the warnings and cases, whatever writes them: the officer's form
and correction, staff in the admin, a bulk import, a deletion."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from bhabin import services
from bhabin.models import AreaOpenItems, EarlyWarning, ProblemCase, ReviewStatus
from bhabin.services.aggregates import open_items_expected
from dashboard import selectors as sel
from recaps.selectors import recap_units, rollup_for
from tests.dashboard.conftest import case, warning
from tests.factories import AssignmentFactory, AssistedAreaFactory, OfficerFactory, UserFactory


def stored():
    return sorted(AreaOpenItems.objects.values_list("area_id", "warnings", "cases"))


@pytest.fixture
def officer(polsek_a):
    return OfficerFactory(unit=polsek_a)


@pytest.fixture
def area_a2(polsek_a):
    return AssistedAreaFactory(unit=polsek_a, name="Desa A2")


def test_creating_warnings_and_cases_counts_them_in_their_area(officer, area_a1, area_a2):
    warning(officer, area_a1)
    warning(officer, area_a1)
    warning(officer, area_a2, state=EarlyWarning.State.CLOSED)
    case(officer, area_a2)

    assert stored() == open_items_expected() == [(area_a1.pk, 2, 0), (area_a2.pk, 0, 1)]


def test_staff_moving_closing_and_deleting_in_the_admin_keep_the_counts(
    officer, area_a1, area_a2, kasat
):
    for area, role in ((area_a1, "primary"), (area_a2, "additional")):
        AssignmentFactory(
            officer=officer, area=area, role=role, start_date=datetime.date(2022, 1, 1)
        )
    first, second = warning(officer, area_a1), warning(officer, area_a1)
    opened = case(officer, area_a1)
    request = RequestFactory().post("/")
    request.user = kasat

    second.area = area_a2  # a correction that moves it to another area
    site._registry[EarlyWarning].save_model(request, second, form=None, change=True)
    assert stored() == open_items_expected() == [(area_a1.pk, 1, 1), (area_a2.pk, 1, 0)]

    opened.state, opened.closed_on = ProblemCase.State.RESOLVED, datetime.date(2022, 11, 20)
    site._registry[ProblemCase].save_model(request, opened, form=None, change=True)
    site._registry[EarlyWarning].delete_model(request, first)
    assert stored() == open_items_expected() == [(area_a2.pk, 1, 0)]


def test_bulk_imports_and_deletes_keep_the_counts(officer, area_a1, area_a2):
    services.field_reports_import(
        reports=[
            EarlyWarning(
                officer=officer,
                area=area,
                reported_at=datetime.datetime(2022, 11, 3, tzinfo=datetime.UTC),
                field=EarlyWarning.Field.SECURITY,
                reliability="B",
                summary="Rencana tawuran",
            )
            for area in (area_a1, area_a1, area_a2)
        ]
    )
    assert stored() == open_items_expected() == [(area_a1.pk, 2, 0), (area_a2.pk, 1, 0)]

    services.field_reports_delete(items=EarlyWarning.objects.filter(area=area_a1))
    assert stored() == open_items_expected() == [(area_a2.pk, 1, 0)]


def test_the_officers_form_and_its_correction_keep_the_counts(officer, area_a1, area_a2):
    AssignmentFactory(officer=officer, area=area_a1, start_date=datetime.date(2022, 1, 1))
    AssignmentFactory(
        officer=officer, area=area_a2, role="additional", start_date=datetime.date(2022, 1, 1)
    )
    fields = {
        "area": area_a1,
        "reported_at": datetime.datetime(2022, 11, 3, 9, tzinfo=datetime.UTC),
        "field": EarlyWarning.Field.SECURITY,
        "reliability": "B",
        "summary": "Rencana tawuran antar pemuda di lapangan desa pada malam minggu",
    }
    report, created = services.early_warning_create(
        officer=officer, client_id="7b0c4a8e-3f0e-4d1a-9a51-0c7b2f1d9e01", **fields
    )
    assert created
    assert stored() == open_items_expected() == [(area_a1.pk, 1, 0)]

    EarlyWarning.objects.filter(pk=report.pk).update(status=ReviewStatus.RETURNED)
    report.refresh_from_db()
    services.early_warning_correct(report=report, **{**fields, "area": area_a2})
    assert stored() == open_items_expected() == [(area_a2.pk, 1, 0)]


def test_the_refresh_command_repairs_counts_after_a_write_that_bypassed_them(officer, area_a1):
    made = warning(officer, area_a1)
    with connection.cursor() as cursor:
        table = EarlyWarning._meta.db_table
        cursor.execute(f"UPDATE {table} SET state = 'closed' WHERE id = %s", [made.pk])  # noqa: S608
    assert stored() != open_items_expected()

    call_command("refresh_aggregates", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert stored() == open_items_expected() == []


@pytest.mark.parametrize("level", ["polda", "polres"])
def test_the_dashboard_adds_up_the_open_items_of_each_row(
    officer, polres, polsek_b, area_a1, area_a2, area_b1, level
):
    warning(officer, area_a1)
    warning(officer, area_a2)
    case(officer, area_b1)
    case(officer, area_b1, state=ProblemCase.State.RESOLVED)
    root = polres.parent if level == "polda" else polres
    rollup = rollup_for(recap_units(root))
    kasat = UserFactory(role="kasat_binmas", unit=root)
    figures = sel.area_figures_per_unit(kasat, root, rollup=rollup)

    if level == "polda":  # one row for the Polres with the totals of its Polsek
        assert (figures[polres.pk]["open_warnings"], figures[polres.pk]["open_cases"]) == (2, 1)
    else:  # a row per Polsek
        polsek_a = area_a1.unit
        assert (figures[polsek_a.pk]["open_warnings"], figures[polsek_a.pk]["open_cases"]) == (
            2,
            0,
        )
        assert (figures[polsek_b.pk]["open_warnings"], figures[polsek_b.pk]["open_cases"]) == (
            0,
            1,
        )
