"""The child process that reads a workbook (xlsx, xls, ods) for imports.sandbox.

It runs as a script in a fresh interpreter (`python -I`), lowers its own address space, CPU time
and core size with setrlimit, measures the first sheet from the file's own XML without building
anything, and only then lets python-calamine read it. It reads the file from stdin and writes a
pickle to stdout: ("grid", rows) or ("refused", reason, details).

The measuring, rather than trusting calamine:
- xlsx: the address of every cell that holds a value (`<v>` or `<is>`), streamed from the first
  sheet's XML, found the way calamine finds it (workbook.xml, then its relationships). The
  `<dimension ref>` tag is not used: it is optional, written by whoever made the file, and in
  honest files it also counts formatted empty cells that the reader skips; a file stays within
  the limits exactly when its cells do.
- ods: content.xml with its `number-rows-repeated` and `number-columns-repeated` expanded as
  numbers, never as cells: the first table's used range, and for every table (calamine reads
  them all) the cells calamine would hold; `text:s` runs of spaces count as unpacked bytes.
- xls (binary; its records give 16-bit rows and columns and can lie about their counts) is not
  measured beforehand: the address-space limit contains it, and its first sheet's size is
  checked after opening, before it becomes Python values (as for the others, again).
Archive members are inflated here with zlib, up to the unpacked-size limit whatever their
headers declare, so that this and calamine see the same bytes. XML goes through expat with
document types refused (so no entity is ever expanded).

This file imports nothing from the project or from Django; keep it so (it starts with -I).
"""

import collections
import io
import json
import os
import pickle
import re
import resource
import struct
import sys
import zipfile
import zlib
from xml.parsers import expat

CHUNK = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
# The exit status when Python itself ran out of address space.
OUT_OF_MEMORY_EXIT = 3
# How calamine names the first sheet's relationship in workbook.xml (it matches these exactly).
SHEET_ID_ATTRIBUTES = ("r:id", "relationships:id")
# An ods cell with any of these holds a value or a formula for calamine (a value type without a
# value counts too: a little more than calamine keeps, never less).
ODS_VALUE_ATTRIBUTES = (
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "office:value-type",
    "table:formula",
)
ODS_CELLS = ("table:table-cell", "table:covered-table-cell")
REASONS = frozenset({"extent", "cells", "unpacked", "damaged", "unreadable", "memory", "time"})
CELL_REFERENCE = re.compile(r"\$?([A-Za-z]+)\$?([0-9]+)")
COUNT = re.compile(r"[0-9]{1,10}")


class Limits(collections.namedtuple("Limits", "rows columns unpacked_bytes memory_bytes seconds")):
    """What reading one file may cost: the grid's rows (titles and header included) and columns,
    bytes unpacked from the archive, and the child's address space and seconds."""

    __slots__ = ()

    @property
    def cells(self):
        return self.rows * self.columns


class Refused(Exception):
    """The file is refused. `reason` is one of REASONS: extent (details: cell), cells, unpacked,
    damaged and unreadable (details: error), memory, time."""

    def __init__(self, reason, **details):
        super().__init__(reason, details)
        self.reason = reason
        self.details = details


def main(argv):
    """Read the limits from argv[1] (JSON), the file from stdin; write the answer to stdout."""
    limits = Limits(**json.loads(argv[1]))
    lower_limits(limits)
    try:
        data = sys.stdin.buffer.read()
        try:
            answer = ("grid", read_first_sheet(data, limits))
        except Refused as exc:
            answer = ("refused", exc.reason, exc.details)
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        # Unwinding further may need memory that is not there.
        os._exit(OUT_OF_MEMORY_EXIT)
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


def lower_limits(limits):
    """Cap this process's address space and CPU time, and write no core file when it dies."""
    _set_limit(resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes)
    _set_limit(resource.RLIMIT_CPU, limits.seconds, limits.seconds + 1)
    _set_limit(resource.RLIMIT_CORE, 0, 0)


def _set_limit(which, soft, hard):
    _, current_hard = resource.getrlimit(which)
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))


def read_first_sheet(data: bytes, limits: Limits):
    """Measure the file, then read its first sheet with calamine (in this process)."""
    if data[:4] == ZIP_MAGIC:
        measure_archive(data, limits)
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        end = sheet.end
        if end is not None:
            check_extent(end[0], end[1], limits)
        return sheet.to_python(skip_empty_area=False)
    except Refused:
        raise
    except BaseException as exc:  # pyo3 turns a Rust panic into a BaseException
        if isinstance(exc, MemoryError | KeyboardInterrupt | SystemExit):
            raise
        raise Refused("unreadable", error=str(exc)[:300] or type(exc).__name__) from None


def check_extent(row, column, limits):
    """Refuse a value at 0-based (row, column) when the grid up to it would pass the limits."""
    if row >= limits.rows or column >= limits.columns:
        raise Refused("extent", cell=cell_name(row, column))


def cell_name(row, column):
    """The A1-style name of a 0-based (row, column): XFD1048576 for (1048575, 16383)."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


# --- measuring an archive -------------------------------------------------------------------------


def measure_archive(data, limits):
    """Refuse an xlsx or ods whose first sheet, or what calamine would hold, passes the limits."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise Refused("damaged", error=f"archive: {exc}") from None
    unpacked = _Budget(limits.unpacked_bytes)
    workbooks = _members(members, "xl/workbook.xml")
    contents = _members(members, "content.xml")
    if not workbooks and not contents:
        raise Refused("damaged", error="neither xl/workbook.xml nor content.xml")
    # A zip with both is measured as both: calamine decides which it is by trying each in turn.
    if workbooks:
        _measure_xlsx(data, members, workbooks, limits, unpacked)
    for content in contents:
        measure_ods_content(_inflate(data, content, unpacked), limits, unpacked)


def _members(members, path):
    """Archive members at `path`, matched as calamine does (any letter case, either slash)."""
    wanted = path.lower()
    return [m for m in members if m.filename.replace("\\", "/").lower() == wanted]


def _measure_xlsx(data, members, workbooks, limits, unpacked):
    sheet_id = None
    for workbook in workbooks:
        sheet_id = _first_attribute(
            _inflate(data, workbook, unpacked), "sheet", SHEET_ID_ATTRIBUTES
        )
        if sheet_id is not None:
            break
    if sheet_id is None:
        raise Refused("damaged", error="xl/workbook.xml names no first sheet")
    target = None
    for rels in _members(members, "xl/_rels/workbook.xml.rels"):
        target = _relationship_target(_inflate(data, rels, unpacked), sheet_id)
        if target is not None:
            break
    if target is None:
        raise Refused("damaged", error=f"relationship {sheet_id[:40]} not found")
    if target.startswith("/xl/"):
        path = target[1:]
    elif target.startswith("xl/"):
        path = target
    else:
        path = f"xl/{target}"
    sheets = _members(members, path)
    if not sheets:
        raise Refused("damaged", error=f"sheet {path[:80]} missing")
    for sheet in sheets:
        measure_xlsx_sheet(_inflate(data, sheet, unpacked), limits)


def _first_attribute(chunks, element, attributes):
    """The first of `attributes` on the first `element` (by local name) in an XML stream."""
    found = []

    def start(name, attrs):
        if _local(name) == element:
            found.append(next((attrs[a] for a in attributes if a in attrs), None))
            raise _Enough

    _parse(chunks, start)
    return found[0] if found else None


def _relationship_target(chunks, wanted):
    found = []

    def start(name, attrs):
        if _local(name) == "Relationship" and attrs.get("Id") == wanted:
            found.append(attrs.get("Target", ""))
            raise _Enough

    _parse(chunks, start)
    return found[0] if found else None


def measure_xlsx_sheet(chunks, limits):
    """Refuse the sheet at its first value beyond the limits, wherever its <dimension> says it
    ends. Positions follow calamine: a cell's `r`, else the next column of the current row.

    This handler runs for every element of the sheet, hence the locals and the cache."""
    max_rows, max_columns = limits.rows, limits.columns
    row = -1
    next_column = 0
    cell = None  # (row, column) of the cell being read
    columns = {}  # column letters -> 0-based index

    def start(name, attrs):
        nonlocal row, next_column, cell
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            reference = attrs.get("r")
            cell = (
                (max(row, 0), next_column) if reference is None else _position(reference, columns)
            )
            next_column = cell[1] + 1
        elif name == "v" or name == "is":
            if cell is not None and (cell[0] >= max_rows or cell[1] >= max_columns):
                raise Refused("extent", cell=cell_name(*cell))
        elif name == "row":
            number = attrs.get("r")
            row = int(number) - 1 if number and COUNT.fullmatch(number) else row + 1
            next_column = 0
            cell = None

    _parse(chunks, start)


def _position(reference, columns):
    """The 0-based (row, column) of an A1-style reference; `columns` caches the letters."""
    match = CELL_REFERENCE.fullmatch(reference)
    if match is None:
        raise Refused("damaged", error=f"cell address {reference[:20]!r}")
    letters, digits = match.groups()
    if len(letters) > 3 or len(digits) > 7:  # past XFD1048576: no need to count further
        raise Refused("extent", cell=reference[:20])
    column = columns.get(letters)
    if column is None:
        column = 0
        for letter in letters.upper():
            column = column * 26 + ord(letter) - ord("A") + 1
        column = columns[letters] = column - 1
    return int(digits) - 1, column


def measure_ods_content(chunks, limits, unpacked):
    """Refuse an ods whose first table's used range passes the limits, or for which calamine
    would hold more than limits.cells cells, repeats expanded, in all the tables' rows as read,
    or as many in their used ranges.

    calamine keeps every cell of a row up to its last element, and drops that one only when it
    is empty; then it cuts out each table's used range, the rows between the first and the last
    row that holds a value (with their repeats) by the columns up to the last value.
    """
    totals = _OdsTotals(limits)
    table = None

    def start(name, attrs):
        nonlocal table
        if name == "table:table":
            if table is not None:
                table.close()
            table = _OdsTable(first=table is None, totals=totals)
        elif table is None:
            return
        elif name == "table:table-row":
            table.close_row()
            table.open_row(_count(attrs.get("table:number-rows-repeated")))
        elif name in ODS_CELLS:
            filled = any(attribute in attrs for attribute in ODS_VALUE_ATTRIBUTES)
            table.add_cells(_count(attrs.get("table:number-columns-repeated")), filled)
        elif name == "text:s":
            unpacked.take(_count(attrs.get("text:c")))

    _parse(chunks, start)
    if table is not None:
        table.close()


class _OdsTotals:
    """Cells of the tables already closed: in their rows as read, and in their used ranges."""

    def __init__(self, limits):
        self.limits = limits
        self.kept = 0
        self.used = 0

    def check(self, kept, used):
        if self.kept + kept > self.limits.cells or self.used + used > self.limits.cells:
            raise Refused("cells")


class _OdsTable:
    """One table of an ods as calamine would hold it, counted row by row."""

    def __init__(self, *, first, totals):
        self.first = first
        self.totals = totals
        self.limits = totals.limits
        self.row_open = False
        self.row_repeats = 1
        self.row_cells = 0  # cells so far in the open row, repeats expanded
        self.row_last_filled = None
        self.trailing_empty = 0  # the open row's last element, when it is empty
        self.rows = 0  # rows so far, repeats expanded
        self.first_filled_row = None
        self.last_filled_row = None
        self.last_column = -1
        self.kept = 0  # cells of the rows as read, before the used range is cut out

    def open_row(self, repeats):
        self.row_open = True
        self.row_repeats = repeats

    def add_cells(self, repeats, filled):
        if filled:
            self.row_last_filled = self.row_cells + repeats - 1
            self.trailing_empty = 0
            if self.first:
                check_extent(self.rows + self.row_repeats - 1, self.row_last_filled, self.limits)
        else:
            self.trailing_empty = repeats
        self.row_cells += repeats
        self.totals.check(self.kept + self.row_cells - self.trailing_empty, self.used())

    def close_row(self):
        if not self.row_open:
            return
        self.kept += self.row_cells - self.trailing_empty
        if self.row_last_filled is not None:
            if self.first_filled_row is None:
                self.first_filled_row = self.rows
            self.last_filled_row = self.rows + self.row_repeats - 1
            self.last_column = max(self.last_column, self.row_last_filled)
        self.rows += self.row_repeats
        self.totals.check(self.kept, self.used())
        self.row_open = False
        self.row_repeats = 1
        self.row_cells = 0
        self.row_last_filled = None
        self.trailing_empty = 0

    def close(self):
        self.close_row()
        self.totals.kept += self.kept
        self.totals.used += self.used()

    def used(self):
        if self.first_filled_row is None:
            return 0
        # calamine pads the rows between with empty cells from column A on.
        return (self.last_filled_row - self.first_filled_row + 1) * (self.last_column + 1)


def _count(value):
    """A repeat or space count: 1 when absent; anything but digits is a damaged file."""
    if value is None:
        return 1
    if COUNT.fullmatch(value) is None:
        raise Refused("damaged", error=f"count {value[:20]!r}")
    return int(value)


# --- unpacking and parsing ------------------------------------------------------------------------


class _Budget:
    """Bytes unpacked so far, refused past the limit."""

    def __init__(self, limit):
        self.limit = limit
        self.used = 0

    def take(self, size):
        self.used += size
        if self.used > self.limit:
            raise Refused("unpacked")


def _inflate(data, member, unpacked):
    """A member's bytes in chunks, inflated from its local header on, whatever size it declares."""
    if member.flag_bits & 0x1:
        raise Refused("damaged", error=f"{member.filename[:80]} is encrypted")
    offset = member.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise Refused("damaged", error=f"header {member.filename[:80]}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start : start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(raw), CHUNK):
            chunk = bytes(raw[at : at + CHUNK])
            unpacked.take(len(chunk))
            yield chunk
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise Refused("damaged", error=f"compression method {member.compress_type}")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for at in range(0, len(raw), CHUNK):
            pending = bytes(raw[at : at + CHUNK])
            while pending and not inflater.eof:
                chunk = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                unpacked.take(len(chunk))
                yield chunk
            if inflater.eof:
                return
        chunk = inflater.flush()
    except zlib.error as exc:
        raise Refused("damaged", error=f"{member.filename[:80]}: {exc}") from None
    unpacked.take(len(chunk))
    yield chunk


class _Enough(Exception):
    """Raised by a handler that has found what it was looking for."""


def _parse(chunks, start):
    """Stream XML through expat, calling start(name, attributes) for each element; a document
    type (and so any entity definition) is refused."""
    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        pass
    except expat.ExpatError as exc:
        raise Refused("damaged", error=f"XML: {exc}") from None


def _refuse_doctype(*args):
    raise Refused("damaged", error="XML with a DOCTYPE")


def _local(name):
    return name.rpartition(":")[2]


if __name__ == "__main__":
    main(sys.argv)
