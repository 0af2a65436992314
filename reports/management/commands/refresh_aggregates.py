import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.aggregates import aggregates_refresh, month_of
from reports.models import AreaMonth


class Command(BaseCommand):
    help = (
        "Rebuild the monthly visit aggregates from the visits: the current and the previous "
        "month, or with --all every month."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild every month of every area.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["all"]:
            aggregates_refresh()
            what = "all months"
        else:
            this_month = month_of(timezone.localdate())
            previous = month_of(this_month - datetime.timedelta(days=1))
            aggregates_refresh(months=[previous, this_month])
            what = f"{previous:%Y-%m} and {this_month:%Y-%m}"
        self.stdout.write(
            f"Rebuilt the area-month aggregates for {what}: {AreaMonth.objects.count()} rows "
            f"in all, {time.perf_counter() - started:.1f} s."
        )
