"""Hostile spreadsheets, built here rather than kept as files, and a reader bounded in a child.

Each builder returns the bytes of a small, valid file of the "units" kind (a header and one
Polsek) with something added that used to make the reader build a huge grid: one value at the
sheet's last address, a `<dimension>` that lies, rows and columns "repeated" by the million, a
line of commas. bench/hostile_import_bench.py uses the same builders.
"""

import io
import os
import pickle
import resource
import struct
import zipfile
from pathlib import Path

import openpyxl

HEADER = ["KESATUAN", "JML DESA", "JML BHABIN"]
ROW = ["Polsek Cibitung", 5, 4]
SYNONYMS = {"unit": ["KESATUAN"], "areas": ["JML DESA"], "officers": ["JML BHABIN"]}


# --- xlsx ---------------------------------------------------------------------------------------


def xlsx(cells=(), rows=(HEADER, ROW)):
    """A workbook with `rows` from A1 and each (address, value) of `cells` set."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for address, value in cells:
        sheet[address] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_with_far_cell(address="XFD1048576"):
    """The header, a row, and one number at `address` (by default the sheet's last cell)."""
    return xlsx(cells=[(address, 1)])


def with_dimension(data, ref):
    """The same workbook whose first sheet's <dimension ref> says `ref`."""
    return _rewrite_member(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: _replace_between(xml, b'<dimension ref="', b'"', ref.encode()),
    )


def with_sheet_prologue(data, prologue):
    """The same workbook with `prologue` (say, a DOCTYPE) before the first sheet's root."""
    return _rewrite_member(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<worksheet", prologue + b"<worksheet", 1),
    )


def _rewrite_member(data, name, change):
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return buffer.getvalue()


def _replace_between(text, start, end, value):
    head, found, rest = text.partition(start)
    assert found, f"{start!r} not in the sheet"
    return head + start + value + rest[rest.index(end) :]


# --- ods (content.xml written by hand) ---------------------------------------------------------

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value=None, repeat=1):
    """One <table:table-cell>: text, a number, or empty (None), repeated `repeat` times."""
    attributes = f' table:number-columns-repeated="{repeat}"' if repeat != 1 else ""
    if value is None:
        return f"<table:table-cell{attributes}/>"
    if isinstance(value, str):
        return (
            f'<table:table-cell office:value-type="string"{attributes}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="float" office:value="{value}"{attributes}/>'


def ods_row(*cells, repeat=1):
    attributes = f' table:number-rows-repeated="{repeat}"' if repeat != 1 else ""
    return f"<table:table-row{attributes}>{''.join(cells)}</table:table-row>"


def ods(*tables):
    """An ods whose tables hold the given rows (each table a list of ods_row strings)."""
    body = "".join(
        f'<table:table table:name="Lembar{number}">{"".join(rows)}</table:table>'
        for number, rows in enumerate(tables, start=1)
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} '
        f'office:version="1.2"><office:body><office:spreadsheet>{body}</office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def ods_table_rows(*rows):
    return [ods_row(*(ods_cell(value) for value in row)) for row in rows]


def ods_with_far_cell():
    """The header and a row, then empty rows repeated down to row 1,048,576 and empty cells
    repeated across to column XFD before one number: XFD1048576, as an ods."""
    return ods(
        ods_table_rows(HEADER, ROW)
        + [
            ods_row(ods_cell(None, repeat=16384), repeat=1048573),
            ods_row(ods_cell(None, repeat=16383), ods_cell(1)),
        ]
    )


def ods_with_repeated_block(rows=60_000, columns=1_000):
    """The header and a row, then one number repeated over a block of rows x columns (60
    million cells by default: 4 GB and 11 s in calamine, from an 800-byte file)."""
    return ods(ods_table_rows(HEADER, ROW) + [ods_row(ods_cell(1, repeat=columns), repeat=rows)])


def ods_with_repeated_second_table(rows=60_000, columns=1_000):
    """A fine first table, and a second one that is the repeated block: calamine reads every
    table of an ods when it opens it, not only the first."""
    return ods(
        ods_table_rows(HEADER, ROW),
        [ods_row(ods_cell(1, repeat=columns), repeat=rows)],
    )


# --- csv ----------------------------------------------------------------------------------------


def csv_of_commas(size=1_000_000):
    """The header and a row, then one line of `size` commas."""
    return _csv_lines([HEADER, ROW]) + b"," * size + b"\n"


def csv_with_wide_line(fields=10_000):
    """The header and a row, then one line of `fields` short values."""
    return _csv_lines([HEADER, ROW]) + ",".join(["x"] * fields).encode() + b"\n"


def _csv_lines(rows):
    return "".join(",".join(str(value) for value in row) + "\n" for row in rows).encode()


# --- xls (BIFF8 in a compound file, written by hand) ----------------------------------------------

END_OF_CHAIN, FREE_SECTOR, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def xls(cells, dimensions=None):
    """An xls workbook of one sheet holding `cells`, (row, column, text or number), 0-based;
    `dimensions` (rows, columns) writes the sheet's DIMENSIONS record, which may lie."""
    sheet_name = b"Data"

    def workbook_globals(sheet_offset):
        boundsheet = struct.pack("<IBBBB", sheet_offset, 0, 0, len(sheet_name), 0) + sheet_name
        return _bof(0x0005) + _record(0x0085, boundsheet) + _record(0x000A)

    sheet = _bof(0x0010)
    if dimensions is not None:
        sheet += _record(0x0200, struct.pack("<IIHHH", 0, dimensions[0], 0, dimensions[1], 0))
    for row, column, value in cells:
        if isinstance(value, str):
            text = value.encode("latin-1")
            sheet += _record(0x0204, struct.pack("<HHHHB", row, column, 0, len(text), 0) + text)
        else:
            sheet += _record(0x0203, struct.pack("<HHHd", row, column, 0, value))
    sheet += _record(0x000A)
    offset = len(workbook_globals(0))
    return _compound_file(workbook_globals(offset) + sheet)


def _record(kind, body=b""):
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind):
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _compound_file(stream):
    """A version-3 compound file (512-byte sectors) with one "Workbook" stream: the header, one
    FAT sector, one directory sector, then the stream, padded past the mini-stream cutoff."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    sectors = len(stream) // 512
    fat = [FAT_SECTOR, END_OF_CHAIN] + list(range(3, 2 + sectors)) + [END_OF_CHAIN]
    fat += [FREE_SECTOR] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<9I", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREE_SECTOR) * 108

    def entry(name, kind, child, start, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NO_STREAM, NO_STREAM, child)
            + bytes(36)
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1, END_OF_CHAIN, 0)
    directory += entry("Workbook", 2, NO_STREAM, 2, len(stream))
    directory += entry("", 0, NO_STREAM, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + stream


def xls_table(*extra):
    """The header and a row as xls cells, and `extra` cells."""
    cells = [(0, column, text) for column, text in enumerate(HEADER)]
    cells += [(1, column, value) for column, value in enumerate(ROW)]
    return [*cells, *extra]


# --- reading in a bounded child -------------------------------------------------------------------


def read_bounded(read, *, memory=768 * 1024 * 1024, cpu_seconds=60):
    """Run read() in a forked child with `memory` bytes of address space above what this process
    already maps and `cpu_seconds` of CPU, so that a reader that aborts (SIGABRT), exhausts
    memory or runs for minutes fails the test instead of killing or stalling the test run.

    Returns ("returned", value), ("raised", exception class name, message), or ("died", signal
    number) when the child was killed. read() must not touch the database.
    """
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer on the pipe, then leave without running pytest's exit
        os.close(readable)
        try:
            pages = Path("/proc/self/statm").read_text().split()[0]
            mapped = int(pages) * os.sysconf("SC_PAGE_SIZE")
            resource.setrlimit(resource.RLIMIT_AS, (mapped + memory, resource.RLIM_INFINITY))
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, resource.RLIM_INFINITY))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            try:
                answer = ("returned", read())
            except BaseException as exc:  # whatever happens is the answer
                answer = ("raised", type(exc).__name__, str(exc))
            with os.fdopen(writable, "wb") as pipe:
                pickle.dump(answer, pipe)
        finally:
            os._exit(0)
    os.close(writable)
    with os.fdopen(readable, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return ("died", os.WTERMSIG(status))
    return pickle.loads(payload)  # noqa: S301 - written by our own child above
