"""The csv and xlsx writers, and the neutralising of cells that a spreadsheet would evaluate."""

import csv
import io

import openpyxl
import pytest

from conflicts.models import ConflictCategory
from recaps.tables import build_recap, write_csv
from reports.xlsx import safe_cell, write_xlsx
from tests.reports.factories import CompetencyRecapFactory


@pytest.mark.parametrize("value", ["=1+1", "+62", "-5", "@x", "\tx", "\rx", "\0x"])
def test_safe_cell_prefixes_a_formula_trigger_with_a_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Polsek Setu", "1 Bhabin 1 Desa", "", 47_360_000, -5, 1.5, None])
def test_safe_cell_leaves_plain_text_and_numbers_alone(value):
    assert safe_cell(value) == value


def xlsx_of(table):
    out = io.BytesIO()
    write_xlsx(table, out)
    out.seek(0)
    return openpyxl.load_workbook(out)


def sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_the_xlsx_holds_the_title_header_rows_and_jumlah_row(recap_data):
    table = build_recap("bhabin", recap_data)
    sheet = xlsx_of(table)["Bhabin"]
    rows = sheet_rows(sheet)

    assert rows[0][0] == "DATA BHABINKAMTIBMAS POLRES UJI"
    assert rows[2] == table.header
    assert rows[3:6] == table.rows
    assert rows[6] == [None, "JUMLAH", 6, 6, None]
    assert sheet.cell(row=3, column=1).font.bold
    assert sheet.cell(row=7, column=2).font.bold
    assert sheet.column_dimensions["B"].width >= len("POLRES/POLSEK")


@pytest.mark.django_db
def test_the_dipa_xlsx_keeps_amounts_as_numbers_in_rupiah_format(recap_data):
    sheet = xlsx_of(build_recap("dipa", recap_data))["DIPA 2021"]
    total = sheet_rows(sheet)[-1]
    assert total[3:] == [84_860_000, 12_360_000, 72_500_000]
    assert sheet.cell(row=sheet.max_row, column=4).number_format == "#,##0"


@pytest.mark.django_db
def test_the_xlsx_lists_the_differences_on_a_second_sheet(recap_data, polsek_a):
    CompetencyRecapFactory(unit=polsek_a, officers=4, sma=4)
    table = build_recap("kompetensi", recap_data)
    workbook = xlsx_of(table)

    assert workbook.sheetnames == ["Kompetensi", "Selisih"]
    texts = [row[0] for row in sheet_rows(workbook["Selisih"]) if row[0]]
    assert texts == [table.differences_heading, *table.differences]


@pytest.mark.django_db
def test_a_table_without_differences_has_one_sheet(recap_data):
    assert xlsx_of(build_recap("sarpras", recap_data)).sheetnames == ["Sarpras"]


@pytest.mark.django_db
def test_the_csv_holds_the_header_rows_and_jumlah_row_without_a_title(recap_data):
    table = build_recap("sarpras", recap_data)
    out = io.StringIO()
    write_csv(table, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))

    assert rows[0] == table.header
    assert rows[1] == ["1", "Ranmor (R-2)", "5", "3", "1", "1", "6", "1.2"]
    assert rows[-1] == ["", "JUMLAH", "8", "6", "1", "1", "", ""]


@pytest.mark.django_db
def test_a_formula_typed_into_the_data_is_neutralised_in_csv_and_xlsx(recap_data):
    ConflictCategory.objects.create(
        code="jahat", name='=HYPERLINK("http://x","klik")', sort_order=99
    )
    table = build_recap("konflik", recap_data)

    out = io.StringIO()
    write_csv(table, out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[-1][0] == '\'=HYPERLINK("http://x","klik")'

    sheet = xlsx_of(table)["Konflik"]
    cell = sheet.cell(row=sheet.max_row, column=1)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x","klik")'
