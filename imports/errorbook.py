"""The error workbook: the rows of an upload that were not written, as the operator sent them,
with a first column saying what is wrong with each, to correct in Excel and upload again.

When nothing was written (a refused file, a preview) it holds every row of the file, the correct
ones with an empty message, so that the corrected workbook is the whole file again; after an
import of the valid rows only, it holds the rows set aside.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from imports import storage
from imports.base import ERROR, SKIPPED
from imports.models import ImportBatch
from imports.reader import read_grid
from reports.xlsx import FORMULA_TRIGGERS

# A heading no import kind reads as one of its columns, so the corrected workbook imports as is.
MESSAGE_HEADING = "PESAN IMPOR"


def has_error_rows(batch):
    counts = (batch.report or {}).get("counts", {})
    return bool(counts.get(ERROR) or counts.get(SKIPPED))


def error_workbook(batch):
    """The workbook's bytes; FileNotFoundError when the upload is no longer kept."""
    report = batch.report or {}
    data = storage.read(batch.stored_file)
    grid = read_grid(data, batch.file_name)
    header_row = report.get("header_row") or 1
    messages = {}
    for number, status, _key, message in report.get("rows", []):
        if batch.status != ImportBatch.Status.IMPORTED or status in (ERROR, SKIPPED):
            messages[number] = message if status in (ERROR, SKIPPED) else ""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Rows to correct")[:31]
    for number, row in enumerate(grid[:header_row], start=1):
        _append(sheet, [MESSAGE_HEADING if number == header_row else "", *row])
    for number, row in enumerate(grid[header_row:], start=header_row + 1):
        if number in messages:
            _append(sheet, [messages[number], *row])
    sheet.column_dimensions["A"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, values):
    """One row; text stays text: "=HYPERLINK(...)" or "-" is stored as a string cell, never as
    a formula, and reads back unchanged."""
    sheet.append([_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"


def _value(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
