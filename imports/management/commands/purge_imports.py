"""manage.py purge_imports [--older-than-hours 24]: drop uploads never confirmed."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports.flow import purge


class Command(BaseCommand):
    help = (
        "Batalkan pratinjau impor yang tidak dikonfirmasi dan hapus berkasnya, juga berkas "
        "tersimpan tanpa batch; keduanya bila lebih tua dari --older-than-hours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24,
            help="umur minimum dalam jam (bawaan 24)",
        )

    def handle(self, *args, older_than_hours, **options):
        if older_than_hours < 0:
            raise CommandError(_("--older-than-hours cannot be negative."))
        cancelled, orphans = purge(older_than=datetime.timedelta(hours=older_than_hours))
        self.stdout.write(
            _("%(cancelled)s previews cancelled, %(orphans)s files without a batch deleted.")
            % {"cancelled": cancelled, "orphans": orphans}
        )
