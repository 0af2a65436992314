"""Spreadsheet output: the cell neutraliser every export uses, and the recap table as xlsx."""

import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# A spreadsheet reads a cell that starts with one of these as a formula (or a DDE call), so an
# exported value like "=HYPERLINK(...)" typed by a user could run on the reader's machine.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")

BOLD = Font(bold=True)
RUPIAH_FORMAT = "#,##0"
DECIMAL_FORMAT = "0.0"
MIN_WIDTH, MAX_WIDTH = 5, 60


def safe_cell(value):
    """Neutralise a value for a spreadsheet or CSV cell (OWASP ASVS V1.2.10).

    A string that begins with =, +, -, @, a tab, a carriage return or a NUL, also after leading
    blanks or in a full-width or small form ("＝"), gets a single quote in front, so that no
    spreadsheet evaluates it as a formula. Other strings, numbers, dates
    and None pass through unchanged.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    # Spreadsheets skip leading blanks (a space, a newline, an ideographic space) and read the
    # full-width and small signs ("＝", "﹦") as their ASCII forms; NFKC maps them to those.
    first = unicodedata.normalize("NFKC", value.lstrip()[:1])
    if first and first.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_xlsx(table, out):
    """Write a recap table to `out` (a path or a binary file-like object) as an xlsx workbook.

    The first sheet holds the title lines, the header in bold, the rows and the JUMLAH row; a
    second sheet "Selisih" lists the table's differences when it has any.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.sheet_name
    columns = len(table.header)

    row_number = 1
    for line in table.title:
        cell = sheet.cell(row=row_number, column=1, value=safe_cell(line))
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="center")
        if columns > 1:
            sheet.merge_cells(
                start_row=row_number, start_column=1, end_row=row_number, end_column=columns
            )
        row_number += 1
    row_number += 1

    header_row = row_number
    _write_row(sheet, row_number, table.header, bold=True)
    for cell in sheet[row_number]:
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row_number += 1
    for values in table.rows:
        _write_row(sheet, row_number, values, table=table)
        row_number += 1
    if table.total is not None:
        _write_row(sheet, row_number, table.total, table=table, bold=True)

    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    _set_widths(sheet, [table.header, *table.rows, *([table.total] if table.total else [])], table)

    if table.differences:
        differences = workbook.create_sheet("Selisih")
        differences.cell(row=1, column=1, value=safe_cell(table.differences_heading)).font = BOLD
        for offset, text in enumerate(table.differences, start=3):
            differences.cell(row=offset, column=1, value=safe_cell(text))
        differences.column_dimensions["A"].width = min(
            max(len(text) for text in [table.differences_heading, *table.differences]) + 2, 120
        )

    workbook.save(out)


def _write_row(sheet, row_number, values, *, table=None, bold=False):
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column, value=safe_cell(value))
        if bold:
            cell.font = BOLD
        if table is not None and column - 1 in table.money_columns:
            cell.number_format = RUPIAH_FORMAT
        elif table is not None and column - 1 in table.decimal_columns:
            cell.number_format = DECIMAL_FORMAT


def _set_widths(sheet, rows, table):
    for column in range(len(table.header)):
        widest = 0
        for values in rows:
            value = values[column] if column < len(values) else None
            if value is None:
                continue
            text = f"{value:,}" if isinstance(value, int) else str(value)
            widest = max(widest, len(text))
        width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(column + 1)].width = width
