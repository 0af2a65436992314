"""Write a MOTUL planning sheet as a PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motul.models import MotulPlan
from motul.views import render_motul


class Command(BaseCommand):
    help = (
        "Write the MOTUL planning sheet of a plan as a PDF. The people involved in incidents are "
        "left out: print the sheet from the browser as a Kapolsek or Kasat Binmas to include them."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", type=int, help="MOTUL plan id")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")

    def handle(self, *args, plan, output, **options):
        found = (
            MotulPlan.objects.select_related("unit__parent__parent__parent").filter(pk=plan).first()
        )
        if found is None:
            raise CommandError(f"Rencana MOTUL {plan} tidak ditemukan.")
        steps = list(found.steps.select_related("step").order_by("step__number"))
        areas = list(found.areas.select_related("unit").order_by("name"))
        Path(output).write_bytes(render_motul(found, steps, areas, None))
        self.stdout.write(f"{output}: {found.title}")
