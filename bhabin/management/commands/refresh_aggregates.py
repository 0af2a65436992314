"""Recount the dashboards' aggregates from their source rows: after anything that wrote
visits, warnings, cases or incidents without the services (raw SQL, a restore from an older
dump)."""

import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from bhabin.models import AreaMonth, AreaOpenItems
from bhabin.services.aggregates import area_months_rebuild, open_items_rebuild
from conflicts.models import UnitIncidentMonth
from conflicts.services import incident_months_rebuild
from org.periods import month_of


class Command(BaseCommand):
    help = (
        "Rebuild the monthly aggregates from the visits and the incidents (the current and the "
        "previous month, or with --all every month) and the open items of every area."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild every month of every area.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["all"]:
            area_months_rebuild()
            incident_months_rebuild()
            what = "all months"
        else:
            this_month = month_of(timezone.localdate())
            previous = month_of(this_month - datetime.timedelta(days=1))
            area_months_rebuild(months=[previous, this_month])
            incident_months_rebuild(months=[previous, this_month])
            what = f"{previous:%Y-%m} and {this_month:%Y-%m}"
        # Open items are a present state, not monthly: always recounted in full.
        open_items_rebuild()
        self.stdout.write(
            f"Rebuilt the aggregates for {what}: {AreaMonth.objects.count()} area-month rows, "
            f"{UnitIncidentMonth.objects.count()} unit-incident-month rows and "
            f"{AreaOpenItems.objects.count()} areas with open items in all, "
            f"{time.perf_counter() - started:.1f} s."
        )
