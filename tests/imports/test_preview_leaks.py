"""An import preview says nothing about units outside the importer's scope (issue 16, item 12):
not which unit an NRP belongs to, not how many officers another unit has."""

import csv
import io

from imports.services import import_file
from tests.factories import OfficerFactory


def csv_bytes(header, *rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def preview_text(result):
    lines = [outcome.message for outcome in result.plan.outcomes]
    lines += [finding.message for finding in result.plan.findings]
    return "\n".join(lines)


def test_a_roster_preview_counts_no_officer_of_another_unit(polsek_a, polsek_b):
    for number in range(3):
        OfficerFactory(unit=polsek_b, nrp=f"8100000{number}")
    data = csv_bytes(
        ["NRP", "NAMA", "PANGKAT", "KESATUAN", "DIKUM"],
        ["82000001", "Baru Satu", "BRIPKA", "Polsek A", "SMA"],
        ["81000000", "Orang B", "BRIPKA", "Polsek A", "SMA"],  # an NRP of Polsek B's
    )

    result = import_file(kind="roster", data=data, filename="r.csv", unit=polsek_a, options={})

    text = preview_text(result)
    assert "terdaftar di satuan lain" in text
    assert "personel aktif" not in text  # Polsek B's 2 other officers are not counted
    assert "Polsek B" not in text


def test_a_visit_log_preview_does_not_name_the_unit_an_nrp_belongs_to(polsek_a, area_a1, polsek_b):
    OfficerFactory(unit=polsek_a, nrp="80000001")
    OfficerFactory(unit=polsek_b, nrp="80000002")
    header = ["TANGGAL", "JAM", "NRP", "DESA/KEL", "KEGIATAN", "JUMLAH KK", "JUMLAH WARGA"]
    data = csv_bytes(
        [*header, "URAIAN"],
        ["2022-08-01", "09:15", "80000002", "Desa A1", "Sambang", "5", "8", "Sambang ke warga."],
    )

    result = import_file(kind="visits", data=data, filename="v.csv", unit=polsek_a, options={})

    text = preview_text(result)
    assert "terdaftar di satuan lain" in text
    assert "Polsek B" not in text
