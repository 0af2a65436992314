import io

import openpyxl
import pytest

from imports.reader import ReadError, read_table

SYNONYMS = {
    "unit": ["POLRES/POLSEK", "KESATUAN"],
    "officers": ["JML BABIN"],
    "sma": ["DIKUM / SMA"],
    "s1": ["DIKUM / S1"],
    "done": ["DIKBANGSPES / SUDAH"],
}


def xlsx_bytes(rows, merges=()):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RECAP = [
    ["DATA KOMPETENSI BHABINKAMTIBMAS", None, None, None, None, None],
    [None] * 6,
    ["NO", "POLRES/POLSEK", "JML BABIN", "DIKUM", None, "DIKBANGSPES"],
    [None, None, None, "SMA", "S1", "SUDAH"],
    [1, "POLSEK A", 3, 2, 1, "-"],
    [None] * 6,
    [2, "POLSEK B", 4, 4, "-", 2],
    [None, "JUMLAH", 7, 6, 1, 2],
    [None, "Sumber: Sat Binmas", None, None, None, None],
]


def test_it_finds_the_header_below_title_rows_and_joins_a_two_row_merged_header():
    data = xlsx_bytes(RECAP, merges=["A1:F1", "D3:E3", "A3:A4", "B3:B4", "C3:C4"])
    table = read_table(data, "rekap.xlsx", SYNONYMS)
    assert table.header_row == 4
    assert table.headers["sma"] == "DIKUM / SMA"
    assert table.headers["done"] == "DIKBANGSPES / SUDAH"
    assert table.title == "DATA KOMPETENSI BHABINKAMTIBMAS"


def test_it_skips_blank_rows_and_stops_at_the_totals_row_keeping_it():
    table = read_table(xlsx_bytes(RECAP), "rekap.xlsx", SYNONYMS)
    assert [row.values["unit"] for row in table.rows] == ["POLSEK A", "POLSEK B"]
    assert [row.number for row in table.rows] == [5, 7]
    assert len(table.totals) == 1
    assert table.totals[0].values["officers"] == 7


@pytest.mark.parametrize(
    "encoding, bom, delimiter",
    [("utf-8", b"", ","), ("utf-8", b"\xef\xbb\xbf", ";"), ("cp1252", b"", ";")],
)
def test_it_reads_csv_with_comma_or_semicolon_in_utf8_with_or_without_bom_or_windows_1252(
    encoding, bom, delimiter
):
    text = delimiter.join(["KESATUAN", "JML BABIN", "DIKUM / SMA"]) + "\n"
    text += delimiter.join(["Polsek Cibarusah – Utara é", "3", "2"]) + "\n"
    table = read_table(bom + text.encode(encoding), "data.csv", SYNONYMS)
    assert table.rows[0].values == {
        "unit": "Polsek Cibarusah – Utara é",
        "officers": "3",
        "sma": "2",
    }


def test_an_html_page_named_xlsx_is_refused():
    with pytest.raises(ReadError, match="bukan XLSX"):
        read_table(b"<!DOCTYPE html><html><body>login</body></html>", "data.xlsx", SYNONYMS)


def test_an_html_page_named_csv_is_refused():
    with pytest.raises(ReadError, match="HTML"):
        read_table(b"<html><body>x</body></html>", "data.csv", SYNONYMS)


def test_an_unsupported_extension_is_refused():
    with pytest.raises(ReadError, match="tidak didukung"):
        read_table(b"anything", "data.pdf", SYNONYMS)


def test_a_sheet_without_recognisable_headers_is_refused_with_the_expected_words():
    with pytest.raises(ReadError, match="judul kolom"):
        read_table(xlsx_bytes([["a", "b"], [1, 2]]), "x.xlsx", SYNONYMS)


def test_a_missing_required_column_is_named_as_sheets_head_it_not_by_our_field_name():
    data = xlsx_bytes([["KESATUAN", "JML BABIN"], ["Polsek A", 2]])
    with pytest.raises(ReadError) as refusal:
        read_table(data, "x.xlsx", SYNONYMS, required=["unit", "sma"])
    message = str(refusal.value)
    assert "DIKUM / SMA" in message
    assert "'KESATUAN', 'JML BABIN'" in message
    assert "sma," not in message


def test_a_file_with_more_rows_than_the_limit_is_refused():
    rows = [["KESATUAN", "JML BABIN"]] + [[f"Polsek {n}", n] for n in range(20)]
    with pytest.raises(ReadError, match="lebih dari 10 baris"):
        read_table(xlsx_bytes(rows), "x.xlsx", SYNONYMS, max_rows=10)


def test_a_hand_written_csv_with_short_title_lines_above_the_table_is_read():
    text = (
        "DATA BHABIN POLSEK A\nKeadaan November 2022\n\n"
        "KESATUAN;JML BABIN;DIKUM / SMA\nPolsek A;3;2\n"
    )
    table = read_table(text.encode(), "data.csv", SYNONYMS)
    assert table.rows[0].values == {"unit": "Polsek A", "officers": "3", "sma": "2"}
    assert table.title == "DATA BHABIN POLSEK A Keadaan November 2022"
