"""Back up the database: pg_dump (PostgreSQL) or the SQLite online backup API."""

from django.core.management.base import BaseCommand, CommandError

from audit.backup import BackupError, database_backup, default_backup_path


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database (PostgreSQL: pg_dump custom format; SQLite: "
        "a copy made with its online backup API), readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="The backup file (default: DIR/sigap-<date-time>.<ext>)."
        )
        parser.add_argument(
            "--dir",
            dest="directory",
            default="backups",
            help="Folder for the default file name (backups).",
        )

    def handle(self, *args, output, directory, **options):
        try:
            path = database_backup(output=output or default_backup_path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
