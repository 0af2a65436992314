"""Time and memory of the demo's monthly Polres report (November 2022), several runs.

    DATABASE_URL=sqlite:////tmp/pdfdemo.sqlite3 .venv/bin/python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/pdfdemo.sqlite3 .venv/bin/python bench/pdf_bench.py [--runs 5]

Another unit and month with --unit CODE --period YYYY-MM (bench/README.md: a Polres at Polda
scale on PostgreSQL).

Prints, per run, the seconds spent gathering the figures and rendering the PDF, the queries, the
peak Python allocation (tracemalloc) and the process's peak resident size (ru_maxrss). Goal: at
most 2 s and 200 MB. Times are printed, never asserted; the query count is pinned in
tests/demo/test_pdf_demo.py.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from monthly.report import monthly_report  # noqa: E402
from monthly.views import render_monthly  # noqa: E402
from org.models import PoliceUnit  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", default="PMJ-BKS")
    parser.add_argument("--period", default="2022-11")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    year, month = (int(part) for part in args.period.split("-"))
    unit = PoliceUnit.objects.select_related("parent__parent__parent").get(code=args.unit)
    print(f"{unit.name} {args.period}, {args.runs} runs")
    print("run  data_s  pdf_s  total_s  queries  pdf_bytes  tracemalloc_peak_MB  maxrss_MB")
    # tracemalloc slows Python several times over: the timed runs go without it, and one last
    # run measures the allocation peak.
    for run in range(1, args.runs + 2):
        traced = run > args.runs
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            report = monthly_report(unit, year, month)
        gathered = time.perf_counter()
        pdf = render_monthly(report)
        done = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        if traced:
            tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(
            f"{'mem' if traced else run:>3}  {gathered - started:6.2f}  {done - gathered:5.2f}"
            f"  {done - started:7.2f}  {len(queries):7d}  {len(pdf):11d}"
            f"  {'-' if peak is None else f'{peak:.1f}':>19}  {rss:9.1f}"
        )


if __name__ == "__main__":
    main()
