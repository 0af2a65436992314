"""Files made to exhaust the reader (issue 16, items 1 and 3) are refused before a grid is built.

The hostile files are built in tests/imports/hostile.py. Reading them goes through
`read_bounded`, a forked child with a lowered address space and CPU time, so that a reader that
still builds the grid fails the test (it dies or raises MemoryError) instead of aborting or
stalling the test run; the refusal must come from measuring the file, which the Indonesian
message names. Uploads and the command line run in this process: there the refusal must reach
the import log as a rejected batch, with nothing written and the server still answering.

Personas: operator_pmj is an operator of Polres PMJ-BKS, who uploads the files.
"""

import hashlib
import sys
import types
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from bhabin.models import StrengthRecap
from imports import storage
from imports.models import ImportBatch
from imports.reader import ReadError, read_table
from imports.services import import_file
from org.models import PoliceUnit
from personnel.models import User
from tests.factories import UserFactory
from tests.imports import hostile

Status = ImportBatch.Status


def read_in_a_bounded_child(data, filename):
    """Read a file with the reader, in Indonesian, in a child with bounded memory and CPU."""
    with translation.override("id"):
        return hostile.read_bounded(lambda: len(read_table(data, filename, hostile.SYNONYMS).rows))


def refused_with(message):
    return ("raised", ReadError.__name__, message)


# --- workbooks ------------------------------------------------------------------------------------

EXTENT = (
    "Lembar pertama berkas '{name}' berisi nilai di sel {cell}, padahal paling banyak 200.025 "
    "baris (termasuk judul) dan 60 kolom yang dibaca. Hapus isi di luar tabel, atau pecah berkas "
    "menjadi beberapa."
)


def test_a_workbook_with_one_value_at_the_sheets_last_cell_is_refused_before_its_grid_is_built():
    outcome = read_in_a_bounded_child(hostile.xlsx_with_far_cell(), "jauh.xlsx")

    assert outcome == refused_with(EXTENT.format(name="jauh.xlsx", cell="XFD1048576"))


@pytest.mark.parametrize("address", ["XFD1048576", "CV3"])
def test_a_dimension_tag_that_claims_a_small_sheet_does_not_hide_a_far_value(address):
    data = hostile.with_dimension(hostile.xlsx_with_far_cell(address), "A1:C2")

    outcome = read_in_a_bounded_child(data, "bohong.xlsx")

    assert outcome == refused_with(EXTENT.format(name="bohong.xlsx", cell=address))


def test_a_dimension_tag_that_claims_the_whole_sheet_does_not_refuse_an_honest_file():
    # Honest files declare formatted empty cells too; only the cells holding a value count.
    data = hostile.with_dimension(hostile.xlsx(), "A1:XFD1048576")

    assert read_in_a_bounded_child(data, "rekap.xlsx") == ("returned", 1)


def test_an_ods_repeating_empty_rows_and_cells_down_to_the_last_cell_is_refused():
    outcome = read_in_a_bounded_child(hostile.ods_with_far_cell(), "jauh.ods")

    assert outcome == refused_with(EXTENT.format(name="jauh.ods", cell="XFD1048576"))


def test_an_ods_repeating_one_value_over_60_million_cells_is_refused():
    outcome = read_in_a_bounded_child(hostile.ods_with_repeated_block(), "blok.ods")

    assert outcome == refused_with(EXTENT.format(name="blok.ods", cell="ALL60002"))


def test_an_ods_whose_second_table_repeats_one_value_over_60_million_cells_is_refused():
    # calamine reads every table of an ods when it opens the file, not only the first.
    outcome = read_in_a_bounded_child(hostile.ods_with_repeated_second_table(), "dua.ods")

    assert outcome == refused_with(
        "Berkas 'dua.ods' mengembang menjadi lebih dari 12.001.500 sel (baris dan kolom yang "
        "diulang). Hapus baris dan kolom kosong di sekitar tabel, atau pecah berkas menjadi "
        "beberapa."
    )


def test_an_ods_whose_runs_of_spaces_unpack_past_the_limit_is_refused():
    spaces = '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="300000000"/>'
    data = hostile.ods(
        hostile.ods_table_rows(hostile.HEADER)
        + [hostile.ods_row(spaces + "b</text:p></table:table-cell>")]
    )

    outcome = read_in_a_bounded_child(data, "spasi.ods")

    assert outcome == refused_with(
        "Berkas 'spasi.ods' terlalu besar setelah dibuka (lebih dari 200 MB)."
    )


@pytest.mark.parametrize(
    "name, data",
    [
        ("jauh.xlsx", hostile.xlsx_with_far_cell()),
        ("bohong.xlsx", hostile.with_dimension(hostile.xlsx_with_far_cell(), "A1:C2")),
        ("jauh.ods", hostile.ods_with_far_cell()),
        ("blok.ods", hostile.ods_with_repeated_block()),
        ("dua.ods", hostile.ods_with_repeated_second_table()),
    ],
)
def test_measuring_refuses_these_before_calamine_is_asked_to_read_them(monkeypatch, name, data):
    from imports import sheet_child
    from imports.reader import read_limits

    class Forbidden:
        @classmethod
        def from_filelike(cls, *args, **kwargs):
            raise AssertionError(f"calamine was asked to read {name}")

    stand_in = types.ModuleType("python_calamine")
    stand_in.CalamineWorkbook = Forbidden
    monkeypatch.setitem(sys.modules, "python_calamine", stand_in)

    with pytest.raises(sheet_child.Refused):
        sheet_child.read_first_sheet(data, read_limits())


def test_the_measuring_parser_refuses_a_document_type_so_no_entity_is_expanded():
    from imports import sheet_child
    from imports.reader import read_limits

    laughs = b'<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    data = hostile.with_sheet_prologue(hostile.xlsx(), laughs)

    with pytest.raises(sheet_child.Refused) as refusal:
        sheet_child.measure_archive(data, read_limits())

    assert (refusal.value.reason, refusal.value.details) == (
        "damaged",
        {"error": "XML with a DOCTYPE"},
    )


# --- xls: no measuring beforehand, the child's address space is the bound -------------------------

MEMORY = (
    "Membaca berkas '{name}' memerlukan lebih dari 1.024 MB memori sehingga dihentikan. Pecah "
    "berkas menjadi beberapa, atau simpan ulang dari Excel atau LibreOffice."
)


def test_an_xls_with_a_value_at_its_last_cell_is_refused_for_memory_and_the_worker_survives():
    data = hostile.xls(hostile.xls_table((65535, 65535, 1.0)))

    outcome = read_in_a_bounded_child(data, "jauh.xls")

    assert outcome == refused_with(MEMORY.format(name="jauh.xls"))


def test_an_xls_whose_dimensions_record_lies_is_refused_for_memory():
    data = hostile.xls(hostile.xls_table(), dimensions=(0xFFFFFFFF, 0xFFFF))

    outcome = read_in_a_bounded_child(data, "bohong.xls")

    assert outcome == refused_with(MEMORY.format(name="bohong.xls"))


def test_an_xls_wider_than_the_limit_is_refused_before_its_values_are_converted():
    data = hostile.xls(hostile.xls_table((2, 60, "catatan")))

    outcome = read_in_a_bounded_child(data, "lebar.xls")

    assert outcome == refused_with(EXTENT.format(name="lebar.xls", cell="BI3"))


def test_an_xls_inside_the_limits_is_read():
    assert read_in_a_bounded_child(hostile.xls(hostile.xls_table()), "rekap.xls") == (
        "returned",
        1,
    )


def test_a_reader_that_overruns_its_time_budget_is_stopped(settings):
    settings.IMPORT_READ_MAX_SECONDS = 0

    with translation.override("id"), pytest.raises(ReadError) as refusal:
        read_table(hostile.xlsx(), "rekap.xlsx", hostile.SYNONYMS)

    assert str(refusal.value) == (
        "Membaca berkas 'rekap.xlsx' memakan waktu lebih dari 0 detik sehingga dihentikan. "
        "Pecah berkas menjadi beberapa."
    )


# --- csv ------------------------------------------------------------------------------------------


def test_a_csv_line_of_a_million_commas_is_refused_by_its_width():
    outcome = read_in_a_bounded_child(hostile.csv_of_commas(), "koma.csv")

    assert outcome == refused_with(
        "Baris 3 berkas 'koma.csv' memuat 1.000.001 kolom, padahal paling banyak 60 kolom "
        "yang dibaca."
    )


def test_a_csv_with_one_very_wide_line_is_refused_by_its_width():
    outcome = read_in_a_bounded_child(hostile.csv_with_wide_line(), "lebar.csv")

    assert outcome == refused_with(
        "Baris 3 berkas 'lebar.csv' memuat 10.000 kolom, padahal paling banyak 60 kolom "
        "yang dibaca."
    )


def test_a_csv_line_longer_than_a_mebibyte_is_refused_before_it_is_split():
    outcome = read_in_a_bounded_child(hostile.csv_of_commas(20_000_000), "panjang.csv")

    assert outcome == refused_with(
        "Baris 3 berkas 'panjang.csv' lebih panjang dari 1.048.576 karakter."
    )


def test_a_csv_with_more_lines_than_the_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 100
    data = hostile.csv_of_commas(0) + b"\n" * 200

    outcome = read_in_a_bounded_child(data, "kosong.csv")

    assert outcome == refused_with(
        "Berkas 'kosong.csv' memuat lebih dari 125 baris; pecah menjadi beberapa berkas."
    )


# --- far values inside the limits ----------------------------------------------------------------


@pytest.fixture
def small_limits(settings):
    """100 data rows below up to 25 title and header rows (125 in all), 10 columns (A to J)."""
    settings.IMPORT_MAX_ROWS = 100
    settings.IMPORT_MAX_COLUMNS = 10


def sparse_xlsx(note_at, value_at):
    return hostile.xlsx(cells=[(value_at, "x"), (note_at, "Sumber: Sat Binmas")])


def sparse_ods(note_row, value_column):
    return hostile.ods(
        hostile.ods_table_rows(hostile.HEADER)
        + [
            hostile.ods_row(
                *(hostile.ods_cell(value) for value in hostile.ROW),
                hostile.ods_cell(None, repeat=value_column - len(hostile.ROW) - 1),
                hostile.ods_cell("x"),
            ),
            hostile.ods_row(hostile.ods_cell(None), repeat=note_row - 3),
            hostile.ods_row(hostile.ods_cell("Sumber: Sat Binmas")),
        ]
    )


@pytest.mark.parametrize(
    "name, data",
    [
        ("rekap.xlsx", sparse_xlsx(note_at="A125", value_at="J2")),
        ("rekap.ods", sparse_ods(note_row=125, value_column=10)),
    ],
)
def test_a_sheet_with_far_values_inside_the_limits_imports_fine(
    small_limits, polres_pmj, name, data
):
    result = import_file(kind="units", data=data, filename=name, unit=polres_pmj)

    assert (result.batch.status, result.batch.message) == (Status.IMPORTED, "")
    assert PoliceUnit.objects.filter(level="polsek").get().name == "Polsek Cibitung"


@pytest.mark.parametrize(
    "name, data, cell",
    [
        ("rekap.xlsx", sparse_xlsx(note_at="A126", value_at="J2"), "A126"),
        ("rekap.xlsx", sparse_xlsx(note_at="A125", value_at="K2"), "K2"),
        ("rekap.ods", sparse_ods(note_row=126, value_column=10), "A126"),
        ("rekap.ods", sparse_ods(note_row=125, value_column=11), "K2"),
    ],
)
def test_a_value_one_row_or_column_past_the_limits_is_refused(small_limits, name, data, cell):
    with translation.override("en"), pytest.raises(ReadError) as refusal:
        read_table(data, name, hostile.SYNONYMS)

    assert str(refusal.value) == (
        f"The first sheet of '{name}' has a value in cell {cell}, but at most 125 rows (titles "
        "included) and 10 columns are read. Delete what lies outside the table, or split the file."
    )


# --- the browser and the command line -------------------------------------------------------------


@pytest.fixture
def operator_pmj(polres_pmj):
    return UserFactory(username="operator_pmj", role=User.Role.OPERATOR, unit=polres_pmj)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("jauh.xlsx", hostile.xlsx_with_far_cell(), "has a value in cell XFD1048576"),
        ("blok.ods", hostile.ods_with_repeated_block(), "has a value in cell ALL60002"),
        ("koma.csv", hostile.csv_of_commas(), "Line 3 of &#x27;koma.csv&#x27; has 1,000,001"),
    ],
)
def test_an_uploaded_hostile_file_is_refused_logged_and_the_server_keeps_answering(
    login, operator_pmj, name, data, message
):
    client = login(operator_pmj)

    response = client.post(
        reverse("imports:list"), {"kind": "units", "file": SimpleUploadedFile(name, data)}
    )

    assert response.status_code == 200
    assert message in response.text
    batch = ImportBatch.objects.get()
    assert batch.status == Status.REJECTED
    assert (batch.created_by, batch.file_name, batch.size) == (operator_pmj, name, len(data))
    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    assert batch.created_at is not None and batch.finished_at is not None
    assert message.replace("&#x27;", "'") in batch.message
    assert storage.stored_names() == []
    assert not PoliceUnit.objects.filter(level="polsek").exists()
    assert not StrengthRecap.objects.exists()
    assert client.get(reverse("imports:list")).status_code == 200


def test_the_command_line_refuses_a_hostile_ods_and_logs_it(polres_pmj, tmp_path):
    path = tmp_path / "jauh.ods"
    data = hostile.ods_with_far_cell()
    path.write_bytes(data)

    with translation.override("id"), pytest.raises(CommandError):
        call_command("import_sheet", "units", path, "--unit", "PMJ-BKS", stdout=StringIO())

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_by, batch.sha256) == (
        Status.REJECTED,
        None,
        hashlib.sha256(data).hexdigest(),
    )
    assert batch.message == EXTENT.format(name="jauh.ods", cell="XFD1048576")
    assert not PoliceUnit.objects.filter(level="polsek").exists()
