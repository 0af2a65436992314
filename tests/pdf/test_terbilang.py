"""Amounts in words, Rupiah figures and dates as official documents write them."""

import datetime
from decimal import Decimal

import pytest

from reports.terbilang import angka, bulan_romawi, rupiah, tanggal, terbilang


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (115, "seratus lima belas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (1111, "seribu seratus sebelas"),
        (2000, "dua ribu"),
        (11_000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (1_100_000, "satu juta seratus ribu"),
        (2_000_001, "dua juta satu"),
        (47_360_000, "empat puluh tujuh juta tiga ratus enam puluh ribu"),
        (136_860_000, "seratus tiga puluh enam juta delapan ratus enam puluh ribu"),
        (1_000_000_000, "satu miliar"),
        (1_000_001_000, "satu miliar seribu"),
        (2_000_000_000_000, "dua triliun"),
        (
            999_999_999_999_999,
            "sembilan ratus sembilan puluh sembilan triliun "
            "sembilan ratus sembilan puluh sembilan miliar "
            "sembilan ratus sembilan puluh sembilan juta "
            "sembilan ratus sembilan puluh sembilan ribu "
            "sembilan ratus sembilan puluh sembilan",
        ),
    ],
)
def test_it_writes_a_number_in_indonesian_words(number, words):
    assert terbilang(number, unit="") == words
    assert terbilang(number) == f"{words} rupiah"


def test_it_writes_the_dipa_total_the_paper_got_wrong():
    assert terbilang(136_860_000) == (
        "seratus tiga puluh enam juta delapan ratus enam puluh ribu rupiah"
    )


def test_it_accepts_a_whole_decimal():
    assert terbilang(Decimal("100000.00")) == "seratus ribu rupiah"


@pytest.mark.parametrize("bad", [-1, 10**15, Decimal("1.5"), 2.5])
def test_it_refuses_numbers_outside_its_range_or_with_a_fraction(bad):
    with pytest.raises(ValueError):
        terbilang(bad)


@pytest.mark.parametrize("bad", ["12", None, True])
def test_it_refuses_what_is_not_a_number(bad):
    with pytest.raises(TypeError):
        terbilang(bad)


@pytest.mark.parametrize(
    ("number", "figure"),
    [
        (0, "Rp0"),
        (100_000, "Rp100.000"),
        (136_860_000, "Rp136.860.000"),
        (2_000_000_000_000, "Rp2.000.000.000.000"),
        (-5000, "-Rp5.000"),
    ],
)
def test_it_writes_rupiah_with_dots_between_thousands(number, figure):
    assert rupiah(number) == figure


def test_it_writes_counts_with_dots_between_thousands():
    assert angka(1452) == "1.452"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2022, 12, 1), "1 Desember 2022"),
        (datetime.date(2022, 1, 31), "31 Januari 2022"),
        (datetime.date(2021, 5, 9), "9 Mei 2021"),
    ],
)
def test_it_writes_a_date_in_indonesian(day, text):
    assert tanggal(day) == text


def test_it_writes_a_month_in_roman_numerals_for_a_letter_number():
    assert [bulan_romawi(m) for m in (1, 4, 9, 11, 12)] == ["I", "IV", "IX", "XI", "XII"]
