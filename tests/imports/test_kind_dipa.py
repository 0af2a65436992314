"""Kind "dipa": budget lines of a fiscal year with their monthly realisation, never above pagu."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import BudgetLine, Realisation
from imports.models import ImportBatch
from imports.services import import_file

TITLE = [["DUKUNGAN ANGGARAN DIPA SAT BINMAS POLRES UJI"], ["TAHUN ANGGARAN 2021"], []]
HEADER = ["NO", "KEGIATAN", "URAIAN", "PAGU (Rp)"]
BIMKAMSA = ["a.", "Anggaran Bimkamsa", "Pembinaan Keamanan Swakarsa", "Rp47.360.000,-"]
BINCORPUS = ["b.", "Anggaran Bincorpus", "-", "Rp26.000.000,-"]


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dipa_file(*rows, header=HEADER, title=TITLE):
    return xlsx_bytes([*title, header, *rows])


def run(unit, data, **options):
    return import_file(kind="dipa", data=data, filename="dipa.xlsx", unit=unit, options=options)


def lines():
    return {
        line.code: (line.fiscal_year, line.name, line.description, line.pagu, line.revised_pagu)
        for line in BudgetLine.objects.all()
    }


def realisations():
    return {(r.line.code, r.month): r.amount for r in Realisation.objects.select_related("line")}


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
    return [(finding.level, finding.message) for finding in result.plan.findings]


def errors(result):
    return [message for _, status, _, message in result.batch.report["rows"] if status == "error"]


def test_it_creates_the_lines_of_the_year_in_the_title_on_the_importing_unit(polres):
    result = run(polres, dipa_file(BIMKAMSA, BINCORPUS))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert lines() == {
        "a": (2021, "Anggaran Bimkamsa", "Pembinaan Keamanan Swakarsa", 47_360_000, None),
        "b": (2021, "Anggaran Bincorpus", "", 26_000_000, None),
    }
    assert set(BudgetLine.objects.values_list("unit", flat=True)) == {polres.pk}


def test_the_year_option_wins_over_the_title(polres):
    run(polres, dipa_file(BIMKAMSA), year=2022)

    assert lines()["a"][0] == 2022


def test_a_sheet_without_a_fiscal_year_is_refused(polres):
    result = run(polres, dipa_file(BIMKAMSA, title=[["DIPA SAT BINMAS"], []]))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert messages(result) == [
        ("error", "Tahun anggaran tidak ditemukan di judul lembar; isi --year.")
    ]
    assert BudgetLine.objects.count() == 0


def test_importing_the_same_sheet_again_writes_nothing(polres):
    data = dipa_file(BIMKAMSA, BINCORPUS)
    run(polres, data)
    before = lines()

    with CaptureQueriesContext(connection) as queries:
        result = run(polres, data)

    assert result.plan.counts() == {"new": 0, "update": 0, "unchanged": 2, "error": 0}
    assert writes(queries) == []
    assert lines() == before


def test_a_changed_pagu_updates_the_line(polres):
    run(polres, dipa_file(BIMKAMSA, BINCORPUS))

    result = run(polres, dipa_file(BIMKAMSA, ["b.", "Anggaran Bincorpus", "-", "Rp30.000.000"]))

    assert result.plan.counts() == {"new": 0, "update": 1, "unchanged": 1, "error": 0}
    assert lines()["b"][3] == 30_000_000
    assert BudgetLine.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (["b.", "Anggaran Bincorpus", "-", "Rp26.000.000,5"], "PAGU harus berupa angka"),
        (["b.", "Anggaran Bincorpus", "-", "dua puluh juta"], "PAGU harus berupa angka"),
        (["b.", "Anggaran Bincorpus", "-", -26_000_000], "PAGU tidak boleh negatif"),
        (["b.", "Anggaran Bincorpus", "-", "-"], "PAGU kosong."),
        (["a", "Anggaran Lain", "-", 1_000], "Kode 'a' sudah ada pada baris 5."),
    ],
)
def test_a_bad_row_refuses_the_whole_file(polres, row, error):
    result = run(polres, dipa_file(BIMKAMSA, row))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert len(errors(result)) == 1 and errors(result)[0].startswith(error)
    assert BudgetLine.objects.count() == 0


def test_monthly_columns_become_realisation_rows_without_zero_months(polres):
    header = [*HEADER, "JANUARI", "FEB", "MARET"]
    run(polres, dipa_file([*BIMKAMSA, "Rp3.000.000", "-", 4_500_000], header=header))

    assert realisations() == {("a", 1): 3_000_000, ("a", 3): 4_500_000}

    again = run(polres, dipa_file([*BIMKAMSA, "Rp3.000.000", "-", 4_500_000], header=header))
    assert again.plan.counts()["unchanged"] == 1

    changed = run(polres, dipa_file([*BIMKAMSA, "-", 1_000_000, 4_500_000], header=header))
    assert changed.plan.counts()["update"] == 1
    assert realisations() == {("a", 2): 1_000_000, ("a", 3): 4_500_000}


def test_a_two_row_realisasi_header_is_read(polres):
    header_top = [*HEADER, "REALISASI", None]
    header_bottom = [None, None, None, None, "JAN", "DES"]
    data = xlsx_bytes([*TITLE, header_top, header_bottom, [*BIMKAMSA, 1_000, 2_000]])

    run(polres, data)

    assert realisations() == {("a", 1): 1_000, ("a", 12): 2_000}


def test_realisation_above_pagu_refuses_the_file(polres):
    header = [*HEADER, "JANUARI", "FEBRUARI"]
    row = ["b.", "Anggaran Bincorpus", "-", "Rp26.000.000", "Rp20.000.000", "Rp7.000.000"]

    result = run(polres, dipa_file(row, header=header))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert messages(result) == [
        (
            "error",
            "b. Anggaran Bincorpus: realisasi Rp27.000.000 melebihi pagu Rp26.000.000 "
            "(lebih Rp1.000.000).",
        )
    ]
    assert BudgetLine.objects.count() == 0


def test_a_revised_pagu_is_stored_and_is_the_ceiling_for_realisation(polres):
    header = ["NO", "KEGIATAN", "URAIAN", "PAGU (Rp)", "PAGU REVISI", "JANUARI"]
    row = ["b.", "Anggaran Bincorpus", "-", "Rp26.000.000", "Rp30.000.000", "Rp27.000.000"]

    result = run(polres, dipa_file(row, header=header))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert lines()["b"][3:] == (26_000_000, 30_000_000)


def test_a_totals_row_that_matches_the_sum_of_pagu_is_not_reported(polres):
    result = run(polres, dipa_file(BIMKAMSA, BINCORPUS, ["", "JUMLAH", "", "Rp73.360.000,-"]))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert messages(result) == []


def test_a_totals_row_that_is_not_the_sum_of_pagu_is_reported(polres):
    result = run(polres, dipa_file(BIMKAMSA, BINCORPUS, ["", "JUMLAH", "", "Rp94.860.000,-"]))

    assert messages(result) == [
        (
            "warning",
            "Baris JUMLAH kolom PAGU tertulis 94860000, padahal jumlah kolomnya 73360000 "
            "(selisih +21500000).",
        )
    ]
