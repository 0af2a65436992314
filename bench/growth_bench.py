"""Growth: the dashboard pages' cost as the years of visits pile up under the same Polda.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/speed_growth \\
        .venv/bin/python bench/growth_bench.py --years 1 3 5 --polres 2 [--repeat 8]

For each number of years Y it uses a database `<name>_yY` (created and migrated if missing,
`--fresh` drops it first) holding the same synthetic Polda (`generate_scale --prefix G1
--polres 2 --seed 1`: the same units and areas) with Y years of visits, runs VACUUM (ANALYZE)
(autovacuum is off on this machine), and requests through Django's test Client (in process,
DEBUG off, the default period, as a user opens them):
  - `/dasbor/` as a superuser: the widest overview there is. The unit tree has no national
    unit above the Polda, so this is the default root's overview, not a sum of all Polda;
  - `/dasbor/` as the Polda Kasat, and `/dasbor/?unit=G1-R01` (a Polres);
  - `/dasbor/satuan/G1-R01-S01/` (a Polsek, with its areas) and `/dasbor/satuan/G1-POLDA/`
    (every area of the Polda, a page of them);
  - `/wilayah/<pk>/`, the first area of that Polsek.
It prints p50/p95 over --repeat requests (after 2 warm-ups), the queries and the bytes of each
page, the visits and the load average, then each page's p50 at the largest size over its p50 at
the smallest. More Polda in one database is not possible: generate_scale gives every Polda the
same NRPs and client ids. No assertions.
"""

import argparse
import os
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


NRP_SHIFT = 1_000_000


def load_average():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def ensure_database(url, fresh):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return name


def grow_to(size, polres, years):
    from django.core.management import call_command
    from django.db import connection

    from org.models import PoliceUnit

    for number in range(1, size + 1):
        prefix = f"G{number}"
        if PoliceUnit.objects.filter(code=f"{prefix}-POLDA").exists():
            continue
        started = time.perf_counter()
        call_command(
            "generate_scale",
            polres=polres,
            years=years,
            prefix=prefix,
            seed=number,
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        # generate_scale numbers its officers from the same first NRP whatever the prefix: move
        # this Polda's out of the way of the next one (bench data only).
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE personnel_officer SET nrp = lpad((nrp::bigint + %s)::text, 8, '0') "
                "WHERE unit_id IN (SELECT id FROM bhabin_policeunit WHERE code LIKE %s)",
                [number * NRP_SHIFT, f"{prefix}-%"],
            )
        print(f"  generated {prefix}: {time.perf_counter() - started:.0f} s")


def vacuum():
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return time.perf_counter() - started


def pages():
    from bhabin.models import AssistedArea
    from personnel.models import User

    superuser, _ = User.objects.get_or_create(
        username="growth_superuser",
        defaults={"is_superuser": True, "is_staff": True, "role": User.Role.ADMIN},
    )
    kasat = User.objects.get(username="g1_kasat")
    area = AssistedArea.objects.filter(unit__code="G1-R01-S01").order_by("name").first()
    return [
        ("overview, superuser", superuser, "/dasbor/"),
        ("Polda G1", kasat, "/dasbor/"),
        ("Polres G1-R01", kasat, "/dasbor/?unit=G1-R01"),
        ("Polsek G1-R01-S01", kasat, "/dasbor/satuan/G1-R01-S01/"),
        ("Polda areas, page 1", kasat, "/dasbor/satuan/G1-POLDA/"),
        ("area", kasat, f"/wilayah/{area.pk}/"),
    ]


def measure(user, url, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    times = []
    for index in range(repeat + 2):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        if index >= 2:
            times.append(elapsed)
    return percentile(times, 0.5), percentile(times, 0.95), len(captured), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 3, 5])
    parser.add_argument("--polres", type=int, default=2, help="Polres in the Polda (2)")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--fresh", action="store_true", help="drop the databases first")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("Give a PostgreSQL DATABASE_URL (the databases are created if missing).")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from bhabin.models import Visit

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    parts = urllib.parse.urlsplit(base)
    results = {}
    for years in sorted(args.years):
        # One database per size: the same Polda (same seed, same areas), Y years of visits.
        name = f"{parts.path.lstrip('/')}_y{years}"
        ensure_database(urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), args.fresh)
        connections["default"].close()
        settings.DATABASES["default"]["NAME"] = name
        connections["default"].settings_dict["NAME"] = name
        print(f"\n== {name}: 1 Polda of {args.polres} Polres, {years} years of visits")
        call_command("migrate", verbosity=0)
        grow_to(1, args.polres, years)
        print(f"  VACUUM (ANALYZE) {vacuum():.0f} s")
        visits = Visit.objects.count()
        print(f"  {visits:,} visits, load {load_average()}")
        print(f"  {'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'KB':>6}  load")
        for label, user, path in pages():
            p50, p95, queries, size_bytes = measure(user, path, args.repeat)
            results.setdefault(label, []).append((visits, p50, p95, queries))
            print(
                f"  {label:<22} {p50:>8.0f} {p95:>8.0f} {queries:>8} "
                f"{size_bytes / 1024:>6.0f}  {load_average()}"
            )
    if len(args.years) > 1:
        print("\n== largest size / smallest size (p50; the queries must not change)")
        for label, rows in results.items():
            (v0, p0, _, q0), (v1, p1, _, q1) = rows[0], rows[-1]
            print(f"  {label:<22} visits x{v1 / v0:.1f}: p50 x{p1 / p0:.2f}, queries {q0} -> {q1}")
    print(f"load {load_average()}")


if __name__ == "__main__":
    main()
