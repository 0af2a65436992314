"""Write a unit's monthly report (Laporan Bulanan / Anev) as a PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monthly.report import monthly_report
from monthly.views import render_monthly
from org.models import PoliceUnit
from org.periods import parse_month
from personnel.models import Officer


class Command(BaseCommand):
    help = "Write the monthly report of a unit (and the units below it) for a month as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="Unit code, e.g. PMJ-BKS")
        parser.add_argument("period", help="Month as YYYY-MM, e.g. 2022-11")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")
        parser.add_argument(
            "--signer",
            metavar="NRP",
            help="NRP of the signing officer (default: the unit's Kasat Binmas, Kapolres or "
            "Kapolsek, or a blank signature block)",
        )

    def handle(self, *args, unit, period, output, signer, **options):
        try:
            month = parse_month(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        found = PoliceUnit.objects.select_related("parent__parent__parent").filter(code=unit)
        root = found.first()
        if root is None:
            raise CommandError(f"Kesatuan {unit!r} tidak ditemukan.")
        if signer and not Officer.objects.filter(nrp=signer, is_active=True).exists():
            raise CommandError(f"Personel aktif dengan NRP {signer!r} tidak ditemukan.")
        report = monthly_report(root, month.year, month.month, signer_nrp=signer)
        Path(output).write_bytes(render_monthly(report))
        self.stdout.write(f"{output}: {root.name}, {report.period}")
