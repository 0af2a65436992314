"""Delete the people involved whose retention period is over (UU PDP 27/2022)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conflicts.retention import people_involved_purge, people_without_retention
from org.periods import parse_date


class Command(BaseCommand):
    help = (
        "Delete people involved in incidents whose retention is over: their own 'retain until' "
        "date, or PERSONAL_DATA_RETENTION_YEARS after their last incident. Their involvements go "
        "with them; the deletions are in the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )
        parser.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Judge retention as of this day instead of today (e.g. to plan ahead).",
        )

    def handle(self, *args, dry_run, as_of, **options):
        try:
            day = parse_date(as_of) if as_of else None
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from error
        due = people_involved_purge(as_of=day, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {len(due)} people involved past retention "
            f"({settings.PERSONAL_DATA_RETENTION_YEARS} years after the last incident unless "
            "the record sets its own date)."
        )
        if options["verbosity"] > 1 or dry_run:
            for row in due:
                self.stdout.write(
                    f"  person #{row['id']}: due {row['due']}, last incident "
                    f"{row['last_incident_on'] or '-'}"
                )
        unknown = people_without_retention().count()
        if unknown:
            self.stdout.write(
                f"{unknown} people have no incident and no retention date: review them in the "
                "admin (set 'retain until' or delete them)."
            )
