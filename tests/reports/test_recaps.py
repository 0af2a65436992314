"""The recap tables on the small tree of tests/reports/conftest.py."""

from decimal import Decimal

import pytest

from recaps.tables import RecapError, build_recap, staffing_note
from tests.reports.conftest import category
from tests.reports.factories import CompetencyRecapFactory, YearlyConflictCountFactory

pytestmark = pytest.mark.django_db


def by_label(table, column=1):
    return {row[column]: row for row in table.rows}


class TestBhabin:
    def test_it_lists_the_polres_first_then_its_polsek_in_order(self, recap_data):
        table = build_recap("bhabin", recap_data)
        assert [row[:2] for row in table.rows] == [
            [1, "POLRES UJI"],
            [2, "POLSEK A"],
            [3, "POLSEK B"],
        ]

    def test_it_counts_active_areas_and_active_bhabin_only(self, recap_data):
        rows = by_label(build_recap("bhabin", recap_data))
        assert rows["POLRES UJI"][2:] == [2, 2, "1 Bhabin 1 Desa"]
        assert rows["POLSEK A"][2:] == [3, 2, "Kurang 1 personel"]
        assert rows["POLSEK B"][2:] == [1, 2, "Lebih 1 personel"]

    def test_its_jumlah_row_adds_up_the_units(self, recap_data):
        assert build_recap("bhabin", recap_data).total == [None, "JUMLAH", 6, 6, None]

    def test_a_polsek_as_root_limits_the_recap_to_that_polsek(self, recap_data, polsek_a):
        table = build_recap("bhabin", polsek_a)
        assert table.rows == [[1, "POLSEK A", 3, 2, "Kurang 1 personel"]]
        assert table.total == [None, "JUMLAH", 3, 2, None]

    def test_a_unit_with_no_areas_and_no_officers_has_no_note(self):
        assert staffing_note(0, 0) == ""


class TestKompetensi:
    def test_it_counts_education_dikbangspes_and_training_from_the_roster(self, recap_data):
        table = build_recap("kompetensi", recap_data)
        assert table.header[2:] == [
            "JML BABIN",
            "DIKUM SMA",
            "DIKUM D3",
            "DIKUM S1",
            "DIKUM S2",
            "DIKBANGSPES SUDAH",
            "DIKBANGSPES BELUM",
            "PELATIHAN SUDAH",
            "PELATIHAN BELUM",
        ]
        rows = by_label(table)
        assert rows["POLRES UJI"][2:] == [2, 1, 0, 1, 0, 1, 1, 2, 0]
        assert rows["POLSEK A"][2:] == [2, 1, 1, 0, 0, 1, 1, 1, 1]
        # Polsek B's S2 officer holds a dikbangspes record, which is not training.
        assert rows["POLSEK B"][2:] == [2, 1, 0, 0, 1, 0, 2, 0, 2]
        assert table.total == [None, "JUMLAH", 6, 3, 1, 1, 1, 2, 4, 3, 3]

    def test_without_reported_recaps_there_is_nothing_to_compare(self, recap_data):
        assert build_recap("kompetensi", recap_data).differences == []

    def test_it_lists_each_reported_figure_that_differs_from_the_roster(self, recap_data, polsek_a):
        CompetencyRecapFactory(
            unit=polsek_a,
            officers=4,
            sma=3,
            s1=1,
            dikbangspes_done=1,
            dikbangspes_not_yet=3,
            training_done=1,
            training_not_yet=3,
        )
        table = build_recap("kompetensi", recap_data)

        assert "POLSEK A: JML BABIN menurut roster 2, menurut rekap dilaporkan 4" in (
            table.differences
        )
        assert "POLSEK A: DIKUM SMA menurut roster 1, menurut rekap dilaporkan 3" in (
            table.differences
        )
        assert "POLSEK A: DIKBANGSPES SUDAH menurut roster 1, menurut rekap dilaporkan 1" not in (
            table.differences
        )
        # The roster wins: the table keeps the roster's figures.
        assert by_label(table)["POLSEK A"][2] == 2
        assert table.differences_heading.startswith("Selisih")

    def test_it_finds_a_reported_row_whose_parts_do_not_make_its_total(self, recap_data, polsek_b):
        # The study's Bungin row: 5 done + 7 not yet = 12, but 13 officers.
        CompetencyRecapFactory(
            unit=polsek_b,
            officers=13,
            sma=12,
            s1=1,
            dikbangspes_done=5,
            dikbangspes_not_yet=7,
            training_done=13,
            training_not_yet=0,
        )
        differences = build_recap("kompetensi", recap_data).differences
        faults = [text for text in differences if "tidak berjumlah benar" in text]
        assert faults == [
            "POLSEK B: rekap dilaporkan 01-12-2022 tidak berjumlah benar: "
            "DIKBANGSPES SUDAH 5 + BELUM 7 = 12, padahal JML BABIN 13"
        ]

    def test_it_compares_the_total_of_the_units_that_reported(self, recap_data, polres, polsek_a):
        CompetencyRecapFactory(unit=polres, officers=2, sma=1, s1=1, training_done=2)
        CompetencyRecapFactory(unit=polsek_a, officers=3, sma=2, s1=1, training_done=3)
        differences = build_recap("kompetensi", recap_data).differences
        assert (
            "JUMLAH (2 satuan yang melapor): JML BABIN menurut roster 4, menurut rekap dilaporkan 5"
            in differences
        )

    def test_it_compares_only_the_units_that_reported(self, recap_data, polsek_b):
        CompetencyRecapFactory(
            unit=polsek_b,
            officers=2,
            sma=1,
            s1=1,
            dikbangspes_done=0,
            dikbangspes_not_yet=2,
            training_done=0,
            training_not_yet=2,
        )
        assert build_recap("kompetensi", recap_data).differences == [
            # The reported row has no D3/S2 column: its SMA + S1 is all it can say.
            "POLSEK B: DIKUM S1 menurut roster 0, menurut rekap dilaporkan 1",
            "JUMLAH (1 satuan yang melapor): DIKUM S1 menurut roster 0, menurut rekap dilaporkan 1",
        ]


class TestSarpras:
    def test_it_sums_the_stock_of_each_type_by_condition(self, recap_data):
        table = build_recap("sarpras", recap_data)
        assert table.header == [
            "NO",
            "JENIS ALAT",
            "JUMLAH",
            "BAIK",
            "RUSAK RINGAN",
            "RUSAK BERAT",
            "JUMLAH BHABIN",
            "BHABIN PER UNIT",
        ]
        rows = by_label(table)
        assert rows["Ranmor (R-2)"] == [1, "Ranmor (R-2)", 5, 3, 1, 1, 6, Decimal("1.2")]
        assert rows["Megaphone"][2:] == [3, 3, 0, 0, 6, Decimal("2.0")]

    def test_it_lists_every_facility_type_even_without_stock(self, recap_data):
        table = build_recap("sarpras", recap_data)
        assert len(table.rows) == 7
        assert by_label(table)["Handy Talky (HT)"][2:] == [0, 0, 0, 0, 6, None]

    def test_its_jumlah_row_adds_up_the_stock(self, recap_data):
        assert build_recap("sarpras", recap_data).total == [None, "JUMLAH", 8, 6, 1, 1, None, None]

    def test_a_polsek_as_root_counts_its_own_stock_and_officers(self, recap_data, polsek_a):
        rows = by_label(build_recap("sarpras", polsek_a))
        assert rows["Ranmor (R-2)"][2:] == [2, 1, 1, 0, 2, Decimal("1.0")]


class TestDipa:
    def test_the_remainder_is_the_effective_pagu_less_the_realisation(self, recap_data):
        table = build_recap("dipa", recap_data)
        assert table.header == [
            "NO",
            "KEGIATAN",
            "URAIAN",
            "PAGU (Rp)",
            "REALISASI (Rp)",
            "SISA (Rp)",
        ]
        assert table.rows == [
            [
                1,
                "Anggaran Bimkamsa",
                "Pembinaan Keamanan Swakarsa",
                47_360_000,
                12_360_000,
                35_000_000,
            ],
            [2, "Anggaran Bimtibnas", "", 37_500_000, 0, 37_500_000],
        ]
        assert table.total == [None, "JUMLAH", None, 84_860_000, 12_360_000, 72_500_000]

    def test_it_defaults_to_the_latest_year_with_lines(self, recap_data):
        assert build_recap("dipa", recap_data).title[1] == "TAHUN ANGGARAN 2021"

    def test_it_shows_the_year_asked_for(self, recap_data):
        table = build_recap("dipa", recap_data, year=2020)
        assert table.rows == [[1, "Anggaran lama", "", 5, 0, 5]]

    def test_without_any_lines_it_says_so(self, polsek_b):
        with pytest.raises(RecapError, match="Belum ada baris DIPA"):
            build_recap("dipa", polsek_b)


class TestKonflik:
    def test_it_counts_incidents_per_year_with_the_years_across(self, recap_data):
        table = build_recap("konflik", recap_data)
        assert table.header == ["TAHUN", 2018, 2019, 2020, "JUMLAH"]
        assert table.rows[0] == ["Konflik Sosial", 2, 0, 2, 4]
        assert table.total is None

    def test_it_has_a_row_per_category_in_order(self, recap_data):
        rows = by_label(build_recap("konflik", recap_data), column=0)
        assert rows[category("antar-kelompok").name] == ["Antar kelompok/warga", 2, 0, 1, 3]
        assert rows[category("tawuran-pelajar").name] == ["Tawuran pelajar", 0, 0, 1, 1]
        assert rows["Sengketa lahan"] == ["Sengketa lahan", 0, 0, 0, 0]

    def test_a_year_limits_it_to_that_year(self, recap_data):
        table = build_recap("konflik", recap_data, year=2020)
        assert table.header == ["TAHUN", 2020, "JUMLAH"]
        assert table.rows[0] == ["Konflik Sosial", 2, 2]

    def test_a_polsek_as_root_counts_its_own_incidents(self, recap_data, polsek_a):
        table = build_recap("konflik", polsek_a)
        assert table.rows[0] == ["Konflik Sosial", 1, 0, 1, 2]

    def test_it_lists_a_reported_count_that_differs_from_the_incidents(
        self, recap_data, polres, polsek_b
    ):
        # The Polres reports for its whole area; a Polsek for its own.
        YearlyConflictCountFactory(unit=polres, year=2018, count=2)
        YearlyConflictCountFactory(unit=polres, year=2020, count=3)
        YearlyConflictCountFactory(unit=polsek_b, year=2020, count=1)
        YearlyConflictCountFactory(unit=polsek_b, year=2021, count=4)
        assert build_recap("konflik", recap_data).differences == [
            "POLRES UJI, tahun 2020: konflik menurut data kejadian 2, menurut jumlah dilaporkan 3",
            "POLSEK B, tahun 2021: konflik menurut data kejadian 0, menurut jumlah dilaporkan 4",
        ]

    def test_a_reported_year_without_incidents_still_gets_a_column(self, recap_data, polres):
        YearlyConflictCountFactory(unit=polres, year=2022, count=0)
        assert build_recap("konflik", recap_data).header[-2:] == [2022, "JUMLAH"]
