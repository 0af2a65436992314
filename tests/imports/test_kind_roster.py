"""Kind "roster": combined columns (rank or name with the NRP in one cell) and true findings."""

import csv
import io

import pytest

from conflicts.models import Incident
from imports.models import ImportBatch
from imports.services import import_file
from personnel.models import Officer
from tests.factories import OfficerFactory

Status = ImportBatch.Status


def sheet(header, *rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["DAFTAR PERSONEL BHABINKAMTIBMAS"])
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def run(unit, data):
    return import_file(kind="roster", data=data, filename="roster.csv", unit=unit, options={})


def officers():
    return sorted(Officer.objects.values_list("nrp", "rank", "name"))


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        # The way Polri letters print them, under a heading that says so.
        (
            ["NO", "NAMA", "PANGKAT/NRP", "KESATUAN", "DIKUM"],
            ["Bripka / 87011234", "AIPDA/79120345"],
        ),
        # Under PANGKAT alone, recognised by what the cells hold.
        (["NO", "NAMA", "PANGKAT", "KESATUAN", "DIKUM"], ["BRIPKA / 87011234", "Aipda 79120345"]),
    ],
)
def test_rank_and_nrp_in_one_column_import(polres, polsek_a, header, cells):
    data = sheet(
        header,
        ["1", "CECEP PRATAMA", cells[0], polsek_a.name, "SMA"],
        ["2", "Dewi Lestari", cells[1], polsek_a.name, "S1"],
    )

    result = run(polres, data)

    assert result.batch.status == Status.IMPORTED, result.batch.report["rows"]
    assert officers() == [
        ("79120345", "AIPDA", "Dewi Lestari"),
        ("87011234", "BRIPKA", "Cecep Pratama"),
    ]


def test_name_and_nrp_in_one_column_import(polres, polsek_a):
    data = sheet(
        ["NO", "NAMA / NRP", "PANGKAT", "KESATUAN", "DIKUM"],
        ["1", "Cecep Pratama / 87011234", "BRIPKA", polsek_a.name, "SMA"],
    )

    result = run(polres, data)

    assert result.batch.status == Status.IMPORTED
    assert officers() == [("87011234", "BRIPKA", "Cecep Pratama")]


def test_a_combined_cell_without_an_nrp_is_a_row_error_and_nothing_is_written(polres, polsek_a):
    data = sheet(
        ["NO", "NAMA", "PANGKAT/NRP", "KESATUAN", "DIKUM"],
        ["1", "Cecep Pratama", "BRIPKA / 87011234", polsek_a.name, "SMA"],
        ["2", "Dewi Lestari", "AIPDA", polsek_a.name, "SMA"],
    )

    result = run(polres, data)

    assert result.batch.status == Status.REJECTED
    assert [row[1] for row in result.batch.report["rows"]] == ["new", "error"]
    assert officers() == []


def test_a_rank_column_without_nrps_is_not_taken_for_a_combined_one(polres, polsek_a):
    data = sheet(
        ["NO", "NAMA", "PANGKAT", "KESATUAN", "DIKUM"],
        ["1", "Cecep Pratama", "BRIPKA", polsek_a.name, "SMA"],
    )

    result = run(polres, data)

    assert result.batch.status == Status.REJECTED
    assert "NRP" in result.batch.message


def test_missing_officers_are_only_those_of_the_kinds_the_file_holds(polres, polsek_a):
    OfficerFactory(unit=polsek_a, nrp="80000001", position=Officer.Position.BHABIN)
    OfficerFactory(unit=polsek_a, nrp="80000002", position=Officer.Position.BHABIN)
    OfficerFactory(unit=polsek_a, nrp="80000003", position=Officer.Position.KAPOLSEK)
    OfficerFactory(unit=polsek_a, nrp="80000004", position=Officer.Position.STAFF)
    data = sheet(
        ["NO", "NAMA", "PANGKAT", "NRP", "JABATAN", "KESATUAN", "DIKUM"],
        ["1", "Baru", "BRIPKA", "87011234", "Bhabinkamtibmas", polsek_a.name, "SMA"],
        ["2", "Lama", "BRIPKA", "80000001", "Bhabinkamtibmas", polsek_a.name, "SMA"],
    )

    result = run(polres, data)

    findings = [f.message for f in result.plan.findings]
    assert len(findings) == 1
    # 80000002 only: not the Kapolsek, not the staff officer.
    assert findings[0].startswith("1 ")
    assert "Bhabinkamtibmas" in findings[0]


def test_an_incident_date_and_time_in_one_cell_keep_both(polres, polsek_a, area_a1):
    from tests.imports.test_kind_incidents import HEADER, row
    from tests.imports.test_kind_incidents import sheet as incidents_sheet

    header = [h for h in HEADER if h != "WAKTU"]
    cells = row(date="04/03/2022 07.30 WIB")
    del cells[2]  # the time column
    result = import_file(
        kind="incidents",
        data=incidents_sheet(cells, header=header),
        filename="konflik.csv",
        unit=polres,
        options={},
    )

    assert result.batch.status == Status.IMPORTED
    stored = Incident.objects.get()
    assert (stored.occurred_on.isoformat(), stored.occurred_time.isoformat()) == (
        "2022-03-04",
        "07:30:00",
    )
