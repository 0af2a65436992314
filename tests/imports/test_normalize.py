import datetime
from decimal import Decimal

import pytest

from imports.normalize import (
    CellError,
    parse_casualty,
    parse_count,
    parse_date,
    parse_decimal,
    parse_nrp,
    parse_phone,
    parse_rank,
    parse_rupiah,
    parse_time,
    unit_key,
)


@pytest.mark.parametrize("cell", ["-", "", None, " - ", "–"])
def test_a_dash_or_blank_count_is_zero(cell):
    assert parse_count(cell) == 0


@pytest.mark.parametrize("cell", ["-", "", None])
def test_a_dash_or_blank_casualty_is_unknown_not_zero(cell):
    assert parse_casualty(cell) is None


@pytest.mark.parametrize("cell, expected", [(3.0, 3), ("12", 12), ("1.234", 1234), (0, 0)])
def test_counts_read_numbers_as_excel_and_people_write_them(cell, expected):
    assert parse_count(cell) == expected


@pytest.mark.parametrize("cell", [-1, "-3", "tiga", 2.5])
def test_a_count_that_is_negative_fractional_or_text_is_refused_in_indonesian(cell):
    with pytest.raises(CellError, match="negatif|angka|bulat"):
        parse_count(cell)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Rp47.360.000,-", 47_360_000),
        ("Rp 1.500.000,00", 1_500_000),
        ("Rp. 26.000.000", 26_000_000),
        ("136.860.000", 136_860_000),
        (37500000.0, 37_500_000),
        ("-", 0),
    ],
)
def test_rupiah_text_becomes_an_integer(cell, expected):
    assert parse_rupiah(cell) == expected


def test_rupiah_that_is_not_a_number_is_refused():
    with pytest.raises(CellError, match="angka"):
        parse_rupiah("Rp empat juta")


@pytest.mark.parametrize(
    "cell, expected",
    [
        (89045674, "89045674"),
        (89045674.0, "89045674"),
        ("8904567", "08904567"),
        (" 890 456 74", "89045674"),
    ],
)
def test_an_nrp_typed_as_a_number_comes_back_as_eight_digit_text(cell, expected):
    assert parse_nrp(cell) == expected


@pytest.mark.parametrize("cell", ["", "ABC12345", "123456789"])
def test_an_nrp_that_cannot_be_eight_digits_is_refused(cell):
    with pytest.raises(CellError, match="NRP"):
        parse_nrp(cell)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Brigpol", "BRIGPOL"),
        ("BRIGADIR", "BRIGPOL"),
        ("Brig. Pol.", "BRIGPOL"),
        ("aiptu", "AIPTU"),
        ("Kompol", "KOMPOL"),
        ("Inspektur Polisi Dua", "IPDA"),
    ],
)
def test_ranks_in_any_usual_spelling_are_normalised(cell, expected):
    assert parse_rank(cell) == expected


def test_an_unknown_rank_is_refused():
    with pytest.raises(CellError, match="Pangkat"):
        parse_rank("Kapten")


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("081352301414", "+6281352301414"),
        ("+62 813-5230-1414", "+6281352301414"),
        ("6281352301414", "+6281352301414"),
        (81352301414, "+6281352301414"),
        ("", ""),
    ],
)
def test_phone_numbers_become_plus_62_form(cell, expected):
    assert parse_phone(cell) == expected


def test_a_phone_number_that_is_not_indonesian_is_refused():
    with pytest.raises(CellError, match="HP"):
        parse_phone("+44 20 7946 0000")


@pytest.mark.parametrize(
    "cell",
    [
        "2022-12-01",
        "Kamis, 1 Desember 2022",
        "1 Des 2022",
        "01/12/2022",
        44896,
        44896.0,
        datetime.datetime(2022, 12, 1, 10, 30),
        "Jum'at, 1 desember 2022",
    ],
)
def test_dates_come_as_iso_excel_serials_or_indonesian_text(cell):
    assert parse_date(cell) == datetime.date(2022, 12, 1)


@pytest.mark.parametrize("cell", ["31 Februari 2022", "kemarin", ""])
def test_a_date_that_does_not_exist_or_cannot_be_read_is_refused(cell):
    with pytest.raises(CellError, match="Tanggal"):
        parse_date(cell)


def test_times_read_colon_dot_and_excel_fractions():
    assert parse_time("07:30") == datetime.time(7, 30)
    assert parse_time("19.15 WIB") == datetime.time(19, 15)
    assert parse_time(0.3125) == datetime.time(7, 30)
    assert parse_time("-") is None


def test_decimals_take_a_comma_or_a_dot():
    assert parse_decimal("12,5") == Decimal("12.5")
    assert parse_decimal("12.5") == Decimal("12.5")
    assert parse_decimal("-") is None


@pytest.mark.parametrize(
    "a, b",
    [
        ("POLSEK CIKARANG BARAT", "Cikarang Barat"),
        ("Polsek Cikarang-Barat", "cikarang barat"),
        ("POLSEK KEDUNGWARINGIN", "Kedung Waringin"),
    ],
)
def test_unit_names_spelled_differently_match(a, b):
    assert unit_key(a) == unit_key(b)
