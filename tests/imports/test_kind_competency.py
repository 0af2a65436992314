"""Kind "competency": one reported recap per unit, its faults pointed out, never hidden."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imports.models import ImportBatch
from imports.services import import_file
from personnel.models import CompetencyRecap
from tests.factories import OfficerFactory

HEADER = [
    ["DATA KOMPETENSI BHABINKAMTIBMAS POLRES UJI"] + [None] * 8,
    [None] * 9,
    ["NO", "POLRES/POLSEK", "JML BABIN", "DIKUM", None, "DIKBANGSPES BINMAS/POLMAS", None]
    + ["PELATIHAN", None],
    [None, None, None, "SMA", "S1", "SUDAH", "BELUM", "SUDAH", "BELUM"],
]
ROW_A = [1, "POLSEK A", 3, 2, 1, 1, 2, 3, "-"]
ROW_B = [2, "Polsek B", 2, 2, "-", "-", 2, 2, "-"]
TOTALS = [None, "JUMLAH", 5, 4, 1, 1, 4, 5, "-"]


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def recap_file(*rows, totals=TOTALS):
    return xlsx_bytes([*HEADER, *rows, *([totals] if totals else [])])


def run(unit, data, as_of="2022-11-30", filename="kompetensi.xlsx"):
    return import_file(
        kind="competency",
        data=data,
        filename=filename,
        unit=unit,
        options={"source": filename, "as_of": as_of},
    )


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


@pytest.fixture
def units(polsek_a, polsek_b, polres):
    return polres


def test_it_creates_one_recap_per_unit_with_the_as_of_date_and_source(units, polsek_a):
    result = run(units, recap_file(ROW_A, ROW_B))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert result.plan.counts()["new"] == 2
    recap = CompetencyRecap.objects.get(unit=polsek_a)
    assert (recap.officers, recap.sma, recap.s1) == (3, 2, 1)
    assert (recap.dikbangspes_done, recap.dikbangspes_not_yet) == (1, 2)
    assert (recap.training_done, recap.training_not_yet) == (3, 0)
    assert recap.as_of == datetime.date(2022, 11, 30)
    assert recap.source == "kompetensi.xlsx"


def test_the_as_of_date_defaults_to_today(units, polsek_a):
    import_file(kind="competency", data=recap_file(ROW_A), filename="k.xlsx", unit=units)

    assert CompetencyRecap.objects.get(unit=polsek_a).as_of == datetime.date.today()


def test_importing_the_same_sheet_again_writes_nothing_and_keeps_the_as_of_date(units):
    data = recap_file(ROW_A, ROW_B)
    run(units, data, as_of="2022-11-30")
    before = list(CompetencyRecap.objects.order_by("unit").values())

    with CaptureQueriesContext(connection) as queries:
        result = run(units, data, as_of="2022-12-31")

    assert result.plan.counts() == {"new": 0, "update": 0, "unchanged": 2, "error": 0}
    assert writes(queries) == []
    assert list(CompetencyRecap.objects.order_by("unit").values()) == before


def test_a_changed_figure_updates_the_recap_and_its_as_of_date(units, polsek_a):
    run(units, recap_file(ROW_A, ROW_B), as_of="2022-11-30")
    changed = [1, "POLSEK A", 3, 1, 2, 1, 2, 3, "-"]

    result = run(units, recap_file(changed, ROW_B, totals=None), as_of="2022-12-31")

    assert result.plan.counts() == {"new": 0, "update": 1, "unchanged": 1, "error": 0}
    recap = CompetencyRecap.objects.get(unit=polsek_a)
    assert (recap.sma, recap.s1, recap.as_of) == (1, 2, datetime.date(2022, 12, 31))
    assert CompetencyRecap.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ([3, "POLSEK ZZZ", 1, 1, "-", 1, "-", 1, "-"], "Satuan 'POLSEK ZZZ' tidak dikenal"),
        ([3, "POLSEK B", -2, 1, "-", 1, "-", 1, "-"], "JML BABIN tidak boleh negatif"),
        ([3, "POLSEK B", "dua", 1, "-", 1, "-", 1, "-"], "JML BABIN harus berupa angka"),
        ([3, "POLSEK A", 3, 2, 1, 1, 2, 3, "-"], "sudah ada pada baris 5"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(units, polsek_a, row, error):
    run(units, recap_file(ROW_A, totals=None))
    before = list(CompetencyRecap.objects.values())

    result = run(units, recap_file([1, "POLSEK A", 9, 9, "-", 9, "-", 9, "-"], row, totals=None))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert any(error in message for _, _, _, message in result.batch.report["rows"])
    assert list(CompetencyRecap.objects.values()) == before


def test_a_unit_outside_the_importing_unit_is_unknown(polsek_a, polsek_b):
    result = run(polsek_a, recap_file(ROW_A, ROW_B, totals=None))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert CompetencyRecap.objects.count() == 0


def test_a_totals_row_that_is_not_its_columns_sum_is_reported(units):
    wrong = [None, "JUMLAH", 5, 4, 1, 2, 4, 5, "-"]

    result = run(units, recap_file(ROW_A, ROW_B, totals=wrong))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert messages(result) == [
        "Baris JUMLAH kolom DIKBANGSPES SUDAH tertulis 2, padahal jumlah kolomnya 1 (selisih +1)."
    ]


def test_parts_that_do_not_add_up_to_a_rows_officers_are_reported(units):
    bungin = [2, "POLSEK B", 13, 12, 1, 5, 7, 13, "-"]

    result = run(units, recap_file(ROW_A, bungin, totals=None))

    assert messages(result) == [
        "POLSEK B: DIKBANGSPES SUDAH 5 + BELUM 7 = 12, padahal JML BABIN 13 (selisih +1)."
    ]
    assert result.plan.findings[0].row == 6


def test_education_and_training_parts_are_checked_too(units):
    row = [1, "POLSEK A", 3, 1, 1, 1, 2, 2, "-"]

    result = run(units, recap_file(row, totals=None))

    assert messages(result) == [
        "POLSEK A: DIKUM SMA 1 + S1 1 = 2, padahal JML BABIN 3 (selisih +1).",
        "POLSEK A: PELATIHAN SUDAH 2 + BELUM 0 = 2, padahal JML BABIN 3 (selisih +1).",
    ]


def test_d3_and_s2_columns_count_towards_dikum_and_are_said_not_to_be_stored(units, polsek_a):
    rows = [
        ["NO", "KESATUAN", "JML BABIN", "SMA", "D3", "S1", "S2", "DIKBANGSPES / SUDAH"]
        + ["DIKBANGSPES / BELUM"],
        [1, "Polsek A", 4, 1, 1, 1, 1, 2, 2],
    ]

    result = run(units, xlsx_bytes(rows))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert messages(result) == [
        "Kolom DIKUM D3 dan DIKUM S2 hanya dipakai untuk memeriksa jumlah DIKUM; rekap Sigap "
        "menyimpan SMA dan S1 saja."
    ]
    recap = CompetencyRecap.objects.get(unit=polsek_a)
    assert (recap.officers, recap.sma, recap.s1, recap.training_done) == (4, 1, 1, 0)


def test_figures_that_disagree_with_the_roster_are_reported_per_unit_and_in_all(
    units, polsek_a, polsek_b
):
    OfficerFactory.create_batch(2, unit=polsek_a, education="SMA", dikbangspes_done=True)
    OfficerFactory(unit=polsek_a, education="S1")
    OfficerFactory.create_batch(2, unit=polsek_b, education="SMA")
    OfficerFactory(unit=polsek_b, education="SMA", is_active=False)

    result = run(units, recap_file(ROW_A, [2, "Polsek B", 3, 3, "-", "-", 3, 3, "-"], totals=None))

    assert messages(result) == [
        "POLSEK A: rekap menyebut 1 sudah Dikbangspes Binmas/Polmas, roster Sigap mencatat 2.",
        "Polsek B: rekap menyebut 3 Bhabinkamtibmas, roster Sigap mencatat 2.",
        "Polsek B: rekap menyebut 3 berpendidikan SMA, roster Sigap mencatat 2.",
        "Seluruh berkas: rekap menyebut 6 Bhabinkamtibmas, roster Sigap mencatat 5 (selisih +1).",
        "Seluruh berkas: rekap menyebut 5 berpendidikan SMA, roster Sigap mencatat 4 (selisih +1).",
        "Seluruh berkas: rekap menyebut 1 sudah Dikbangspes Binmas/Polmas, roster Sigap "
        "mencatat 2 (selisih -1).",
    ]


def test_a_unit_without_officers_on_the_roster_is_not_compared(units, polsek_a):
    OfficerFactory(unit=polsek_a)

    result = run(units, recap_file([2, "Polsek B", 3, 3, "-", "-", 3, 3, "-"], totals=None))

    assert messages(result) == []
