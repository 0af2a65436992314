"""The one reader: a spreadsheet as staff really make it -> a header map and clean raw rows.

It accepts xlsx, xls, ods (python-calamine, in a child process: imports.sandbox) and csv
(pandas; comma or semicolon; UTF-8 with or without BOM, or Windows-1252), each measured against
the limits (read_limits) before its grid is built. It finds the header row below title rows,
joins a two-row merged header ("DIKUM / SMA"), maps header words to field names through a
synonym table, stops at a totals row ("JUMLAH", "TOTAL") and keeps it for checking, and skips
blank rows.
Nothing here knows what the rows mean; the per-kind importers do.
"""

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from imports import sandbox
from imports.normalize import clean_text, name_key

HEADER_SEARCH_ROWS = 25
TOTAL_WORDS = frozenset({"jumlah", "total", "jumlahtotal", "grandtotal", "totalkeseluruhan"})
# A CSV record longer than this is no table row; the csv module would split all of it into
# fields before anything could count them.
CSV_MAX_RECORD_CHARS = 1024 * 1024
# The first lines, from which a CSV's delimiter is guessed, are looked for in this much text.
CSV_SAMPLE_CHARS = 1024 * 1024


class ReadError(ValueError):
    """The file cannot be read as a table; the message is for the person who uploaded it."""


@dataclass
class Row:
    number: int  # the row number as the spreadsheet shows it (1-based)
    values: dict  # field name -> raw cell value


@dataclass
class Table:
    header_row: int  # 1-based number of the (last) header row
    headers: dict  # field name -> the header text as written
    rows: list = field(default_factory=list)
    totals: list = field(default_factory=list)  # totals rows, as Row, for checking
    unmatched_headers: list = field(default_factory=list)
    title: str = ""


def read_limits():
    """What reading one file may cost (imports.sandbox.Limits), from the settings. The grid may
    hold IMPORT_MAX_ROWS data rows below up to HEADER_SEARCH_ROWS title and header rows."""
    return sandbox.Limits(
        rows=settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS,
        columns=settings.IMPORT_MAX_COLUMNS,
        unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
        memory_bytes=settings.IMPORT_READ_MAX_MEMORY,
        seconds=settings.IMPORT_READ_MAX_SECONDS,
    )


def read_grid(data: bytes, filename: str):
    """The first sheet of a file as a list of rows of cell values, read within read_limits():
    a file that would pass them is refused (ReadError) before its grid is built."""
    kind = sniff_kind(data, filename)
    limits = read_limits()
    if kind == "csv":
        return _read_csv(data, filename, limits)
    try:
        return sandbox.read_sheet(data, limits)
    except sandbox.Refused as refusal:
        raise ReadError(_refusal_message(refusal, filename, limits)) from None


def _refusal_message(refusal, filename, limits):
    """Why a workbook was refused, for the person who uploaded it."""
    values = {"name": filename, **refusal.details}
    match refusal.reason:
        case "extent":
            values |= {"rows": _number(limits.rows), "columns": _number(limits.columns)}
            return (
                _(
                    "The first sheet of '%(name)s' has a value in cell %(cell)s, but at most "
                    "%(rows)s rows (titles included) and %(columns)s columns are read. Delete "
                    "what lies outside the table, or split the file."
                )
                % values
            )
        case "cells":
            values["cells"] = _number(limits.cells)
            return (
                _(
                    "'%(name)s' expands to more than %(cells)s cells (repeated rows and "
                    "columns). Delete the empty rows and columns around the table, or split the "
                    "file."
                )
                % values
            )
        case "unpacked":
            values["size"] = _number(limits.unpacked_bytes // 1_048_576)
            return _("'%(name)s' is too large once unpacked (more than %(size)s MB).") % values
        case "memory":
            values["size"] = _number(limits.memory_bytes // 1_048_576)
            return (
                _(
                    "Reading '%(name)s' needs more than %(size)s MB of memory, so it was stopped. "
                    "Split the file, or save it again from Excel or LibreOffice."
                )
                % values
            )
        case "time":
            values["seconds"] = _number(limits.seconds)
            return (
                _(
                    "Reading '%(name)s' took longer than %(seconds)s seconds, so it was stopped. "
                    "Split the file into several."
                )
                % values
            )
        case "damaged":
            return (
                _("'%(name)s' is damaged or is not an xlsx, xls or ods workbook (%(error)s).")
                % values
            )
    return _("'%(name)s' cannot be read as a spreadsheet (%(error)s).") % values


def _number(value):
    return number_format(value, force_grouping=True)


def sniff_kind(data: bytes, filename: str):
    """What the file really is, checked against what its name says."""
    name = filename.lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in {"xlsx", "xls", "ods", "csv"}:
        raise ReadError(
            _("The file type of '%(name)s' is not supported. Upload an xlsx, xls, ods or csv file.")
            % {"name": filename}
        )
    is_zip = data[:4] == b"PK\x03\x04"
    is_ole = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if extension in {"xlsx", "ods"} and not is_zip:
        raise ReadError(
            _("'%(name)s' is not a valid %(type)s file (it holds something else).")
            % {"name": filename, "type": extension.upper()}
        )
    if extension == "xls" and not (is_ole or is_zip):
        raise ReadError(
            _("'%(name)s' is not a valid %(type)s file (it holds something else).")
            % {"name": filename, "type": "XLS"}
        )
    if extension == "csv":
        if is_zip or is_ole or b"\x00" in data[:4096]:
            raise ReadError(
                _("'%(name)s' is not a CSV file (it holds a binary file).") % {"name": filename}
            )
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype", b"<html", b"<?xml")):
            raise ReadError(_("'%(name)s' holds an HTML/XML page, not CSV.") % {"name": filename})
        return "csv"
    return extension


def decode_text(data: bytes):
    """Text of a CSV file: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes, filename: str, limits):
    text = decode_text(data)
    sample = "\n".join(text[:CSV_SAMPLE_CHARS].splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # Title lines above the table have fewer fields than the table; pandas needs the widest.
    width = _csv_width(text, delimiter, filename, limits)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=list(range(width)),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="python",
            on_bad_lines="error",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise ReadError(_("The CSV file cannot be read (%(error)s).") % {"error": exc}) from exc
    return frame.fillna("").values.tolist()  # blank lines come back as NaN


class _RecordTooLong(Exception):
    pass


def _csv_width(text, delimiter, filename, limits):
    """The most fields in one record of a CSV, counted by the csv module a record at a time.

    Refuses a record wider than the columns limit (pandas' cost grows with the width of the
    widest row times the number of rows, before anything else is checked), longer than
    CSV_MAX_RECORD_CHARS, or more records than the rows limit.
    """
    record_chars = 0

    def lines():
        nonlocal record_chars
        start = 0
        while start < len(text):
            end = text.find("\n", start)
            end = len(text) if end == -1 else end + 1
            record_chars += end - start
            if record_chars > CSV_MAX_RECORD_CHARS:
                raise _RecordTooLong
            yield text[start:end]
            start = end

    reader = csv.reader(lines(), delimiter=delimiter)
    width = None
    try:
        for number, fields in enumerate(reader, start=1):
            record_chars = 0
            if len(fields) > limits.columns:
                raise ReadError(
                    _(
                        "Line %(line)s of '%(name)s' has %(fields)s columns, but at most "
                        "%(columns)s columns are read."
                    )
                    % {
                        "line": _number(reader.line_num),
                        "name": filename,
                        "fields": _number(len(fields)),
                        "columns": _number(limits.columns),
                    }
                )
            if number > limits.rows:
                raise ReadError(
                    _("'%(name)s' has more than %(rows)s lines; split it into several files.")
                    % {"name": filename, "rows": _number(limits.rows)}
                )
            width = len(fields) if width is None else max(width, len(fields))
    except _RecordTooLong:
        raise ReadError(
            _("Line %(line)s of '%(name)s' is longer than %(chars)s characters.")
            % {
                "line": _number(reader.line_num + 1),
                "name": filename,
                "chars": _number(CSV_MAX_RECORD_CHARS),
            }
        ) from None
    except csv.Error as exc:
        raise ReadError(
            _("'%(name)s' cannot be read as CSV (%(error)s).") % {"name": filename, "error": exc}
        ) from None
    return 1 if width is None else width


def _header_key(text):
    return name_key(text)


class SynonymMap:
    """Header words -> field names, from the synonym table (data, not code)."""

    def __init__(self, synonyms: dict):
        self.field_by_key = {}
        for field_name, words in synonyms.items():
            for word in [field_name, *words]:
                self.field_by_key[_header_key(word)] = field_name

    def field_for(self, header_text):
        return self.field_by_key.get(_header_key(header_text))


def _cell_text(row, index):
    return clean_text(row[index]) if index < len(row) else ""


def _joined_headers(upper, lower, width):
    """Header text per column for a header possibly merged over two rows."""
    texts = []
    carried = ""
    for index in range(width):
        top = _cell_text(upper, index)
        bottom = _cell_text(lower, index) if lower is not None else ""
        if top:
            carried = top
        elif not bottom:
            carried = ""
        parent = top or (carried if bottom else "")
        texts.append(f"{parent} / {bottom}" if parent and bottom else parent or bottom)
    return texts


def _score(texts, synonyms):
    return sum(1 for text in texts if text and synonyms.field_for(text))


def is_total_row(row):
    """A row whose first text cell says JUMLAH or TOTAL."""
    for index in range(min(4, len(row))):
        text = _cell_text(row, index)
        if text:
            if isinstance(row[index], str) and name_key(text) in TOTAL_WORDS:
                return True
            if not isinstance(row[index], str) and index == 0:
                return False
    return False


def read_table(data: bytes, filename: str, synonyms: dict, required=(), max_rows=None):
    """Read a file into a Table, or raise ReadError saying what is wrong."""
    grid = read_grid(data, filename)
    mapping = SynonymMap(synonyms)
    width = max((len(row) for row in grid[:HEADER_SEARCH_ROWS]), default=0)
    best = None  # (score, header row index, texts, rows used)
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        single = _joined_headers(row, None, width)
        candidates = [(_score(single, mapping), index, single, 1)]
        if index + 1 < len(grid):
            double = _joined_headers(row, grid[index + 1], width)
            candidates.append((_score(double, mapping), index, double, 2))
        for candidate in candidates:
            if best is None or candidate[0] > best[0]:
                best = candidate
    if best is None or best[0] < 2:
        raise ReadError(
            _(
                "The row of column headings was not found. Make sure the first sheet holds "
                "column headings such as: %(examples)s."
            )
            % {"examples": ", ".join(sorted(synonyms)[:6])}
        )
    _score_of_best, header_index, texts, used = best
    columns = {}
    headers = {}
    unmatched = []
    for column, text in enumerate(texts):
        if not text:
            continue
        field_name = mapping.field_for(text)
        if field_name is None:
            unmatched.append(text)
        elif field_name not in columns:
            columns[field_name] = column
            headers[field_name] = text
    missing = [name for name in required if name not in columns]
    if missing:
        raise missing_columns_error([field_heading(synonyms, name) for name in missing], texts)
    title = " ".join(_cell_text(row, 0) for row in grid[:header_index] if _cell_text(row, 0))
    table = Table(
        header_row=header_index + used, headers=headers, unmatched_headers=unmatched, title=title
    )
    for offset, row in enumerate(grid[header_index + used :]):
        number = header_index + used + offset + 1
        if not any(_cell_text(row, c) for c in range(len(row))):
            continue
        values = {name: (row[col] if col < len(row) else None) for name, col in columns.items()}
        if is_total_row(row):
            table.totals.append(Row(number, values))
            break  # what follows a totals row is notes ("Sumber: ...")
        if _is_note_row(row, columns):
            continue
        table.rows.append(Row(number, values))
        if max_rows is not None and len(table.rows) > max_rows:
            raise ReadError(
                _("The file holds more than %(limit)s data rows; split it into several files.")
                % {"limit": max_rows}
            )
    return table


def field_heading(synonyms, name):
    """How sheets usually head a field's column: its first synonym ("NRP", "KESATUAN")."""
    words = synonyms.get(name) or [name]
    return words[0]


def missing_columns_error(headings, texts):
    """The columns a sheet lacks, named the way sheets head them, and the headings it has."""
    return ReadError(
        _("Required columns not found: %(missing)s. The column headings read: %(read)s.")
        % {
            "missing": ", ".join(headings),
            "read": ", ".join(f"'{t}'" for t in texts if t) or "—",
        }
    )


def _is_note_row(row, columns):
    """A footnote such as "Sumber: Sat Binmas" written in one cell below the table."""
    filled = [c for c in range(len(row)) if _cell_text(row, c)]
    return (
        len(filled) == 1
        and re.match(r"(?i)(sumber|keterangan|catatan|ket)\s*[:.]", _cell_text(row, filled[0]))
        is not None
    )
