"""Dashboard benchmark at Polda scale: the pages, the aggregate selectors, and a naive baseline.

Fill a PostgreSQL database first, then run from the project root (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_scale \\
        .venv/bin/python manage.py generate_scale --polres 20 --years 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_scale \\
        .venv/bin/python bench/dashboard_bench.py [--repeat 30] [--naive-repeat 3] [--prefix SC]

It logs in (force_login, no password) as the Polda-level Kasat Binmas and the Kapolsek that
generate_scale made, and as a Polres-level Kasat Binmas (`<prefix>_kasat_polres`, on the first
Polres; the one row the script writes, created if missing), and prints p50/p95 and query counts
of:
  - the real pages through Django's test Client, as a user opens them (default period): the
    overview `dashboard:overview` as each of the three, and `dashboard:area` as the Kapolsek;
  - the overview's figures from the selectors the page uses (`dashboard.selectors`), called as
    the view calls them;
  - the same figures from a NAIVE per-unit loop of queries over the raw Visit/Incident tables;
and the ratios naive / real Polda page and naive / selectors. Times compete with whatever else
runs on the machine: say so when you quote them (the script prints the load average).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(label, call, repeat, warmup=2):
    """Run `call` warmup + repeat times; print and return p50 and p95 in ms and the queries."""
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(1)
        return execute(sql, params, many, context)

    for _ in range(warmup):
        call()
    times, queries = [], set()
    for _ in range(repeat):
        executed.clear()
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries.add(len(executed))
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    counts = "/".join(str(n) for n in sorted(queries))
    print(f"{label:<62} {p50:9.1f} {p95:9.1f} {counts:>8} {repeat:>4}")
    return p50, p95


def overview_from_selectors(user, root, today):
    """The overview's strength, visit, conflict and workload figures from the selectors the
    page uses (`dashboard.selectors`: monthly aggregates, tree paths), as the view asks for them."""
    from dashboard import selectors as sel
    from org.periods import Period
    from recaps.selectors import recap_units, rollup_for

    rollup = rollup_for(recap_units(root))
    period = Period.month(today)
    return (
        sel.coverage_per_unit(user, root, period, rollup),
        sel.incidents_per_unit_category(user, root, period, rollup),
        sel.incidents_per_month(user, root, today.year),
        sel.hotspots(user, root, today),
        sel.area_figures_per_unit(user, root, rollup=rollup),
    )


def overview_naive(user, root, today):
    """The same figures as a per-unit loop over the raw tables would compute them."""
    from django.db.models import Count, Sum
    from django.db.models.functions import ExtractMonth
    from django.utils import timezone

    from bhabin.models import AssistedArea, Visit
    from conflicts.models import Incident
    from personnel.models import Officer
    from recaps.selectors import recap_units

    def aware(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    month = today.replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    window = aware(today - datetime.timedelta(days=29))
    year_ago = month.replace(year=month.year - 1)
    hot_from = month.replace(year=month.year - 1) + datetime.timedelta(days=32)
    hot_from = hot_from.replace(day=1)
    figures = {}
    for unit in recap_units(root):
        areas = AssistedArea.objects.visible_to(user).filter(unit=unit, is_active=True)
        visits = Visit.objects.visible_to(user).filter(area__unit=unit)
        in_month = visits.filter(occurred_at__gte=aware(month), occurred_at__lt=aware(next_month))
        incidents = Incident.objects.visible_to(user).filter(unit=unit)

        def per_category(first, last, incidents=incidents):
            return dict(
                incidents.filter(occurred_on__gte=first, occurred_on__lt=last)
                .values("category")
                .annotate(n=Count("pk"))
                .values_list("category", "n")
            )

        figures[unit.pk] = {
            "areas": areas.count(),
            "visits": in_month.count(),
            "areas_period": in_month.values("area").distinct().count(),
            "areas_window": visits.filter(occurred_at__gte=window)
            .values("area")
            .distinct()
            .count(),
            "current": per_category(month, next_month),
            "previous": per_category(previous, month),
            "last_year": per_category(year_ago, (year_ago + datetime.timedelta(days=32))),
            "per_month": list(
                incidents.filter(occurred_on__year=today.year)
                .annotate(m=ExtractMonth("occurred_on"))
                .values("m")
                .annotate(n=Count("pk"))
            ),
            "hot": list(
                incidents.filter(occurred_on__gte=hot_from, area__isnull=False)
                .values("area")
                .annotate(n=Count("pk"))
                .order_by("-n")[:10]
            ),
            "workload": areas.aggregate(p=Sum("population"), k=Sum("area_km2")),
            "officers": Officer.objects.visible_to(user).bhabin().filter(unit=unit).count(),
        }
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--naive-repeat", type=int, default=3)
    parser.add_argument("--prefix", default="SC")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from bhabin.models import AssistedArea, Visit
    from conflicts.models import Incident
    from org.models import PoliceUnit
    from personnel.models import User

    if connection.vendor != "postgresql":
        sys.exit("Run this against the PostgreSQL database that generate_scale filled.")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    prefix = args.prefix.lower()
    try:
        kasat = User.objects.select_related("unit").get(username=f"{prefix}_kasat")
        kapolsek = User.objects.select_related("unit").get(username=f"{prefix}_kapolsek")
    except User.DoesNotExist:
        sys.exit(f"No {prefix}_kasat / {prefix}_kapolsek: run manage.py generate_scale first.")
    polres = PoliceUnit.objects.filter(parent=kasat.unit).order_by("sort_order", "name").first()
    kasat_polres, _ = User.objects.get_or_create(
        username=f"{prefix}_kasat_polres",
        defaults={"role": User.Role.KASAT_BINMAS, "unit": polres},
    )
    area = AssistedArea.objects.filter(unit=kapolsek.unit).order_by("pk").first()
    today = timezone.localdate()

    print(
        f"PostgreSQL {connection.pg_version // 10000}; {AssistedArea.objects.count():,} areas, "
        f"{Visit.objects.count():,} visits, {Incident.objects.count():,} incidents; "
        f"today {today}; {os.cpu_count()} cores shared with other work"
    )
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())} at start")
    print(
        f"CONN_MAX_AGE {settings.DATABASES['default']['CONN_MAX_AGE']} (0: a new database "
        "connection for every page request, the development default; production keeps them)"
    )
    print(f"{'':<62} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'runs':>4}")

    clients = {}
    for user in (kasat, kasat_polres, kapolsek):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)

    def page(user, url):
        def get():
            response = clients[user.pk].get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    try:
        overview_url = reverse("dashboard:overview")
        area_url = reverse("dashboard:area", args=[area.pk])
    except NoReverseMatch:
        overview_url = area_url = None
    page_p50 = page_p95 = None
    if overview_url:
        page_p50, page_p95 = measure(
            f"page {overview_url} as Polda kasat ({kasat.unit.code})",
            page(kasat, overview_url),
            args.repeat,
        )
        measure(
            f"page {overview_url} as Polres kasat ({kasat_polres.unit.code})",
            page(kasat_polres, overview_url),
            args.repeat,
        )
        measure(
            f"page {overview_url} as kapolsek ({kapolsek.unit.code})",
            page(kapolsek, overview_url),
            args.repeat,
        )
        measure(f"page {area_url} as kapolsek", page(kapolsek, area_url), args.repeat)
    else:
        print("(no dashboard pages in reports/urls.py: selectors only)")

    polda = kasat.unit
    fast_p50, fast_p95 = measure(
        "overview figures, the page's selectors (dashboard.selectors)",
        lambda: overview_from_selectors(kasat, polda, today),
        args.repeat,
    )
    naive_p50, naive_p95 = measure(
        "overview figures, naive per-unit loop on raw tables",
        lambda: overview_naive(kasat, polda, today),
        args.naive_repeat,
        warmup=1,
    )
    if page_p50:
        print(
            f"naive / real Polda page: p50 {naive_p50 / page_p50:.0f}x, "
            f"p95 {naive_p95 / page_p95:.0f}x"
        )
    print(
        f"naive / selectors: p50 {naive_p50 / fast_p50:.0f}x, p95 {naive_p95 / fast_p95:.0f}x "
        f"(naive over {args.naive_repeat} runs, the others over {args.repeat})"
    )
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())} at the end")


if __name__ == "__main__":
    main()
