"""Load a Kemendagri region CSV (kabupaten -> kecamatan -> desa/kelurahan) and its province."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from org.regions import WILAYAH_CSV, regions_load


class Command(BaseCommand):
    help = _("Load Kemendagri regions from a CSV with columns kode, jenis, nama, kode_induk.")

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(WILAYAH_CSV),
            help=_("CSV file (default: the Kabupaten Bekasi file in fixtures/wilayah)."),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            count = regions_load(path=path)
        except (KeyError, ValueError) as error:
            raise CommandError(_("Invalid region file: %(error)s") % {"error": error}) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d regions loaded from %(path)s") % {"count": count, "path": path}
            )
        )
