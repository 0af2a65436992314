"""Restore a backup into a NEW database, never over the one in use."""

from django.core.management.base import BaseCommand, CommandError

from audit.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_database into a new database: for SQLite a new file, "
        "for PostgreSQL a new database on the same server. Then check it and point DATABASE_URL "
        "at it."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file.")
        parser.add_argument(
            "--into",
            required=True,
            help="SQLite: the new database file. PostgreSQL: the name of the new database.",
        )

    def handle(self, *args, backup, into, **options):
        try:
            database_restore(backup=backup, into=into)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {backup} into {into}.")
