"""List exports: one small xlsx writer that every list download goes through.

Every string cell passes through `safe_cell` (OWASP ASVS V1.2.10), so that a value someone typed,
like "=HYPERLINK(...)", reaches the reader's spreadsheet as text and never as a formula.
"""

import datetime
import io
import re

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from reports.xlsx import BOLD, safe_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 10, 50
# Rows fetched at a time when a list is exported: the whole list is never held in memory.
EXPORT_ROWS_CHUNK = 2000
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def export_cell(value):
    """A value as a spreadsheet cell holds it: neutralised text, local naive times, plain enums."""
    if isinstance(value, datetime.datetime):
        # openpyxl refuses aware datetimes; the reader wants the time as it was in Jakarta.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return safe_cell(value)


def write_rows_xlsx(out, *, sheet_name, header, rows, widths=None):
    """Write a header and rows to `out` (a path or a binary file-like object) as one xlsx sheet.

    The header is bold and stays frozen above the rows. `rows` may be any iterable (a queryset
    iterator, a generator): the workbook is written row by row without holding them all.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME_FORBIDDEN.sub(" ", sheet_name)[:31] or "Sheet")
    for index, text in enumerate(header):
        width = widths[index] if widths else len(str(text)) + 4
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(
            max(width, MIN_WIDTH), MAX_WIDTH
        )
    sheet.freeze_panes = "A2"
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=export_cell(str(text)))
        cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)
    for values in rows:
        sheet.append([export_cell(value) for value in values])
    workbook.save(out)


def xlsx_download(content, filename):
    """xlsx bytes as a download."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def list_download(*, stem, sheet_name, header, rows):
    """A list's rows as an xlsx download named after the list and today's date."""
    out = io.BytesIO()
    write_rows_xlsx(out, sheet_name=sheet_name, header=header, rows=rows)
    return xlsx_download(out.getvalue(), f"{stem}-{timezone.localdate():%Y%m%d}.xlsx")
