"""Import benchmark: our import_file for a roster and a visit log against django-import-export.

Run from the project root (see bench/README.md):

    .venv/bin/python bench/import_bench.py [--rows 50000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/import_bench.py

It makes a scratch database (a temporary SQLite file, or on PostgreSQL a database named
sigap_bench on the server DATABASE_URL points to), migrates it, generates a Polres, its areas and
officers, writes a roster and a visit log as xlsx and csv, times the imports in this process,
prints a table, and drops the scratch database.
"""

import argparse
import csv
import datetime
import gc
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# Another name (BENCH_SCRATCH_DB) keeps two benches on one server apart.
SCRATCH_DB = os.environ.get("BENCH_SCRATCH_DB", "sigap_bench")
POLSEK = [
    "Babelan", "Bojongmangu", "Cabangbungin", "Cibarusah", "Cikarang Barat", "Cikarang Pusat",
    "Cikarang Selatan", "Cikarang Timur", "Cikarang Utara", "Kedungwaringin", "Muara Gembong",
    "Pebayuran", "Serang Baru", "Setu", "Tarumajaya",
]  # fmt: skip
RANKS = ["BRIPDA", "BRIPTU", "BRIGPOL", "BRIPKA", "AIPDA", "AIPTU"]
ACTIVITY_WORDS = [
    ("Sambang", "sambang-keluhan"), ("DDS", "sambang-keluhan"), ("Door to door", "sambang-keluhan"),
    ("Penyuluhan", "penyuluhan"), ("Silaturahmi", "silaturahmi"), ("Sosialisasi", "sosialisasi"),
    ("Siskamling", "siskamling"), ("Yanmas", "pelayanan"), ("Kerja bakti", "kegiatan-positif"),
    ("Koordinasi", "koordinasi"), ("Mediasi", "mediasi"), ("Problem solving", "mediasi"),
]  # fmt: skip
TOPICS = [
    "parkir liar", "pencurian kendaraan", "balap liar", "sengketa batas tanah", "judi online",
    "kenakalan remaja", "sampah", "penerangan jalan", "pungutan liar", "banjir",
]  # fmt: skip
VISIT_HEADER = [
    "NO", "WAKTU KUNJUNGAN", "NRP", "NAMA", "DESA/KEL", "KODE WILAYAH", "KEGIATAN",
    "KODE KEGIATAN", "JUMLAH KK", "JUMLAH WARGA", "URAIAN",
]  # fmt: skip
ROSTER_HEADER = [
    "NO", "NAMA", "PANGKAT", "NRP", "JABATAN", "KESATUAN", "DESA/KEL BINAAN", "KODE WILAYAH",
    "NO HP", "DIKUM", "DIKBANGSPES BINMAS",
]  # fmt: skip


# --- the scratch database --------------------------------------------------------------------


def scratch_database(workdir):
    """Point DATABASE_URL at a new scratch database; return a function that drops it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        return "SQLite (temporary file)", lambda: None
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        admin.execute(f"CREATE DATABASE {SCRATCH_DB}")
        version = admin.execute("SHOW server_version").fetchone()[0]
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{SCRATCH_DB}"))

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")

    return f"PostgreSQL {version} (database {SCRATCH_DB})", drop


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # no query log growing in memory
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- the generated Polres -----------------------------------------------------------------------


def polres_generate(officer_count):
    """Polda, Polres, 15 Polsek and one assisted area per officer; the Polres and the areas."""
    from bhabin.models import AssistedArea
    from org.models import PoliceUnit

    polda = PoliceUnit.objects.create(code="BENCH", name="Polda Bench", level="polda")
    polres = PoliceUnit.objects.create(
        code="BENCH-RES", name="Polres Bench", level="polres", parent=polda
    )
    units = [
        PoliceUnit.objects.create(
            code=f"BENCH-{n:02d}", name=f"Polsek {name}", level="polsek", parent=polres
        )
        for n, name in enumerate(POLSEK, start=1)
    ]
    areas = [
        AssistedArea(
            code=f"99.{n % len(units):02d}.{n:05d}",
            name=f"Wilayah Binaan {n:05d}",
            kind=AssistedArea.Kind.KAWASAN,
            unit=units[n % len(units)],
        )
        for n in range(officer_count)
    ]
    AssistedArea.objects.bulk_create(areas, batch_size=1000)
    # The units' tree paths, which the scoping rule and the importers' unit index read.
    from org.services import units_place_in_tree

    units_place_in_tree()
    polres.refresh_from_db()
    return polres, areas


def roster_rows(areas, rng):
    rows = []
    for n, area in enumerate(areas):
        rows.append(
            [
                n + 1,
                f"PETUGAS {n:05d}",
                rng.choice(RANKS),
                f"{70000000 + n:08d}",
                "BHABINKAMTIBMAS",
                area.unit.name.upper(),
                area.name,
                area.code,
                f"0812{n:08d}",
                rng.choice(["SMA", "SMA", "S1"]),
                rng.choice(["SUDAH", "BELUM"]),
            ]
        )
    return rows


def visit_rows(count, areas, rng):
    """A Binmas Online-style log: each visit by the officer posted to its area, in 2022."""
    start = datetime.datetime(2022, 1, 1, 6, 0)
    rows = []
    for n in range(count):
        officer = rng.randrange(len(areas))
        area = areas[officer]
        word, code = rng.choice(ACTIVITY_WORDS)
        moment = start + datetime.timedelta(days=rng.randrange(360), minutes=15 * rng.randrange(56))
        rows.append(
            [
                n + 1,
                moment,
                f"{70000000 + officer:08d}",
                f"PETUGAS {officer:05d}",
                area.name,
                area.code,
                word,
                code,
                rng.randrange(1, 15),
                rng.randrange(1, 40),
                f"{word} di RT {rng.randrange(1, 20):02d} {area.name}: warga menyampaikan "
                f"soal {rng.choice(TOPICS)}; kunjungan ke-{n + 1}.",
            ]
        )
    return rows


def write_xlsx(path, header, rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [
                    c.strftime("%Y-%m-%d %H:%M:%S") if isinstance(c, datetime.datetime) else c
                    for c in row
                ]
            )


# --- measuring --------------------------------------------------------------------------------


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(label, rows, run, reset=None):
    """Time run() (rows/s, growth of the process's peak RSS); then, after reset(), its Python
    allocation peak under tracemalloc (a second run: tracemalloc slows the code it watches)."""
    gc.collect()
    rss_before = max_rss_mb()
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    rss_growth = max_rss_mb() - rss_before
    peak = None
    if reset is not None:
        reset()
        gc.collect()
        tracemalloc.start()
        run()
        peak = tracemalloc.get_traced_memory()[1] / 1_048_576
        tracemalloc.stop()
    result = {
        "label": label,
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "rss_growth": rss_growth,
        "peak": peak,
    }
    print(
        f"  {label}: {rows} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s"
        + (f", tracemalloc peak {peak:.0f} MB" if peak is not None else ""),
        flush=True,
    )
    return result


def ours(kind, path, polres, expect_new, options=None):
    from imports.services import import_file

    data = path.read_bytes()

    def run():
        result = import_file(
            kind=kind, data=data, filename=path.name, unit=polres, options=options or {}
        )
        batch = result.batch
        if batch.status != "imported" or batch.rows_new != expect_new:
            raise SystemExit(f"{path.name}: {batch.status} {batch.message} {batch.report}"[:2000])

    return run


def visits_reset():
    from bhabin.models import Visit
    from imports.models import ImportBatch

    Visit.objects.all().delete()
    ImportBatch.objects.filter(kind="visits").delete()


def roster_reset():
    from bhabin.models import Assignment
    from personnel.models import Officer

    Assignment.objects.all().delete()
    Officer.objects.all().delete()


def import_export_default(path, expect):
    """django-import-export as documented, defaults kept: a ModelResource, widgets for the
    foreign keys, import_data(dataset, dry_run=False) on a tablib Dataset of the file."""
    import tablib
    from import_export import fields, resources, widgets

    from bhabin.models import Activity, AssistedArea, Visit
    from personnel.models import Officer

    class VisitResource(resources.ModelResource):
        officer = fields.Field(
            attribute="officer", column_name="NRP", widget=widgets.ForeignKeyWidget(Officer, "nrp")
        )
        area = fields.Field(
            attribute="area",
            column_name="KODE WILAYAH",
            widget=widgets.ForeignKeyWidget(AssistedArea, "code"),
        )
        activity = fields.Field(
            attribute="activity",
            column_name="KODE KEGIATAN",
            widget=widgets.ForeignKeyWidget(Activity, "code"),
        )
        occurred_at = fields.Field(
            attribute="occurred_at", column_name="WAKTU KUNJUNGAN", widget=widgets.DateTimeWidget()
        )
        households_visited = fields.Field(
            attribute="households_visited", column_name="JUMLAH KK", widget=widgets.IntegerWidget()
        )
        people_met = fields.Field(
            attribute="people_met", column_name="JUMLAH WARGA", widget=widgets.IntegerWidget()
        )
        narrative = fields.Field(attribute="narrative", column_name="URAIAN")

        class Meta:
            model = Visit
            fields = (
                "id",
                "officer", "area", "activity", "occurred_at", "households_visited",
                "people_met", "narrative",
            )  # fmt: skip

    def run():
        dataset = tablib.Dataset().load(path.read_bytes(), format=path.suffix[1:])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # naive datetimes from the xlsx
            result = VisitResource().import_data(dataset, dry_run=False)
        if result.has_errors() or result.has_validation_errors():
            first = (result.row_errors() or [(None, ["validation"])])[0]
            raise SystemExit(f"import-export failed: {first}")
        if result.totals["new"] != expect:
            raise SystemExit(f"import-export imported {result.totals['new']} of {expect}")

    return run


# --- the run -----------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the visit log")
    parser.add_argument("--officers", type=int, default=2_000, help="rows of the roster")
    parser.add_argument(
        "--subset", type=int, default=5_000, help="rows given to django-import-export"
    )
    parser.add_argument(
        "--mapping",
        action="store_true",
        help="only the browser flow with a mapping step (a log with a few hundred unknown "
        "activity values and duplicate rows: upload, map, confirm) and the baseline",
    )
    args = parser.parse_args()
    half = args.rows // 2
    subset = min(args.subset, args.rows)

    workdir = Path(tempfile.mkdtemp(prefix="sigap-bench-"))
    backend, drop = scratch_database(workdir)
    try:
        print(f"Database: {backend}", flush=True)
        started = time.perf_counter()
        setup_django()
        print(f"Migrated in {time.perf_counter() - started:.1f} s", flush=True)
        if args.mapping:
            results = run_mapping(args, subset, workdir)
        else:
            results = run_all(args, half, subset, workdir)
    finally:
        drop()
        shutil.rmtree(workdir, ignore_errors=True)
    if args.mapping:
        print_mapping_table(backend, args, results)
    else:
        print_table(backend, args, results)


def run_all(args, half, subset, workdir):
    rng = random.Random(2022)
    polres, areas = polres_generate(args.officers)
    roster = roster_rows(areas, rng)
    visits = visit_rows(args.rows, areas, rng)
    files = {
        "roster": workdir / "personil.xlsx",
        "full_xlsx": workdir / f"kunjungan_{args.rows}.xlsx",
        "full_csv": workdir / f"kunjungan_{args.rows}.csv",
        "half_xlsx": workdir / f"kunjungan_{half}.xlsx",
        "subset_xlsx": workdir / f"kunjungan_{subset}.xlsx",
    }
    started = time.perf_counter()
    write_xlsx(files["roster"], ROSTER_HEADER, roster)
    write_xlsx(files["full_xlsx"], VISIT_HEADER, visits)
    write_csv(files["full_csv"], VISIT_HEADER, visits)
    write_xlsx(files["half_xlsx"], VISIT_HEADER, visits[:half])
    write_xlsx(files["subset_xlsx"], VISIT_HEADER, visits[:subset])
    del visits, roster
    print(f"Files written in {time.perf_counter() - started:.1f} s to {workdir}", flush=True)
    for path in files.values():
        print(f"  {path.name}: {path.stat().st_size / 1_048_576:.1f} MB")

    roster_options = {"as_of": "2022-01-01"}
    n = args.officers
    results = [
        measure(
            "ours: roster xlsx (new officers + assignments)",
            n,
            ours("roster", files["roster"], polres, n, roster_options),
            roster_reset,
        ),
        measure(
            f"ours: visits xlsx, {subset} rows",
            subset,
            ours("visits", files["subset_xlsx"], polres, subset),
            visits_reset,
        ),
    ]
    visits_reset()
    results.append(
        measure(
            f"ours: visits xlsx, {half} rows",
            half,
            ours("visits", files["half_xlsx"], polres, half),
            visits_reset,
        )
    )
    visits_reset()
    results.append(
        measure(
            f"ours: visits xlsx, {args.rows} rows",
            args.rows,
            ours("visits", files["full_xlsx"], polres, args.rows),
            visits_reset,
        )
    )
    results.append(
        measure(
            f"ours: visits xlsx, {args.rows} rows again (all unchanged)",
            args.rows,
            ours("visits", files["full_xlsx"], polres, 0),
        )
    )
    visits_reset()
    results.append(
        measure(
            f"ours: visits csv, {args.rows} rows",
            args.rows,
            ours("visits", files["full_csv"], polres, args.rows),
        )
    )
    visits_reset()
    results.append(
        measure(
            f"django-import-export default: visits xlsx, {subset} rows",
            subset,
            import_export_default(files["subset_xlsx"], subset),
            visits_reset,
        )
    )
    return results


UNKNOWN_WORDS = 300  # distinct activity values no synonym knows
UNKNOWN_SHARE = 0.04  # of the rows carry one of them
DUPLICATES = 300  # rows repeated further down the log


def mapping_rows(count, areas, rng):
    """The log of visit_rows with unknown activity words ("Giat Binmas Khusus 017", misspelt
    ones) in some rows and a few hundred rows repeated."""
    rows = visit_rows(count - DUPLICATES, areas, rng)
    words = [f"Giat Binmas Khusus {n:03d}" for n in range(UNKNOWN_WORDS - 20)]
    words += [f"Silaturohmi {'x' * n}".strip() for n in range(20)]
    for row in rows:
        if rng.random() < UNKNOWN_SHARE:
            row[6] = rng.choice(words)
    for _ in range(DUPLICATES):
        rows.append(list(rng.choice(rows)))
    return rows


def run_mapping(args, subset, workdir):
    """Upload (plan), the mapping step (every unknown value chosen, remembered, planned again),
    confirm (write), as the browser flow does them; then the django-import-export baseline."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports import flow
    from imports.models import ImportBatch
    from personnel.models import User

    settings.IMPORT_STORAGE_DIR = workdir / "private"
    # The reader's wall-time limit guards a server against hostile files; on a machine shared by
    # other work it would stop this honest 50,000-row file, and the steps are what is measured.
    settings.IMPORT_READ_MAX_SECONDS = 600
    rng = random.Random(2022)
    polres, areas = polres_generate(args.officers)
    ours(
        "roster",
        _written(workdir / "personil.xlsx", ROSTER_HEADER, roster_rows(areas, rng)),
        polres,
        args.officers,
        {"as_of": "2022-01-01"},
    )()
    user = User.objects.create_user(
        username="bench-operator", password=None, role=User.Role.OPERATOR, unit=polres
    )
    path = _written(
        workdir / f"kunjungan_{args.rows}.xlsx", VISIT_HEADER, mapping_rows(args.rows, areas, rng)
    )
    subset_path = _written(
        workdir / f"kunjungan_{subset}.xlsx",
        VISIT_HEADER,
        visit_rows(subset, areas, random.Random(7)),
    )
    data = path.read_bytes()
    state = {}

    def upload():
        upload = SimpleUploadedFile(path.name, data)
        batch, error = flow.upload_preview(
            kind="visits", upload=upload, unit=polres, user=user,
            options={"source": path.name, "mode": "valid_rows"},
        )  # fmt: skip
        if error or batch.status != ImportBatch.Status.PREVIEWED:
            raise SystemExit(f"upload: {batch.status} {error or batch.message}")
        state["batch"] = batch

    def mapping():
        unknowns = state["batch"].report["unknowns"]["activity"]
        choices = {("activity", text): "koordinasi" for text in unknowns}
        state["values"] = len(choices)
        batch = flow.batch_map(batch_id=state["batch"].pk, user=user, choices=choices)
        if not batch.report["acceptable"]:
            raise SystemExit(f"mapping left the file unacceptable: {batch.message}")

    def confirm():
        batch = flow.batch_confirm(batch_id=state["batch"].pk, user=user)
        if batch.status != ImportBatch.Status.IMPORTED:
            raise SystemExit(f"confirm: {batch.status} {batch.message}")
        state["written"] = batch.rows_new
        state["set_aside"] = batch.rows_error

    results = [
        measure(f"ours, step 1: upload and plan, {args.rows} rows", args.rows, upload),
        measure("ours, step 2: map the unknown values, plan again", args.rows, mapping),
        measure(f"ours, step 3: confirm, write {args.rows} rows", args.rows, confirm),
    ]
    print(
        f"  {state['values']} unknown values mapped; {state['written']} rows written, "
        f"{state['set_aside']} duplicates set aside",
        flush=True,
    )
    total = sum(r["seconds"] for r in results)
    results.append(
        {"label": "ours: the three steps", "rows": args.rows, "seconds": total,
         "rows_per_s": args.rows / total, "rss_growth": 0, "peak": None}
    )  # fmt: skip
    results.append(
        measure(
            f"django-import-export default: visits xlsx, {subset} rows",
            subset,
            import_export_default(subset_path, subset),
        )
    )
    return results


def _written(path, header, rows):
    write_xlsx(path, header, rows)
    return path


def print_mapping_table(backend, args, results):
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    print(f"Import with a mapping step on {backend}, Python {sys.version.split()[0]}")
    print(f"load average (1, 5, 15 min): {load}")
    print(f"{'run':<62} {'rows':>7} {'s':>7} {'rows/s':>8}")
    for r in results:
        print(f"{r['label']:<62} {r['rows']:>7} {r['seconds']:>7.2f} {r['rows_per_s']:>8,.0f}")
    ours_total, baseline = results[-2], results[-1]
    print(
        f"ours (three steps) / import-export default: "
        f"{ours_total['rows_per_s'] / baseline['rows_per_s']:.1f}x"
    )


def print_table(backend, args, results):
    print()
    print(f"Import benchmark on {backend}, Python {sys.version.split()[0]}")
    print(f"{'run':<62} {'rows':>7} {'s':>7} {'rows/s':>8} {'RSS+ MB':>8} {'peak MB':>8}")
    for r in results:
        peak = f"{r['peak']:.0f}" if r["peak"] is not None else "-"
        print(
            f"{r['label']:<62} {r['rows']:>7} {r['seconds']:>7.2f} {r['rows_per_s']:>8,.0f} "
            f"{r['rss_growth']:>8.0f} {peak:>8}"
        )
    by_label = {r["label"]: r for r in results}
    default = results[-1]
    same_rows = by_label[f"ours: visits xlsx, {default['rows']} rows"]
    full = by_label[f"ours: visits xlsx, {args.rows} rows"]
    print()
    print(
        f"ours / import-export default, same {default['rows']} rows: "
        f"{same_rows['rows_per_s'] / default['rows_per_s']:.1f}x"
    )
    print(
        f"ours on {args.rows} rows / import-export default on {default['rows']} rows: "
        f"{full['rows_per_s'] / default['rows_per_s']:.1f}x "
        f"(import-export at its measured rate would take "
        f"{args.rows / default['rows_per_s']:.0f} s for {args.rows} rows)"
    )


if __name__ == "__main__":
    main()
