import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bhabin.models import AreaMonth, AreaOpenItems
from bhabin.services.aggregates import area_months_rebuild, open_items_rebuild
from conflicts.models import UnitIncidentMonth
from conflicts.services import incident_months_rebuild
from demo.scale import Plan, existing_codes, generate, remove_generated


class Command(BaseCommand):
    help = (
        "Create a synthetic Polda (Polres, Polsek, areas, officers, years of visits, incidents, "
        "early warnings and cases) to measure the dashboards at scale. Deterministic with --seed. "
        "Meant for PostgreSQL (COPY); on SQLite it uses bulk_create and suits small sizes only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--polres", type=int, default=20, help="Number of Polres (20).")
        parser.add_argument("--years", type=int, default=5, help="Years of history (5).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--visits-per-area-month", type=int, default=12, help="Mean visits (12)."
        )
        parser.add_argument("--polsek-per-polres", type=int, default=17, help="(17).")
        parser.add_argument("--areas-per-polsek", type=int, default=20, help="Mean areas (20).")
        parser.add_argument(
            "--incidents-per-polsek-year", type=int, default=29, help="Mean incidents (29)."
        )
        parser.add_argument(
            "--prefix", default="SC", help="Start of every unit and area code (SC)."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete a previous run with this prefix first."
        )

    def handle(self, *args, **options):
        plan = Plan(
            prefix=options["prefix"],
            polres=options["polres"],
            polsek_per_polres=options["polsek_per_polres"],
            areas_per_polsek=options["areas_per_polsek"],
            years=options["years"],
            visits_per_area_month=options["visits_per_area_month"],
            incidents_per_polsek_year=options["incidents_per_polsek_year"],
            seed=options["seed"],
        )
        found = existing_codes(plan)
        if found and not options["replace"]:
            raise CommandError(
                f"The codes of prefix {plan.prefix} are already in use ({found}). "
                "Run again with --replace to delete that data first, or choose another --prefix."
            )
        if connection.vendor != "postgresql":
            self.stdout.write("Not PostgreSQL: using bulk_create, which suits small sizes only.")
        out = self.stdout.write
        if found:
            remove_generated(plan, out)
        out(f"{'table':<16} {'rows':>10} {'time':>10}")
        total = generate(plan, out)
        started = time.perf_counter()
        # The generator writes rows with COPY, past the services: their aggregates are
        # counted once here, as after a bulk load.
        area_months_rebuild()
        elapsed = time.perf_counter() - started
        out(f"{'area months':<16} {AreaMonth.objects.count():>10} {elapsed:8.1f} s")
        started = time.perf_counter()
        incident_months_rebuild()
        incident_elapsed = time.perf_counter() - started
        count = UnitIncidentMonth.objects.count()
        out(f"{'incident months':<16} {count:>10} {incident_elapsed:8.1f} s")
        started = time.perf_counter()
        open_items_rebuild()
        open_elapsed = time.perf_counter() - started
        count = AreaOpenItems.objects.count()
        out(f"{'open items':<16} {count:>10} {open_elapsed:8.1f} s")
        total += elapsed + incident_elapsed + open_elapsed
        out(f"{'total':<16} {'':>10} {total:8.1f} s")
