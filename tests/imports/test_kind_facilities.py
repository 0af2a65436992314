"""Kind "facilities": stock per facility type and condition, matched by name, code or alias."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import Facility
from imports.models import ImportBatch
from imports.services import import_file

HEADER = "NO;JENIS ALAT;JUMLAH;BAIK;RUSAK RINGAN;RUSAK BERAT;KET"


def csv_bytes(*rows, header=HEADER):
    """A semicolon CSV under a title row, every line as wide as the header (pandas wants it)."""
    lines = ["DATA SARANA DAN PRASARANA BHABINKAMTIBMAS", "", header, *rows]
    width = header.count(";")
    return "\n".join(line + ";" * (width - line.count(";")) for line in lines).encode()


def run(unit, data):
    return import_file(kind="facilities", data=data, filename="sarpras.csv", unit=unit)


def stock():
    return {
        (item.unit.code, item.facility_type.code, item.condition): item.quantity
        for item in Facility.objects.select_related("unit", "facility_type")
    }


def writes(queries):
    """The statements that changed domain rows (the batch log and its audit entry aside)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        and "imports_importbatch" not in q["sql"]
        and "auditlog_logentry" not in q["sql"]
    ]


def messages(result):
    return [finding.message for finding in result.plan.findings]


def test_it_creates_stock_rows_on_the_importing_unit_per_condition(polres):
    result = run(polres, csv_bytes("1;Ranmor (R-2);53;50;2;1;", "2;Megaphone;19;19;-;-;"))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert result.plan.counts()["new"] == 2
    assert stock() == {
        ("TEST-POLRES", "ranmor-r2", "good"): 50,
        ("TEST-POLRES", "ranmor-r2", "light_damage"): 2,
        ("TEST-POLRES", "ranmor-r2", "heavy_damage"): 1,
        ("TEST-POLRES", "megaphone", "good"): 19,
    }
    assert not Facility.objects.filter(officer__isnull=False).exists()


@pytest.mark.parametrize(
    "written", ["Handy Talky (HT)", "HT", "Handi talky", "handy talky", "ht", "HANDY TALKIE"]
)
def test_the_facility_type_is_found_by_its_name_code_or_an_alias(polsek_a, written):
    result = run(polsek_a, csv_bytes(f"1;{written};15;15;-;-;"))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert stock() == {("POLSEK-A", "ht", "good"): 15}


def test_importing_the_same_sheet_again_writes_nothing(polres):
    data = csv_bytes("1;Ranmor (R-2);53;50;2;1;", "2;Senter;153;153;-;-;")
    run(polres, data)
    before = stock()

    with CaptureQueriesContext(connection) as queries:
        result = run(polres, data)

    assert result.plan.counts() == {"new": 0, "update": 0, "unchanged": 2, "error": 0}
    assert writes(queries) == []
    assert stock() == before


def test_a_changed_quantity_updates_and_a_zero_removes_the_stock_row(polres):
    run(polres, csv_bytes("1;Ranmor (R-2);53;50;2;1;"))

    result = run(polres, csv_bytes("1;Ranmor (R-2);53;52;-;1;"))

    assert result.plan.counts()["update"] == 1
    assert stock() == {
        ("TEST-POLRES", "ranmor-r2", "good"): 52,
        ("TEST-POLRES", "ranmor-r2", "heavy_damage"): 1,
    }
    assert run(polres, csv_bytes("1;Ranmor (R-2);53;52;-;1;")).plan.counts()["unchanged"] == 1


def test_an_unknown_facility_type_refuses_the_file_and_lists_the_known_types(polres):
    run(polres, csv_bytes("1;Senter;10;10;-;-;"))

    result = run(polres, csv_bytes("1;Senter;12;12;-;-;", "2;Drone;1;1;-;-;"))

    assert result.batch.status == ImportBatch.Status.REJECTED
    [(row, status, key, message)] = [r for r in result.batch.report["rows"] if r[1] == "error"]
    assert (row, key) == (5, "Drone")
    assert message.startswith("Jenis alat 'Drone' tidak dikenal. Jenis yang dikenal: Ranmor (R-2)")
    assert "Handy Talky (HT)" in message
    assert stock() == {("TEST-POLRES", "senter", "good"): 10}


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("2;Rompi;5;-5;-;-;", "BAIK tidak boleh negatif (-5)."),
        ("2;Rompi;5;lima;-;-;", "BAIK harus berupa angka, bukan 'lima'."),
        ("2;Senter;5;5;-;-;", "Senter di Polres Uji sudah ada pada baris 4."),
    ],
)
def test_a_bad_row_refuses_the_whole_file(polres, row, error):
    result = run(polres, csv_bytes("1;Senter;10;10;-;-;", row))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert [r[3] for r in result.batch.report["rows"] if r[1] == "error"] == [error]
    assert Facility.objects.count() == 0


def test_a_jumlah_that_is_not_the_sum_of_the_conditions_is_reported(polres):
    result = run(polres, csv_bytes("1;Handy Talky (HT);15;14;-;-;"))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert messages(result) == [
        "Handy Talky (HT): JUMLAH tertulis 15, padahal BAIK 14 + RUSAK RINGAN 0 + RUSAK BERAT 0 "
        "= 14. Yang disimpan adalah angka per kondisi."
    ]
    assert stock() == {("TEST-POLRES", "ht", "good"): 14}


def test_a_totals_row_that_is_not_its_columns_sum_is_reported(polres):
    result = run(polres, csv_bytes("1;Senter;10;10;-;-;", "2;Rompi;5;5;-;-;", ";JUMLAH;16;15;-;-;"))

    assert messages(result) == [
        "Baris JUMLAH kolom JUMLAH tertulis 16, padahal jumlah kolomnya 15 (selisih +1)."
    ]


def test_a_kesatuan_column_puts_each_row_on_its_own_unit(polres, polsek_a, polsek_b):
    header = "NO;KESATUAN;JENIS ALAT;JUMLAH;BAIK;RUSAK RINGAN;RUSAK BERAT"
    data = csv_bytes("1;Polsek A;HT;2;2;-;-", "2;POLSEK B;HT;3;1;2;-", header=header)

    result = run(polres, data)

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert stock() == {
        ("POLSEK-A", "ht", "good"): 2,
        ("POLSEK-B", "ht", "good"): 1,
        ("POLSEK-B", "ht", "light_damage"): 2,
    }


def test_a_kesatuan_outside_the_importing_unit_refuses_the_file(polsek_a, polsek_b):
    header = "NO;KESATUAN;JENIS ALAT;JUMLAH;BAIK;RUSAK RINGAN;RUSAK BERAT"
    data = csv_bytes("1;Polsek A;HT;2;2;-;-", "2;Polsek B;HT;3;3;-;-", header=header)

    result = run(polsek_a, data)

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert Facility.objects.count() == 0


def test_stock_issued_to_an_officer_is_left_alone(polres):
    from budget.models import FacilityType
    from tests.factories import OfficerFactory

    officer = OfficerFactory(unit=polres)
    issued = Facility.objects.create(
        unit=polres, facility_type=FacilityType.objects.get(code="ht"), officer=officer
    )

    run(polres, csv_bytes("1;HT;0;-;-;-;"))

    assert Facility.objects.filter(pk=issued.pk).exists()


def test_a_satuan_column_is_a_unit_of_measure_not_a_police_unit(polsek_a):
    header = "NO;JENIS ALAT;SATUAN;JUMLAH;BAIK;RUSAK RINGAN;RUSAK BERAT"

    result = run(polsek_a, csv_bytes("1;HT;Unit;2;2;-;-", header=header))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert stock() == {("POLSEK-A", "ht", "good"): 2}
