"""The real sample sheets 02-05 import through `manage.py import_sheet`, faults reported."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budget.models import BudgetLine, Facility, Realisation
from conflicts.models import YearlyConflictCount
from org.models import PoliceUnit
from personnel.models import CompetencyRecap
from tests.factories import PoliceUnitFactory

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"
COMPETENCY = SAMPLES / "02_data_kompetensi_bhabinkamtibmas.xlsx"
FACILITIES = SAMPLES / "03_data_sarpras_bhabinkamtibmas.xlsx"
DIPA = SAMPLES / "04_dipa_satbinmas_2021.xlsx"
CONFLICTS = SAMPLES / "05_data_konflik_sosial_2018_2022.xlsx"


def import_sheet(*args):
    stdout = io.StringIO()
    call_command("import_sheet", *map(str, args), stdout=stdout)
    return stdout.getvalue()


@pytest.fixture
def polres(db):
    """Polda PMJ, Polres PMJ-BKS and the 16 units of sample 01."""
    polda = PoliceUnitFactory(code="PMJ", name="Polda Metro Jaya", level="polda", parent=None)
    polres = PoliceUnitFactory(
        code="PMJ-BKS",
        name="Polres Metro Bekasi",
        level="polres",
        parent=polda,
        letterhead_name="RESOR METRO BEKASI",
    )
    import_sheet("units", SAMPLES / "01_data_bhabinkamtibmas.xlsx")
    return polres


def counts():
    return (
        CompetencyRecap.objects.count(),
        Facility.objects.count(),
        BudgetLine.objects.count(),
        Realisation.objects.count(),
        YearlyConflictCount.objects.count(),
    )


def test_the_minimal_database_has_the_polres_and_its_15_polsek(polres):
    assert PoliceUnit.objects.filter(parent=polres).count() == 15


def test_sample_02_imports_16_recaps_and_reports_the_papers_faults(polres):
    output = import_sheet("competency", COMPETENCY)

    assert "baru 16" in output
    assert CompetencyRecap.objects.count() == 16
    assert sum(CompetencyRecap.objects.values_list("officers", flat=True)) == 366
    assert "DIKBANGSPES SUDAH tertulis 119, padahal jumlah kolomnya 118" in output
    assert "POLSEK CABANGBUNGIN: DIKBANGSPES SUDAH 5 + BELUM 7 = 12, padahal JML BABIN 13" in (
        output
    )


def test_sample_02_reimported_changes_nothing(polres):
    import_sheet("competency", COMPETENCY, "--as-of", "2022-11-30")
    before = list(CompetencyRecap.objects.values_list("unit", "as_of", "officers", "source"))

    output = import_sheet("competency", COMPETENCY, "--as-of", "2022-12-31")

    assert "baru 0, diperbarui 0, tidak berubah 16" in output
    assert list(CompetencyRecap.objects.values_list("unit", "as_of", "officers", "source")) == (
        before
    )


def test_sample_03_imports_the_polres_stock_all_in_good_condition(polres):
    output = import_sheet("facilities", FACILITIES)

    assert "baru 7" in output
    stock = {
        item.facility_type.code: (item.condition, item.quantity)
        for item in Facility.objects.select_related("facility_type")
    }
    assert stock["ht"] == ("good", 15)
    assert stock["ranmor-r2"] == ("good", 53)
    assert set(Facility.objects.values_list("unit", flat=True)) == {polres.pk}
    assert "tidak berubah 7" in import_sheet("facilities", FACILITIES)
    assert Facility.objects.count() == 7


def test_sample_04_imports_the_dipa_2021_lines_whose_total_matches(polres):
    output = import_sheet("dipa", DIPA)

    lines = dict(BudgetLine.objects.filter(fiscal_year=2021).values_list("code", "pagu"))
    assert lines == {"a": 47_360_000, "b": 37_500_000, "c": 26_000_000, "d": 26_000_000}
    assert BudgetLine.objects.get(code="d").description == ""
    assert "PERIKSA" not in output and "GALAT" not in output
    assert "tidak berubah 4" in import_sheet("dipa", DIPA)


def test_sample_05_imports_table_1_on_its_side(polres):
    output = import_sheet("conflicts_per_year", CONFLICTS)

    assert "baru 5" in output
    assert dict(YearlyConflictCount.objects.values_list("year", "count")) == {
        2018: 35,
        2019: 28,
        2020: 10,
        2021: 8,
        2022: 23,
    }
    assert YearlyConflictCount.objects.filter(unit=polres).count() == 5
    assert "tidak berubah 5" in import_sheet("conflicts_per_year", CONFLICTS)


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("competency", COMPETENCY),
        ("facilities", FACILITIES),
        ("dipa", DIPA),
        ("conflicts_per_year", CONFLICTS),
    ],
)
def test_a_dry_run_of_each_sample_writes_nothing(polres, kind, path):
    output = import_sheet(kind, path, "--dry-run")

    assert "Uji coba" in output
    assert counts() == (0, 0, 0, 0, 0)


def test_a_dipa_sheet_without_a_year_is_refused_unless_year_is_given(polres, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(DIPA)
    book.active["A2"] = None
    untitled = tmp_path / "dipa_tanpa_tahun.xlsx"
    book.save(untitled)

    stdout = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_sheet", "dipa", str(untitled), stdout=stdout)
    assert "Tahun anggaran tidak ditemukan" in stdout.getvalue()
    assert BudgetLine.objects.count() == 0

    import_sheet("dipa", untitled, "--year", "2022")
    assert set(BudgetLine.objects.values_list("fiscal_year", flat=True)) == {2022}
