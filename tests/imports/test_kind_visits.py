"""The "visits" kind: a historic visit log into Visit rows, all or nothing, in fixed queries."""

import csv
import datetime
import io
import math
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bhabin.models import ReviewStatus, Visit
from imports.models import ImportBatch
from imports.services import import_file
from tests.factories import AssistedAreaFactory, OfficerFactory

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
HEADER = ["TANGGAL", "JAM", "NRP", "DESA/KEL", "KEGIATAN", "JUMLAH KK", "JUMLAH WARGA", "URAIAN"]


def log(*rows, header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def row(**overrides):
    values = {
        "date": "2022-08-01",
        "time": "09:15",
        "nrp": "80000001",
        "area": "Desa A1",
        "activity": "Sambang",
        "households": "5",
        "people": "8",
        "narrative": "Sambang ke rumah warga, mendengarkan keluhan soal parkir liar.",
    }
    values.update(overrides)
    return list(values.values())


def run(unit, data):
    return import_file(kind="visits", data=data, filename="log.csv", unit=unit, options={})


@pytest.fixture
def dodi(polsek_a, area_a1):
    return OfficerFactory(unit=polsek_a, nrp="80000001", name="Dodi")


def test_it_creates_accepted_imported_visits_by_nrp_area_and_activity_alias(polres, area_a1, dodi):
    result = run(polres, log(row(), row(time="14:00", activity="Door to door")))

    assert result.batch.status == ImportBatch.Status.IMPORTED
    assert result.batch.rows_new == 2
    visit = Visit.objects.get(occurred_at=datetime.datetime(2022, 8, 1, 9, 15, tzinfo=JAKARTA))
    assert (visit.officer, visit.area, visit.activity.code) == (dodi, area_a1, "sambang-keluhan")
    assert (visit.households_visited, visit.people_met) == (5, 8)
    assert (visit.source, visit.status) == (Visit.Source.IMPORT, ReviewStatus.ACCEPTED)
    assert visit.narrative.startswith("Sambang ke rumah warga")


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("DDS", "sambang-keluhan"),
        ("Penyuluhan", "penyuluhan"),
        ("Problem solving", "mediasi"),
        ("MEDIASI", "mediasi"),
        ("siskamling", "siskamling"),
        ("kegiatan-positif", "kegiatan-positif"),
    ],
)
def test_an_activity_is_found_by_alias_name_or_code(polres, area_a1, dodi, alias, code):
    run(polres, log(row(activity=alias)))

    assert Visit.objects.get().activity.code == code


def test_importing_the_same_log_again_is_unchanged_and_inserts_nothing(polres, area_a1, dodi):
    data = log(row(), row(date="2022-08-02"))
    run(polres, data)

    with CaptureQueriesContext(connection) as queries:
        result = run(polres, data)

    assert (result.batch.rows_new, result.batch.rows_unchanged) == (0, 2)
    assert Visit.objects.count() == 2
    assert not [q for q in queries if q["sql"].startswith("INSERT") and "bhabin_visit" in q["sql"]]


def test_dates_in_indonesian_text_excel_serials_and_with_the_time_in_the_date_cell_are_read(
    polres, area_a1, dodi
):
    data = log(
        row(date="Kamis, 1 Desember 2022", time=""),
        row(date="44896", time="10.30"),
        row(date="2022-12-02 16:45", time=""),
    )

    run(polres, data)

    moments = sorted(
        v.astimezone(JAKARTA) for v in Visit.objects.values_list("occurred_at", flat=True)
    )
    assert moments == [
        datetime.datetime(2022, 12, 1, 0, 0, tzinfo=JAKARTA),
        datetime.datetime(2022, 12, 1, 10, 30, tzinfo=JAKARTA),
        datetime.datetime(2022, 12, 2, 16, 45, tzinfo=JAKARTA),
    ]


def test_the_area_may_be_given_by_its_code(polres, polsek_a, dodi):
    estate = AssistedAreaFactory(unit=polsek_a, code="32.16.03.2001.01", name="Perumahan X")

    run(polres, log(row(area="32.16.03.2001.01")))

    assert Visit.objects.get().area == estate


@pytest.fixture
def colleague_b(polsek_b, area_b1):
    return OfficerFactory(unit=polsek_b, nrp="80000002")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nrp": "12345678"}, "NRP 12345678 tidak terdaftar"),
        ({"nrp": "1234abcd"}, "NRP '1234abcd' bukan 8 angka"),
        ({"area": "Desa B1"}, "Wilayah binaan 'Desa B1' tidak ditemukan di Polsek A"),
        ({"activity": "Main catur"}, "KEGIATAN 'Main catur' tidak dikenal sebagai kegiatan."),
        ({"date": "2099-01-01"}, "belum terjadi"),
        ({"date": "30 Februari 2022"}, "bukan tanggal yang ada"),
        ({"time": "25.00"}, "Waktu kunjungan '25.00' tidak dikenali"),
        ({"households": "lima"}, "Jumlah KK harus berupa angka"),
        ({"narrative": ""}, "URAIAN wajib diisi"),
    ],
)
def test_a_row_error_refuses_the_whole_log_and_writes_nothing(
    polres, area_a1, dodi, overrides, message
):
    result = run(polres, log(row(), row(**overrides)))

    assert result.batch.status == ImportBatch.Status.REJECTED
    (error,) = [o for o in result.plan.outcomes if o.status == "error"]
    assert error.row == 3
    assert message in error.message
    assert Visit.objects.count() == 0
    assert ImportBatch.objects.get().rows_error == 1


def test_an_officer_outside_the_importing_unit_is_refused(polsek_a, area_a1, dodi, colleague_b):
    result = run(polsek_a, log(row(), row(nrp="80000002", area="Desa B1")))

    assert result.batch.status == ImportBatch.Status.REJECTED
    (error,) = [o for o in result.plan.outcomes if o.status == "error"]
    assert "NRP 80000002 terdaftar di satuan lain" in error.message
    assert Visit.objects.count() == 0


def test_the_same_visit_twice_in_a_log_is_an_error_on_the_second(polres, area_a1, dodi):
    result = run(polres, log(row(), row(), row(time="11:00")))

    assert result.batch.status == ImportBatch.Status.REJECTED
    (error,) = [o for o in result.plan.outcomes if o.status == "error"]
    assert (error.row, error.message) == (3, "Kunjungan ganda: sama dengan baris 2.")


def test_a_log_without_an_area_column_is_refused_before_any_row(polres, dodi):
    header = [h for h in HEADER if h != "DESA/KEL"]
    result = run(polres, log(header=header))

    assert result.batch.status == ImportBatch.Status.REJECTED
    assert "KODE WILAYAH" in result.batch.message


def visit_rows(count, nrps):
    start = datetime.date(2022, 1, 1)
    return [
        row(nrp=nrps[n % len(nrps)], date=(start + datetime.timedelta(days=n)).isoformat())
        for n in range(count)
    ]


def test_planning_and_writing_take_as_many_queries_for_200_rows_as_for_10(polres, polsek_a):
    # Per file, whatever its length: the unit tree (2), areas, activities, officers by NRP,
    # stored client ids, the batch log, and the visits inserted in statements of up to 2,000
    # rows (PostgreSQL: one statement here; SQLite allows 999 parameters, so about 50 rows).
    officers = [OfficerFactory(unit=polsek_a) for _ in range(3)]
    AssistedAreaFactory(unit=polsek_a, name="Desa A1")
    nrps = [o.nrp for o in officers]

    with CaptureQueriesContext(connection) as small:
        assert run(polres, log(*visit_rows(10, nrps))).batch.rows_new == 10
    Visit.objects.all().delete()
    with CaptureQueriesContext(connection) as large:
        assert run(polres, log(*visit_rows(200, nrps))).batch.rows_new == 200

    assert len(other_queries(large)) == len(other_queries(small))
    assert len(visit_inserts(small)) == 1
    assert len(visit_inserts(large)) == math.ceil(200 / rows_per_insert(200))
    assert Visit.objects.count() == 200


def visit_inserts(queries):
    return [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "bhabin_visit"')]


def other_queries(queries):
    return [q["sql"] for q in queries if not q["sql"].startswith('INSERT INTO "bhabin_visit"')]


def rows_per_insert(count):
    fields = [f for f in Visit._meta.concrete_fields if not f.primary_key]
    return min(2000, connection.ops.bulk_batch_size(fields, [None] * count))


def test_an_import_keeps_the_monthly_aggregates_equal_to_a_recount(polres, area_a1, dodi):
    from bhabin.models import AreaMonth
    from bhabin.services.aggregates import area_months_rebuild

    result = run(polres, log(row(), row(date="2022-09-03", narrative="Sambang kedua " * 5)))
    assert result.batch.status == ImportBatch.Status.IMPORTED
    imported = sorted(AreaMonth.objects.values_list("area_id", "month", "visits"))
    area_months_rebuild()
    assert sorted(AreaMonth.objects.values_list("area_id", "month", "visits")) == imported
    assert [count for _, _, count in imported] == [1, 1]
