import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.aggregates import (
    aggregates_refresh,
    incident_months_rebuild,
    month_of,
    open_items_rebuild,
)
from reports.models import AreaMonth, AreaOpenItems, UnitIncidentMonth


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
            aggregates_refresh()
            incident_months_rebuild()
            what = "all months"
        else:
            this_month = month_of(timezone.localdate())
            previous = month_of(this_month - datetime.timedelta(days=1))
            aggregates_refresh(months=[previous, this_month])
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
