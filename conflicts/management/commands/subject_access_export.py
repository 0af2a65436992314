"""Answer a data subject's access request: what is held about a person involved, and who read it."""

import json
import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from audit.models import AccessLog
from conflicts.models import InvolvedPerson
from conflicts.subject_access import subject_access_report


class Command(BaseCommand):
    help = (
        "Write as JSON everything Sigap holds about one person involved in incidents: the record, "
        "the incidents, the changes made to them (audit log) and every reading (access log)."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--nik", help="The person's NIK (16 digits).")
        who.add_argument("--person-id", type=int, help="The person's id in Sigap.")
        parser.add_argument(
            "-o",
            "--output",
            default="-",
            help="File to write (created readable by its owner only); '-' for standard output.",
        )

    def handle(self, *args, nik, person_id, output, **options):
        if nik is not None and not nik.strip():
            raise CommandError("--nik is empty.")
        people = InvolvedPerson.objects.all()
        person = (people.filter(nik=nik.strip()) if nik else people.filter(pk=person_id)).first()
        if person is None:
            raise CommandError("No person involved matches.")
        with translation.override("id"):
            report = subject_access_report(person.pk)
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        if output == "-":
            self.stdout.write(text, ending="")
        else:
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {output}.")
        # The export is itself a reading of the record.
        AccessLog.objects.create(
            user=None,
            username="manage.py subject_access_export",
            model="conflicts.involvedperson",
            object_id=str(person.pk),
            via=AccessLog.Via.SUBJECT_ACCESS,
        )
