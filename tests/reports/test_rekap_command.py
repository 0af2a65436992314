"""`manage.py rekap`: csv to stdout, xlsx to a file, differences to stderr, clear errors."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from org.models import PoliceUnit
from tests.factories import PoliceUnitFactory
from tests.reports.factories import CompetencyRecapFactory

pytestmark = pytest.mark.django_db


def rekap(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("rekap", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_it_prints_the_table_as_csv_by_default(recap_data):
    stdout, stderr = rekap("bhabin")
    rows = list(csv.reader(io.StringIO(stdout)))
    assert rows[0] == ["NO", "POLRES/POLSEK", "JUMLAH DESA/KEL", "JUMLAH BHABIN", "KET"]
    assert rows[2] == ["2", "POLSEK A", "3", "2", "Kurang 1 personel"]
    assert rows[-1] == ["", "JUMLAH", "6", "6", ""]
    assert stderr == ""


def test_the_unit_option_limits_the_table_to_the_unit_and_below(recap_data):
    rows = list(csv.reader(io.StringIO(rekap("bhabin", "--unit", "POLSEK-B")[0])))
    assert [row[1] for row in rows[1:]] == ["POLSEK B", "JUMLAH"]


def test_the_year_option_picks_the_dipa_year(recap_data):
    rows = list(csv.reader(io.StringIO(rekap("dipa", "--year", "2020")[0])))
    assert rows[1:] == [
        ["1", "Anggaran lama", "", "5", "0", "5"],
        ["", "JUMLAH", "", "5", "0", "5"],
    ]


def test_differences_go_to_stderr_so_that_stdout_stays_a_clean_csv(recap_data, polsek_a):
    CompetencyRecapFactory(unit=polsek_a, officers=4, sma=4)
    stdout, stderr = rekap("kompetensi")

    rows = list(csv.reader(io.StringIO(stdout)))
    assert all(len(row) == 11 for row in rows)
    assert rows[-1][:3] == ["", "JUMLAH", "6"]
    assert stderr.splitlines()[0].startswith("Selisih rekap kompetensi")
    assert "- POLSEK A: JML BABIN menurut roster 2, menurut rekap dilaporkan 4" in stderr


def test_it_writes_xlsx_to_the_file_given(recap_data, tmp_path):
    path = tmp_path / "dipa.xlsx"
    stdout, _ = rekap("dipa", "--format", "xlsx", "-o", str(path))

    assert str(path) in stdout
    rows = list(openpyxl.load_workbook(path)["DIPA 2021"].iter_rows(values_only=True))
    assert rows[-1] == (None, "JUMLAH", None, 84_860_000, 12_360_000, 72_500_000)


def test_it_writes_csv_to_the_file_given(recap_data, tmp_path):
    path = tmp_path / "konflik.csv"
    rekap("konflik", "-o", str(path))
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == ["Konflik Sosial", "2", "0", "2", "4"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["anggaran"], "Tabel rekap tidak dikenal: 'anggaran'"),
        (["bhabin", "--unit", "POLSEK-X"], "Kode satuan tidak dikenal: 'POLSEK-X'"),
        (["bhabin", "--format", "xlsx"], "Format xlsx perlu berkas keluaran"),
        (["bhabin", "--format", "pdf"], "Format tidak dikenal: 'pdf'"),
        (["dipa", "--year", "21"], "“21” bukan tahun (TTTT)."),
    ],
)
def test_a_bad_argument_stops_with_a_clear_message(recap_data, args, message):
    # The command speaks the configured language (Indonesian), whatever an earlier test left.
    with translation.override("id"), pytest.raises(CommandError, match=re.escape(message)):
        rekap(*args)


def test_without_any_unit_it_says_there_are_no_units():
    assert not PoliceUnit.objects.exists()
    with pytest.raises(CommandError, match="Belum ada satuan"):
        rekap("bhabin")


def test_with_two_polres_under_one_polda_it_covers_the_whole_tree(recap_data):
    PoliceUnitFactory(
        code="POLRES-2", level=PoliceUnit.Level.POLRES, name="Polres Lain", parent=recap_data.parent
    )
    rows = list(csv.reader(io.StringIO(rekap("bhabin")[0])))
    assert [row[1] for row in rows[1:3]] == ["POLDA UJI", "POLRES LAIN"]
    assert rows[-1] == ["", "JUMLAH", "6", "6", ""]


def test_with_two_separate_trees_it_asks_for_a_unit(recap_data):
    PoliceUnitFactory(code="POLDA-2", level=PoliceUnit.Level.POLDA, name="Polda Lain", parent=None)
    PoliceUnitFactory(code="POLRES-2", level=PoliceUnit.Level.POLRES, name="Polres Lain")
    with pytest.raises(CommandError, match="pilih satuan dengan --unit"):
        rekap("bhabin")


def test_a_dipa_recap_without_lines_stops_with_a_message(polsek_b):
    with pytest.raises(CommandError, match="Belum ada baris DIPA"):
        rekap("dipa", "--unit", "POLSEK-B")


def test_a_year_on_a_table_without_years_is_noted(recap_data):
    _, stderr = rekap("bhabin", "--year", "2021")
    assert "--year tidak dipakai" in stderr
