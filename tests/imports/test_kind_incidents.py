"""The "incidents" kind: the social-conflict list (sample 07) into Incident rows, all or nothing."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conflicts.models import Incident, YearlyConflictCount
from imports.kinds.incidents import parse_handling, split_rank
from imports.models import ImportBatch
from imports.services import import_file
from tests.factories import IncidentFactory, OfficerFactory, PoliceUnitFactory

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures"
HEADER = [
    "NO", "HARI/TANGGAL", "WAKTU", "KESATUAN", "TKP (DESA/KEL)", "JENIS KONFLIK",
    "MODUS OPERANDI", "KORBAN LUKA", "KORBAN MD", "PENANGANAN", "BHABINKAMTIBMAS",
]  # fmt: skip


def sheet(*rows, header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    padding = [""] * (len(header) - 1)  # as Excel saves a CSV: every line as wide as the table
    writer.writerow(["REKAPITULASI KONFLIK SOSIAL", *padding])
    writer.writerow(["", *padding])
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def row(number=1, **overrides):
    values = {
        "date": "2022-03-04",
        "time": "07:30",
        "unit": "POLSEK A",
        "place": "Desa A1",
        "category": "Antar kelompok/warga",
        "modus": "Pengeroyokan",
        "injuries": "2",
        "deaths": "-",
        "handling": "Selesai (mediasi)",
        "officer": "BRIPKA Cecep Pratama",
    }
    values.update(overrides)
    return [number, *values.values()]


def run(polres, data, **kwargs):
    return import_file(
        kind="incidents", data=data, filename="konflik.csv", unit=polres, options={}, **kwargs
    )


@pytest.fixture
def cecep(polsek_a):
    return OfficerFactory(unit=polsek_a, name="Cecep Pratama", rank="BRIPKA")


def test_it_creates_an_incident_with_its_unit_area_category_handling_and_officer(
    polres, polsek_a, area_a1, cecep
):
    result = run(polres, sheet(row()))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert result.batch.rows_new == 1
    incident = Incident.objects.get()
    assert incident.reference.startswith("IMP-")
    assert (incident.unit, incident.area, incident.place) == (polsek_a, area_a1, "Desa A1")
    assert incident.category.code == "antar-kelompok"
    assert incident.occurred_on == datetime.date(2022, 3, 4)
    assert incident.occurred_time == datetime.time(7, 30)
    assert incident.date_precision == Incident.DatePrecision.DAY
    assert (incident.handling, incident.outcome) == ("mediation", "resolved")
    assert incident.handling_officer == cecep
    assert incident.handling_officer_text == "BRIPKA Cecep Pratama"
    assert incident.modus_operandi == "Pengeroyokan"


def test_a_dash_or_blank_casualty_is_stored_as_unknown_not_zero(polres, area_a1, cecep):
    run(polres, sheet(row(1, injuries="-", deaths=""), row(2, place="Pasar", injuries="0")))

    village, market = Incident.objects.order_by("place")
    assert (village.injuries, village.deaths) == (None, None)
    assert (market.injuries, market.deaths) == (0, None)


def test_importing_the_same_file_again_is_unchanged_and_writes_no_incident(polres, area_a1, cecep):
    data = sheet(row(1), row(2, place="Pasar Baru", time=""))
    run(polres, data)

    with CaptureQueriesContext(connection) as queries:
        result = run(polres, data)

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert (result.batch.rows_new, result.batch.rows_unchanged) == (0, 2)
    assert Incident.objects.count() == 2
    writes = [q["sql"] for q in queries if "conflicts_incident" in q["sql"]]
    assert not [sql for sql in writes if sql.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_changed_outcome_updates_the_incident_it_refers_to(polres, area_a1, cecep):
    run(polres, sheet(row(handling="Dalam pemantauan")))

    result = run(polres, sheet(row(handling="Selesai (mediasi)")))

    assert result.batch.rows_updated == 1
    incident = Incident.objects.get()
    assert (incident.handling, incident.outcome) == ("mediation", "resolved")


def test_an_incident_already_recorded_under_another_reference_is_not_created_twice(
    polres, polsek_a, area_a1, cecep
):
    IncidentFactory(
        reference="2022-01",
        unit=polsek_a,
        occurred_on=datetime.date(2022, 3, 4),
        occurred_time=datetime.time(7, 30),
        place="Desa A1",
    )

    result = run(polres, sheet(row()))

    assert result.batch.rows_new == 0
    assert Incident.objects.get().reference == "2022-01"


def test_a_report_number_column_is_the_reference(polres, area_a1, cecep):
    header = [*HEADER, "NO LP"]
    data = sheet(row(1) + ["LP/B/12/III/2022"], header=header)

    run(polres, data)

    assert Incident.objects.get().reference == "LP/B/12/III/2022"


def test_dates_written_in_indonesian_or_as_excel_serials_are_read(polres, area_a1, cecep):
    data = sheet(
        row(1, date="Kamis, 1 Desember 2022", place="Balai desa"),
        row(2, date="44896", place="Pasar"),
        row(3, date="5 Agustus 2022", place="Lapangan"),
    )

    run(polres, data)

    dates = dict(Incident.objects.values_list("place", "occurred_on"))
    assert dates == {
        "Balai desa": datetime.date(2022, 12, 1),
        "Pasar": datetime.date(2022, 12, 1),
        "Lapangan": datetime.date(2022, 8, 5),
    }


def test_an_officer_not_found_in_the_unit_is_kept_as_text_with_a_warning(polres, area_a1, cecep):
    result = run(polres, sheet(row(officer="AIPDA Budi Tidakada")))

    incident = Incident.objects.get()
    assert incident.handling_officer is None
    assert incident.handling_officer_text == "AIPDA Budi Tidakada"
    messages = [f.message for f in result.plan.findings]
    assert "1 nama Bhabinkamtibmas tidak cocok dengan personel satuannya" in messages[0]


def test_an_officer_of_the_same_name_in_another_unit_is_not_matched(polres, polsek_b, area_a1):
    OfficerFactory(unit=polsek_b, name="Cecep Pratama", rank="BRIPKA")

    run(polres, sheet(row()))

    assert Incident.objects.get().handling_officer is None


def test_a_place_that_is_not_an_assisted_area_is_kept_without_one(polres, area_a1, cecep):
    result = run(polres, sheet(row(place="Jalan Raya Kalimalang")))

    incident = Incident.objects.get()
    assert (incident.area, incident.place) == (None, "Jalan Raya Kalimalang")
    assert any("1 TKP tidak cocok" in f.message for f in result.plan.findings)


def test_a_year_whose_count_differs_from_the_reported_figure_gets_a_warning(polres, area_a1, cecep):
    YearlyConflictCount.objects.create(unit=polres, year=2022, count=23)

    result = run(polres, sheet(row()))

    assert result.ok
    assert any(
        "Tahun 2022: berkas memuat 1 kejadian" in f.message and "23" in f.message
        for f in result.plan.findings
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit": "POLSEK ANTAH"}, "Satuan 'POLSEK ANTAH' tidak dikenal"),
        ({"category": "Perang bintang"}, "Pilihan: Antar kelompok/warga; Tawuran pelajar"),
        ({"handling": "Dibiarkan"}, "Penanganan 'Dibiarkan' tidak dikenal"),
        ({"handling": "Mediasi gagal, proses sidik"}, "lebih dari satu cara"),
        ({"date": "31 Februari 2022"}, "bukan tanggal yang ada"),
        ({"date": "2099-01-01"}, "belum terjadi"),
        ({"time": "25:00"}, "Waktu kejadian '25:00' tidak dikenali"),
        ({"injuries": "dua"}, "Korban luka harus berupa angka"),
        ({"place": ""}, "TKP wajib diisi"),
    ],
)
def test_a_row_error_refuses_the_whole_file_and_writes_nothing(
    polres, area_a1, cecep, overrides, message
):
    result = run(polres, sheet(row(1, place="Pasar"), row(2, **overrides)))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert (result.batch.rows_new, result.batch.rows_error) == (1, 1)
    errors = [o for o in result.plan.outcomes if o.status == "error"]
    assert errors[0].row == 5 and message in errors[0].message
    assert Incident.objects.count() == 0


def test_the_same_incident_twice_in_a_file_is_an_error_on_the_second(polres, area_a1, cecep):
    result = run(polres, sheet(row(1), row(2, modus="Pelemparan batu")))

    assert result.batch.status == ImportBatch.Status.REJECTED
    (error,) = [o for o in result.plan.outcomes if o.status == "error"]
    assert error.row == 5
    assert "sama dengan baris 4" in error.message
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selesai (mediasi)", ("mediation", "resolved")),
        ("Proses sidik", ("law_enforcement", "in_process")),
        ("Dalam pemantauan", ("monitoring", "monitoring")),
        ("Mediasi", ("mediation", "unknown")),
        ("Diversi, selesai", ("mediation", "resolved")),
        ("Lidik", ("law_enforcement", "in_process")),
        ("Penyelidikan", ("law_enforcement", "in_process")),
        ("Pantau", ("monitoring", "monitoring")),
        ("RJ / restorative justice, tuntas", ("mediation", "resolved")),
    ],
)
def test_handling_is_read_from_the_usual_spellings(text, expected):
    assert parse_handling(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BRIPKA Cecep Pratama", ("BRIPKA", "Cecep Pratama")),
        ("Brigadir Polisi Satu Dede", ("BRIPTU", "Dede")),
        ("Brig. Pol. Eko Lubis", ("BRIGPOL", "Eko Lubis")),
        ("Cecep Pratama", ("", "Cecep Pratama")),
    ],
)
def test_the_rank_is_split_from_the_officer_name(text, expected):
    assert split_rank(text) == expected


@pytest.fixture
def bekasi(db):
    """Polres Metro Bekasi from the sample sheets, as an operator would load it by command."""
    polda = PoliceUnitFactory(code="PMJ", name="Polda Metro Jaya", level="polda", parent=None)
    PoliceUnitFactory(
        code="PMJ-BKS",
        name="Polres Metro Bekasi",
        level="polres",
        parent=polda,
        letterhead_name="RESOR METRO BEKASI",
    )
    out = io.StringIO()
    samples = SAMPLES / "samples"
    call_command("load_wilayah", stdout=out)  # the Kemendagri desa codes the areas refer to
    call_command("import_sheet", "units", samples / "01_data_bhabinkamtibmas.xlsx", stdout=out)
    call_command("import_sheet", "areas", SAMPLES / "demo" / "wilayah_binaan.csv", stdout=out)
    call_command(
        "import_sheet",
        "roster",
        samples / "06_data_personil_bhabinkamtibmas.xlsx",
        "--as-of",
        "2022-01-01",
        stdout=out,
    )


def test_sample_07_imports_23_incidents_and_a_second_run_changes_nothing(bekasi):
    sample = SAMPLES / "samples" / "07_rekap_konflik_sosial_2022.xlsx"
    out = io.StringIO()

    call_command("import_sheet", "incidents", sample, stdout=out)

    assert "baru 23" in out.getvalue()
    assert Incident.objects.count() == 23
    assert Incident.objects.filter(handling_officer__isnull=False).count() == 23
    first = Incident.objects.get(occurred_on=datetime.date(2022, 1, 4))
    assert (first.unit.name, first.place) == ("Polsek Tarumajaya", "Perumahan Taman Mekar 3")
    assert first.area is not None
    assert (first.injuries, first.deaths, first.handling) == (None, 1, "monitoring")
    assert first.handling_officer.nrp == "79031275"

    again = io.StringIO()
    call_command("import_sheet", "incidents", sample, stdout=again)

    assert "baru 0, diperbarui 0, tidak berubah 23" in again.getvalue()
    assert Incident.objects.count() == 23
