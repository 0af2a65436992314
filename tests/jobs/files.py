"""A visit log of any length, as a CSV the visits importer reads: one officer, one area, every
visit at its own half hour."""

import csv
import datetime
import importlib
import io

HEADER = ["TANGGAL", "JAM", "NRP", "DESA/KEL", "KEGIATAN", "JUMLAH KK", "JUMLAH WARGA", "URAIAN"]
FIRST_DAY = datetime.date(2021, 1, 1)


def visit_log(rows, *, nrp="80000001", area="Desa A1"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for number in range(rows):
        day = FIRST_DAY + datetime.timedelta(days=number // 24)
        minutes = 6 * 60 + (number % 24) * 30
        writer.writerow(
            [
                day.isoformat(),
                f"{minutes // 60:02d}:{minutes % 60:02d}",
                nrp,
                area,
                "Sambang",
                "3",
                "5",
                f"Sambang ke warga, kunjungan ke-{number + 1}.",
            ]
        )
    return buffer.getvalue().encode()


def reference_data():
    """The catalogue of activities and the shared import words the data migrations load, again:
    a test on the committed database (transactional_db, live_server) starts from emptied
    tables, and "Sambang" in a visit log is known through a shared synonym."""
    from django.apps import apps

    from bhabin.models import Activity
    from imports.models import Synonym

    migration = importlib.import_module("bhabin.migrations.0003_reference_data")
    for order, (code, name) in enumerate(migration.ACTIVITIES, start=1):
        Activity.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    if not Synonym.objects.filter(unit=None).exists():
        importlib.import_module("imports.migrations.0005_shared_synonyms_from_the_file").load(
            apps, None
        )
