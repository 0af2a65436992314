"""`manage.py rekap` on the seeded demo prints the study's figures."""

import csv
import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.usefixtures("demo_db")


def rekap(table, *args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("rekap", table, "--format", "csv", *args, stdout=stdout, stderr=stderr)
    rows = list(csv.reader(io.StringIO(stdout.getvalue())))
    return rows, stderr.getvalue()


def by_label(rows, column=1):
    return {row[column]: row for row in rows[1:]}


def ints(values):
    return [int(value) for value in values]


def test_table_2_counts_366_areas_and_364_bhabin_in_16_units():
    rows, _ = rekap("bhabin")
    assert len(rows) == 1 + 16 + 1
    assert rows[1][1] == "POLRES METRO BEKASI"
    assert rows[-1][1:4] == ["JUMLAH", "366", "364"]
    assert by_label(rows)["POLSEK TARUMAJAYA"][2:] == ["19", "17", "Kurang 2 personel"]


def test_the_competency_table_follows_the_roster_and_reports_the_papers_faults():
    rows, stderr = rekap("kompetensi")
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total["POLRES/POLSEK"] == "JUMLAH"
    assert ints(
        [
            total["JML BABIN"],
            total["DIKUM SMA"],
            total["DIKUM S1"],
            total["DIKBANGSPES SUDAH"],
            total["DIKBANGSPES BELUM"],
            total["PELATIHAN SUDAH"],
        ]
    ) == [364, 331, 33, 119, 245, 364]

    differences = stderr.splitlines()
    assert differences[0].startswith("Selisih rekap kompetensi")
    assert any(
        "TARUMAJAYA: JML BABIN menurut roster 17, menurut rekap dilaporkan 19" in line
        for line in differences
    )
    # Bungin's reported row: 5 done + 7 not yet = 12, but 13 officers.
    assert any(
        "BUNGIN" in line and "SUDAH 5 + BELUM 7 = 12, padahal JML BABIN 13" in line
        for line in differences
    )


def test_table_3_counts_the_facilities_all_in_good_condition():
    rows, _ = rekap("sarpras")
    stock = [(row[1], ints(row[2:6])) for row in rows[1:-1]]
    assert [total for _, (total, *_) in stock] == [53, 15, 19, 347, 347, 347, 153]
    assert all(total == good for _, (total, good, _light, _heavy) in stock)
    assert rows[-1][1:3] == ["JUMLAH", str(53 + 15 + 19 + 3 * 347 + 153)]


def test_the_dipa_2021_pagu_totals_136_860_000():
    rows, _ = rekap("dipa")
    assert rows[-1][1] == "JUMLAH"
    assert rows[-1][3] == "136860000"
    pagu = {row[1]: int(row[3]) for row in rows[1:-1]}
    assert sorted(pagu.values(), reverse=True) == [47_360_000, 37_500_000, 26_000_000, 26_000_000]
    assert rows == rekap("dipa", "--year", "2021")[0]


def test_table_1_counts_the_conflicts_per_year():
    rows, _ = rekap("konflik")
    assert rows[0] == ["TAHUN", "2018", "2019", "2020", "2021", "2022", "JUMLAH"]
    assert rows[1] == ["Konflik Sosial", "35", "28", "10", "8", "23", "104"]
    categories = sorted(rows[2:], key=lambda row: -int(row[-1]))
    assert sum(int(row[-1]) for row in rows[2:]) == 104
    # Mostly inter-group clashes, then student brawls.
    assert [row[0] for row in categories[:2]] == ["Antar kelompok/warga", "Tawuran pelajar"]
