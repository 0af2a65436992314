"""Time and queries of the visit schedule on the demo: planning every unit's month, the board of
the largest Polsek, its wall PDF, and adherence over the whole Polres.

    DATABASE_URL=sqlite:////tmp/sigap_copy.sqlite3 .venv/bin/python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/sigap_copy.sqlite3 .venv/bin/python bench/schedule_bench.py

Plans December 2022 (replace=True, so the run can be repeated; the demo's November schedule is
left alone). Times are printed, never asserted; query counts are pinned in tests/schedule/.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bhabin.models import PoliceUnit  # noqa: E402
from bhabin.schedules import schedule_adherence, schedule_plan_month  # noqa: E402
from personnel.models import User  # noqa: E402


def timed(label, function):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
    print(f"{label:<55} {seconds * 1000:8.0f} ms {len(queries):5d} queries")
    return result


def main():
    polres = PoliceUnit.objects.get(code="PMJ-BKS")
    units = list(PoliceUnit.objects.filter(pk=polres.pk) | polres.children.all())
    created = 0
    unassigned = 0
    start = time.perf_counter()
    for unit in units:
        result = schedule_plan_month(unit=unit, year=2022, month=12, replace=True)
        created += result.created
        unassigned += len(result.unassigned)
    seconds = time.perf_counter() - start
    print(
        f"plan December 2022 for {len(units)} units: {created} visits, {unassigned} areas "
        f"without a primary officer, {seconds * 1000:.0f} ms"
    )

    largest = (
        PoliceUnit.objects.filter(pk__in=[u.pk for u in units])
        .annotate(n=Count("officers"))
        .order_by("-n")
        .first()
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="kasat"))
    base = f"/jadwal/{largest.code}/"
    for view in ("day", "week", "month"):
        timed(
            f"board {largest.code} {view} ({largest.n} officers)",
            lambda view=view: client.get(f"{base}?view={view}&date=2022-11-14"),
        )
    for paper in ("a4", "a3"):
        response = timed(
            f"wall PDF {paper}",
            lambda paper=paper: client.get(f"{base}?format=pdf&paper={paper}&date=2022-11-14"),
        )
        print(f"{'':55} {len(response.content) // 1024:8d} KB")
    for by in ("officer", "area", "unit"):
        rows = timed(
            f"adherence Nov 2022, whole Polres, by {by}",
            lambda by=by: schedule_adherence(units=units, year=2022, month=11, by=by),
        )
        planned = sum(row.planned for row in rows)
        done = sum(row.done for row in rows)
        print(f"{'':55} {len(rows)} rows, {done}/{planned} done")


if __name__ == "__main__":
    main()
