"""Print or write a Polres recap table computed live from the database."""

import csv
import io

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from org.models import PoliceUnit
from org.periods import parse_month, parse_year, shift_month
from recaps.completeness import completeness, completeness_lines
from recaps.selectors import default_recap_root
from recaps.tables import RECAPS, YEARLY_RECAPS, RecapError, build_recap, write_csv
from reports.xlsx import safe_cell, write_xlsx

FORMATS = ("csv", "xlsx")
COMPLETENESS = "kelengkapan"  # a month's reporting rates, not a Polres recap table


class Command(BaseCommand):
    help = (
        "Cetak tabel rekap Polres (bhabin, kompetensi, sarpras, dipa, konflik) dari basis data: "
        "csv ke layar, atau xlsx ke berkas -o."
    )

    def add_arguments(self, parser):
        # Tables, formats and years are checked in handle() so that every error reads in Indonesian.
        parser.add_argument("table", help=f"Tabel rekap: {', '.join(RECAPS)}.")
        parser.add_argument("--format", default="csv", help="csv (bawaan) atau xlsx.")
        parser.add_argument(
            "--unit",
            metavar="CODE",
            help="Kode satuan: rekap satuan ini dan satuan di bawahnya (bawaan: Polres).",
        )
        parser.add_argument("--year", metavar="YYYY", help="Tahun (dipa, konflik).")
        parser.add_argument(
            "--month", metavar="YYYY-MM", help="Bulan (kelengkapan; bawaan: bulan lalu)."
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="Berkas keluaran.")

    def handle(self, *args, table, **options):
        fmt, output = options["format"], options["output"]
        if table == COMPLETENESS:
            return self._completeness(fmt, output, options)
        if table not in RECAPS:
            raise CommandError(
                f"Tabel rekap tidak dikenal: {table!r}. Pilih salah satu: {', '.join(RECAPS)}."
            )
        if fmt not in FORMATS:
            raise CommandError(f"Format tidak dikenal: {fmt!r}. Pilih csv atau xlsx.")
        if fmt == "xlsx" and not output:
            raise CommandError("Format xlsx perlu berkas keluaran: tambahkan -o NAMA_BERKAS.xlsx.")
        year = self._year(options["year"])
        if year is not None and table not in YEARLY_RECAPS:
            self.stderr.write(f"Catatan: --year tidak dipakai untuk tabel {table}.")
        root = self._root(options["unit"])

        try:
            recap = build_recap(table, root, year=year)
        except RecapError as error:
            raise CommandError(str(error)) from error

        if fmt == "xlsx":
            write_xlsx(recap, output)
            self.stdout.write(f"Rekap {table} disimpan ke {output}.")
            if recap.differences:
                self.stderr.write(f"{len(recap.differences)} selisih dicatat di lembar 'Selisih'.")
            return

        if output:
            with open(output, "w", newline="", encoding="utf-8") as out:
                write_csv(recap, out)
            self.stdout.write(f"Rekap {table} disimpan ke {output}.")
        else:
            buffer = io.StringIO()
            write_csv(recap, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
        if recap.differences:
            self.stderr.write(f"{recap.differences_heading}:")
            for difference in recap.differences:
                self.stderr.write(f"- {difference}")

    def _completeness(self, fmt, output, options):
        """Completeness and timeliness of a month (recaps/completeness.py), as CSV."""
        if fmt != "csv":
            raise CommandError("Tabel kelengkapan hanya tersedia sebagai csv.")
        default = shift_month(timezone.localdate().replace(day=1), -1)
        try:
            month = parse_month(options["month"]) if options["month"] else default
        except ValueError as error:
            raise CommandError(str(error)) from error
        root = self._root(options["unit"])
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for values in completeness_lines(completeness(root, month)):
            writer.writerow(["" if value is None else safe_cell(value) for value in values])
        if output:
            with open(output, "w", newline="", encoding="utf-8") as out:
                out.write(buffer.getvalue())
            self.stdout.write(f"Rekap kelengkapan {month:%Y-%m} disimpan ke {output}.")
        else:
            self.stdout.write(buffer.getvalue(), ending="")

    def _year(self, value):
        if value is None:
            return None
        try:
            return parse_year(value)
        except ValueError as error:
            raise CommandError(str(error)) from error

    def _root(self, code):
        if code is not None:
            root = PoliceUnit.objects.filter(code=code).first()
            if root is None:
                raise CommandError(f"Kode satuan tidak dikenal: {code!r}.")
            return root
        root = default_recap_root()
        if root is None:
            if not PoliceUnit.objects.exists():
                raise CommandError(
                    "Belum ada satuan (Polres/Polsek) di basis data: muat data satuan dulu."
                )
            raise CommandError(
                "Ada lebih dari satu Polres dan lebih dari satu satuan teratas: "
                "pilih satuan dengan --unit KODE."
            )
        return root
