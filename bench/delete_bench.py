"""Deleting visits: one audit INSERT per row (auditlog's receivers) against entries in bulk.

Run from the project root on a database filled by generate_scale (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/speed_scale \\
        .venv/bin/python bench/delete_bench.py [--rows 500 2000] [--repeat 2]

For each size, the newest N visits (with a review event each, added for the run) are deleted
twice inside transactions that are rolled back, so the database is left as it was:
  - before: what `field_reports_delete` did until this change, `QuerySet.delete()` with
    auditlog's receivers writing one entry per visit and per review event, then the recount;
  - now: `field_reports_delete` (audit entries built in Python, one INSERT per 1,000).
It prints rows/s, the queries, the audit entries written (the same number both ways) and the
load average. No assertions.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class Rollback(Exception):
    pass


def load_average():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    import django

    django.setup()
    from auditlog.models import LogEntry
    from django.db import connection, transaction

    from bhabin.models import ReviewEvent, Visit
    from bhabin.services import field_reports_delete
    from bhabin.services.field_reports import _aggregates_follow

    def before(items):
        # field_reports_delete as it was: auditlog writes an entry per deleted row.
        with transaction.atomic():
            keys = list(items.values_list("area_id", "occurred_at"))
            deleted = items.delete()
            _aggregates_follow(Visit, keys)
        return deleted

    def now(items):
        return field_reports_delete(items=items)

    print(f"{Visit.objects.count():,} visits; load {load_average()}")
    print(f"{'rows':>6} {'code':<7} {'s':>7} {'rows/s':>8} {'queries':>8} {'entries':>8}  load")
    for rows in args.rows:
        ids = list(Visit.objects.order_by("-pk").values_list("pk", flat=True)[:rows])
        results = {}
        for label, delete in (("before", before), ("now", now)):
            times = []
            for _ in range(args.repeat):
                try:
                    with transaction.atomic():
                        ReviewEvent.objects.bulk_create(
                            ReviewEvent(visit_id=pk, action=ReviewEvent.Action.SUBMITTED)
                            for pk in ids
                        )
                        entries_0 = LogEntry.objects.count()
                        queries = []
                        with connection.execute_wrapper(
                            lambda run, *a, queries=queries: queries.append(1) or run(*a)
                        ):
                            started = time.perf_counter()
                            deleted, _ = delete(Visit.objects.filter(pk__in=ids))
                            times.append(time.perf_counter() - started)
                        entries = LogEntry.objects.count() - entries_0
                        raise Rollback
                except Rollback:
                    pass
            seconds = statistics.median(times)
            results[label] = seconds
            print(
                f"{rows:>6} {label:<7} {seconds:>7.2f} {deleted / seconds:>8.0f} "
                f"{len(queries):>8} {entries:>8}  {load_average()}"
            )
        print(f"{'':>6} ratio   {results['before'] / results['now']:.1f}x faster")


if __name__ == "__main__":
    main()
