"""manage.py import_sheet KIND FILE [--dry-run]: import a Polres spreadsheet, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from imports.base import ERROR, STATUS_LABELS
from imports.kinds import KIND_MODULES
from imports.services import import_file
from org.models import PoliceUnit


class Command(BaseCommand):
    help = (
        "Impor berkas xlsx/xls/ods/csv Polres. Keluar 0 bila diimpor (atau sah, dengan --dry-run), "
        "1 bila ditolak."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KIND_MODULES), help="jenis data")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="periksa saja, tulis apa pun tidak"
        )
        parser.add_argument(
            "--unit", help="kode satuan yang mengimpor (bawaan: Polres teratas)", default=None
        )
        parser.add_argument("--as-of", dest="as_of", help="tanggal berlaku (YYYY-MM-DD)")
        parser.add_argument("--year", type=int, help="tahun (untuk DIPA dan rekap tahunan)")
        parser.add_argument("--all-rows", action="store_true", help="cetak hasil setiap baris")

    def handle(self, *args, **options):
        # The command speaks the configured language (Indonesian), as its own lines do,
        # whatever language the process left active.
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(*args, **options)

    def _handle(self, *args, kind, file, dry_run, unit, as_of, year, all_rows, **options):
        if not file.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        root = self._unit(unit)
        opts = {"source": file.name}
        if as_of:
            opts["as_of"] = as_of
        if year:
            opts["year"] = year
        result = import_file(
            kind=kind,
            data=file.read_bytes(),
            filename=file.name,
            unit=root,
            dry_run=dry_run,
            options=opts,
        )
        self.print_report(result, all_rows)
        if not result.ok:
            raise CommandError("Berkas ditolak; tidak ada data yang ditulis.", returncode=1)

    def _unit(self, code):
        if code:
            try:
                return PoliceUnit.objects.get(code=code)
            except PoliceUnit.DoesNotExist:
                raise CommandError(f"Satuan dengan kode '{code}' tidak ada.") from None
        root = PoliceUnit.objects.filter(level=PoliceUnit.Level.POLRES).order_by("pk").first()
        if root is None:
            raise CommandError("Belum ada Polres di database; buat satuan lebih dulu.")
        return root

    def print_report(self, result, all_rows):
        batch = result.batch
        self.stdout.write(f"{batch.file_name} ({batch.kind}) -> {batch.get_status_display()}")
        if batch.message:
            self.stdout.write(batch.message)
        report = batch.report or {}
        counts = report.get("counts")
        if counts:
            self.stdout.write(
                "Baris: "
                + ", ".join(f"{STATUS_LABELS[key]} {value}" for key, value in counts.items())
            )
        for row, status, key, message in report.get("rows", []):
            if status == ERROR or all_rows:
                detail = f": {message}" if message else ""
                self.stdout.write(f"  baris {row} [{STATUS_LABELS[status]}] {key}{detail}")
        for finding in report.get("findings", []):
            where = f"baris {finding['row']}: " if finding["row"] else ""
            level = "GALAT" if finding["level"] == "error" else "PERIKSA"
            self.stdout.write(f"  {level} {where}{finding['message']}")
