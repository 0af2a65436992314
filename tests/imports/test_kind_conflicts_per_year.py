"""Kind "conflicts_per_year": reported yearly counts, on their side or in columns."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conflicts.models import YearlyConflictCount
from imports.models import ImportBatch
from imports.reader import ReadError
from imports.services import import_file
from tests.factories import IncidentFactory

TITLE = [["DATA KONFLIK SOSIAL WILAYAH HUKUM POLRES UJI TAHUN 2018-2022"], []]
YEARS = ["TAHUN", 2018, 2019, 2020, 2021, 2022]
COUNTS = ["Konflik Sosial", 35, 28, 10, 8, 23]
SOURCE = ["Sumber: Polres Uji"]


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def on_its_side(years=YEARS, *count_rows):
    return xlsx_bytes([*TITLE, years, *(count_rows or [COUNTS]), [], SOURCE])


def run(unit, data, filename="konflik.xlsx"):
    return import_file(
        kind="conflicts_per_year",
        data=data,
        filename=filename,
        unit=unit,
        options={"source": filename},
    )


def reported(unit=None):
    counts = YearlyConflictCount.objects.all()
    if unit is not None:
        counts = counts.filter(unit=unit)
    return dict(counts.values_list("year", "count"))


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


def errors(result):
    return [message for _, status, _, message in result.batch.report["rows"] if status == "error"]


def test_it_pairs_each_year_with_the_count_below_it_on_the_importing_unit(polres):
    result = run(polres, on_its_side())

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert reported(polres) == {2018: 35, 2019: 28, 2020: 10, 2021: 8, 2022: 23}
    assert set(YearlyConflictCount.objects.values_list("source", flat=True)) == {"konflik.xlsx"}


def test_it_reads_the_columns_tahun_and_jumlah_too(polsek_a):
    data = xlsx_bytes([*TITLE, ["NO", "TAHUN", "JUMLAH"], [1, 2021, 3], [2, "2022", "-"]])

    result = run(polsek_a, data)

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert reported(polsek_a) == {2021: 3, 2022: 0}


def test_a_sheet_with_neither_layout_is_refused_with_an_example(polres):
    result = run(polres, xlsx_bytes([*TITLE, ["NAMA", "ALAMAT"], ["x", "y"]]))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert result.batch.message.startswith("Tabel konflik per tahun tidak ditemukan.")
    assert not YearlyConflictCount.objects.exists()


def test_importing_the_same_sheet_again_writes_nothing(polres):
    data = on_its_side()
    run(polres, data)

    with CaptureQueriesContext(connection) as queries:
        result = run(polres, data, filename="lain.xlsx")

    assert result.plan.counts() == {"new": 0, "update": 0, "unchanged": 5, "error": 0}
    assert writes(queries) == []
    assert set(YearlyConflictCount.objects.values_list("source", flat=True)) == {"konflik.xlsx"}


def test_a_changed_count_updates_that_year_only(polres):
    run(polres, on_its_side())

    result = run(polres, on_its_side(YEARS, ["Konflik Sosial", 35, 28, 10, 9, 23]))

    assert result.plan.counts() == {"new": 0, "update": 1, "unchanged": 4, "error": 0}
    assert reported(polres)[2021] == 9
    assert YearlyConflictCount.objects.count() == 5


@pytest.mark.parametrize(
    ("years", "counts", "error"),
    [
        (YEARS, ["Konflik Sosial", 35, -28, 10, 8, 23], "tidak boleh negatif (-28)"),
        (YEARS, ["Konflik Sosial", 35, "banyak", 10, 8, 23], "harus berupa angka"),
        (["TAHUN", 2018, "2019/20", 2020], ["Konflik", 1, 2, 3], "Tahun '2019/20' tidak dikenali"),
        (["TAHUN", 2018, 2018], ["Konflik", 1, 2], "Tahun 2018 sudah ada (baris 4)."),
    ],
)
def test_a_bad_cell_refuses_the_whole_file(polres, years, counts, error):
    run(polres, on_its_side(["TAHUN", 2017], ["Konflik", 4]))

    result = run(polres, on_its_side(years, counts))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert len(errors(result)) == 1 and error in errors(result)[0]
    assert reported() == {2017: 4}


def test_a_count_that_differs_from_the_incidents_recorded_below_the_unit_is_reported(
    polres, polsek_a
):
    IncidentFactory.create_batch(2, unit=polsek_a, occurred_on=datetime.date(2021, 3, 1))
    IncidentFactory(unit=polres, occurred_on=datetime.date(2022, 7, 1))

    result = run(polres, on_its_side(["TAHUN", 2020, 2021, 2022], ["Konflik", 10, 3, 1]))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert messages(result) == [
        "Tahun 2021: rekap menyebut 3 konflik sosial, Sigap mencatat 2 kejadian di Polres Uji "
        "dan satuan di bawahnya."
    ]


def test_incidents_of_another_branch_are_not_counted(polsek_a, polsek_b):
    IncidentFactory(unit=polsek_b, occurred_on=datetime.date(2021, 3, 1))

    result = run(polsek_a, on_its_side(["TAHUN", 2021], ["Konflik", 5]))

    assert messages(result) == []


def test_a_jumlah_column_that_is_not_the_sum_of_the_years_is_reported(polres):
    result = run(polres, on_its_side(["TAHUN", 2021, 2022, "JUMLAH"], ["Konflik", 8, 23, 30]))

    assert reported(polres) == {2021: 8, 2022: 23}
    assert messages(result) == ["JUMLAH tertulis 30, padahal jumlah per tahunnya 31 (selisih -1)."]


def test_category_rows_under_a_jumlah_row_are_checked_against_it(polres):
    data = on_its_side(
        ["TAHUN", 2021, 2022],
        ["Antar kelompok", 5, 15],
        ["Tawuran pelajar", 3, 7],
        ["JUMLAH", 8, 23],
    )

    result = run(polres, data)

    assert reported(polres) == {2021: 8, 2022: 23}
    assert messages(result) == [
        "Tahun 2022: baris JUMLAH tertulis 23, padahal rinciannya berjumlah 22 (selisih +1)."
    ]


def test_category_rows_without_a_jumlah_row_are_added_up(polres):
    data = on_its_side(["TAHUN", 2021], ["Antar kelompok", 5], ["Tawuran pelajar", 3])

    run(polres, data)

    assert reported(polres) == {2021: 8}


def test_read_finds_the_tahun_row_below_title_rows():
    from imports.kinds.conflicts_per_year import ConflictsPerYearImporter

    table = ConflictsPerYearImporter(unit=None).read(on_its_side(), "konflik.xlsx")

    assert [(entry.row, entry.year) for entry in table.entries][:2] == [(4, 2018), (4, 2019)]
    assert "TAHUN 2018-2022" in table.title
    with pytest.raises(ReadError):
        ConflictsPerYearImporter(unit=None).read(on_its_side(), "konflik.pdf")
