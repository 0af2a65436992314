"""The admin lists' Export button (django-import-export, reports/admin_exports.py): xlsx and csv of
the list's own rows, scoped to the user's unit, relations by natural key, formula-safe.

Polsek A and Polsek B each hold a row of every exported model; an operator of Polsek A exports
each list and gets exactly Polsek A's rows, keyed by what the importers read back (unit code,
NRP, Kemendagri code, activity code).
"""

import csv
import io

import pytest
from django.db.models import Q
from django.urls import reverse
from openpyxl import load_workbook

from bhabin.models import Activity, Assignment, AssistedArea, Visit
from budget.models import BudgetLine, Facility, FacilityType
from conflicts.models import Incident
from imports.models import Synonym
from personnel.models import Officer
from tests.factories import AssignmentFactory, IncidentFactory, OfficerFactory, VisitFactory

HOSTILE = '=HYPERLINK("http://example.invalid","klik")'


@pytest.fixture
def both_polsek(polsek_a, polsek_b, alice, area_a1, area_b1, operator_a):
    """A row of each exported model in Polsek A and in Polsek B; Polsek A's carry hostile text."""
    activity = Activity.objects.first()
    facility_type = FacilityType.objects.first()
    officer_b = OfficerFactory(unit=polsek_b, name="Budi")
    AssignmentFactory(officer=officer_b, area=area_b1)
    alice.officer.name = HOSTILE
    alice.officer.save()
    for unit, officer, area in ((polsek_a, alice.officer, area_a1), (polsek_b, officer_b, area_b1)):
        VisitFactory(officer=officer, area=area, activity=activity, narrative="+62 812 ronda")
        IncidentFactory(unit=unit, area=area, place="@pasar")
        BudgetLine.objects.create(
            unit=unit, fiscal_year=2022, code=f"BIMKAMSA-{unit.code}", name="-Bimkamsa", pagu=100
        )
        Facility.objects.create(unit=unit, facility_type=facility_type, quantity=1, officer=officer)
        Synonym.objects.create(
            unit=unit, column="activity", text=f"＝sambang {unit.code}", key=unit.code, target="x"
        )
    return {"activity": activity}


# model, the column keyed by natural key, and Polsek A's / Polsek B's values of it from the rows.
EXPORTS = {
    Officer: ("nrp", lambda unit: Officer.objects.filter(unit=unit).values_list("nrp", flat=True)),
    AssistedArea: (
        "code",
        lambda unit: AssistedArea.objects.filter(unit=unit).values_list("code", flat=True),
    ),
    Assignment: (
        "officer",
        lambda unit: Assignment.objects.filter(area__unit=unit).values_list(
            "officer__nrp", flat=True
        ),
    ),
    Visit: (
        "client_id",
        lambda unit: [
            str(value)
            for value in Visit.objects.filter(area__unit=unit).values_list("client_id", flat=True)
        ],
    ),
    Incident: (
        "reference",
        lambda unit: Incident.objects.filter(unit=unit).values_list("reference", flat=True),
    ),
    Facility: (
        "unit",
        lambda unit: Facility.objects.filter(unit=unit).values_list("unit__code", flat=True),
    ),
    BudgetLine: (
        "code",
        lambda unit: BudgetLine.objects.filter(unit=unit).values_list("code", flat=True),
    ),
    # A unit's own synonyms; the shared ones (no unit), which every unit's imports use, come too.
    Synonym: (
        "key",
        lambda unit: Synonym.objects.filter(Q(unit=unit) | Q(unit=None)).values_list(
            "key", flat=True
        ),
    ),
}


def export_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")


def export(client, model, file_format, extra=None):
    """Open the export page, then post its form as offered (every column ticked)."""
    page = client.get(export_url(model))
    assert page.status_code == 200
    form = page.context["form"]
    formats = {label.lower(): value for value, label in form.fields["format"].choices}
    data = {name: "on" for name, field in form.fields.items() if hasattr(field, "resource_name")}
    data.update(resource="0", format=formats[file_format], **(extra or {}))
    return client.post(export_url(model), data)


def csv_rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


@pytest.mark.parametrize("model", list(EXPORTS), ids=lambda model: model.__name__)
def test_each_list_exports_exactly_the_users_units_rows_by_natural_key(
    client, operator_a, polsek_a, polsek_b, both_polsek, model
):
    column, values = EXPORTS[model]
    client.force_login(operator_a)
    response = export(client, model, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert sorted(row[column] for row in rows) == sorted(values(polsek_a))
    assert set(values(polsek_b)) - set(values(polsek_a))  # Polsek B has rows of its own ...
    assert set(values(polsek_b)) - set(values(polsek_a)) - {row[column] for row in rows} == (
        set(values(polsek_b)) - set(values(polsek_a))
    )  # ... and none of them is in Polsek A's file


def test_the_xlsx_holds_the_same_rows_and_no_formula(client, operator_a, polsek_a, both_polsek):
    client.force_login(operator_a)
    response = export(client, Officer, "xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:5] == ["nrp", "name", "rank", "position", "unit"]
    assert sorted(row[0] for row in rows) == sorted(
        Officer.objects.filter(unit=polsek_a).values_list("nrp", flat=True)
    )
    assert [row[1] for row in rows if HOSTILE in row[1]] == ["'" + HOSTILE]
    assert {row[4] for row in rows} == {"POLSEK-A"}


@pytest.mark.parametrize(
    ("model", "column", "typed"),
    [
        (Officer, "name", HOSTILE),
        (Visit, "narrative", "+62 812 ronda"),
        (Incident, "place", "@pasar"),
        (BudgetLine, "name", "-Bimkamsa"),
        (Synonym, "text", "＝sambang POLSEK-A"),
    ],
)
def test_typed_text_that_a_spreadsheet_would_run_is_quoted(
    client, operator_a, both_polsek, model, column, typed
):
    client.force_login(operator_a)
    response = export(client, model, "csv")
    assert response.status_code == 200
    assert ["'" + typed] == [row[column] for row in csv_rows(response) if typed in row[column]]


def test_numbers_stay_numbers(client, operator_a, area_a1, both_polsek):
    area_a1.latitude, area_a1.longitude = "-6.071200", "107.043100"
    area_a1.save()
    client.force_login(operator_a)
    rows = csv_rows(export(client, AssistedArea, "csv"))
    assert [(row["latitude"], row["longitude"]) for row in rows] == [("-6.071200", "107.043100")]
    sheet = load_workbook(io.BytesIO(export(client, AssistedArea, "xlsx").content)).active
    header, row = sheet.iter_rows(values_only=True)
    assert isinstance(row[header.index("population")], int)
    assert float(row[header.index("latitude")]) == -6.0712


def test_export_selected_cannot_name_another_units_row(client, operator_a, polsek_b, both_polsek):
    other = Incident.objects.get(unit=polsek_b)
    client.force_login(operator_a)
    response = export(client, Incident, "csv", extra={"export_items": [str(other.pk)]})
    # The form refuses the id as no valid choice: the export page again, no file.
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["export_items"]


@pytest.mark.parametrize("model", list(EXPORTS), ids=lambda model: model.__name__)
def test_an_officer_has_no_export(client, alice, both_polsek, model):
    client.force_login(alice)
    response = client.get(export_url(model))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_list_offers_the_export_button(client, operator_a, both_polsek):
    client.force_login(operator_a)
    response = client.get(reverse("admin:personnel_officer_changelist"))
    assert response.status_code == 200
    assert export_url(Officer) in response.content.decode()


def test_the_export_page_speaks_indonesian(client, operator_a, both_polsek):
    client.force_login(operator_a)
    response = client.get(export_url(Officer), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pilih semua" in page and "Kolom yang akan diekspor" in page
    assert "Select all" not in page and "This exporter" not in page
