"""Hostile import files: how long the reader takes to refuse each, and how much memory it uses.

Run from the project root (see bench/README.md):

    .venv/bin/python bench/hostile_import_bench.py
    .venv/bin/python bench/hostile_import_bench.py --root /tmp/old-tree --timeout 300

It builds the hostile files of issue 16 (items 1 and 3) with tests/imports/hostile.py, plus an
honest sample to compare with, and reads each in a child process of its own, the way a web worker
does (the units importer's read(): sniffing, measuring, reading; no database). For each it prints
the outcome, the read's wall and CPU time (the child's own and its reader child's), the child's
own peak resident memory, and the peak of the child and its reader child together (ru_maxrss
from wait4: a reader child started by fork and exec starts from its parent's resident size, so
this column is never below the worker's). --root reads with the code of another tree (an older
commit, say); --memory-cap bounds such a run. Nothing is asserted.
"""

import argparse
import datetime
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def hostile_files(hostile):
    """(label, bytes) for each hostile file, then an honest sample to compare with."""
    return [
        ("jauh.xlsx: one value at XFD1048576", hostile.xlsx_with_far_cell()),
        (
            "bohong.xlsx: the same, <dimension> says A1:C2",
            hostile.with_dimension(hostile.xlsx_with_far_cell(), "A1:C2"),
        ),
        ("jauh.ods: repeated rows and cells to XFD1048576", hostile.ods_with_far_cell()),
        ("blok.ods: one value repeated 60,000 x 1,000", hostile.ods_with_repeated_block()),
        ("dua.ods: that block as a second table", hostile.ods_with_repeated_second_table()),
        (
            "jauh.xls: one value at (65535, 65535)",
            hostile.xls(hostile.xls_table((65535, 65535, 1.0))),
        ),
        (
            "bohong.xls: DIMENSIONS record of 2^32 x 2^16",
            hostile.xls(hostile.xls_table(), dimensions=(0xFFFFFFFF, 0xFFFF)),
        ),
        ("koma.csv: one line of 1,000,000 commas", hostile.csv_of_commas()),
        ("lebar.csv: one line of 10,000 fields", hostile.csv_with_wide_line()),
        (
            "01_data_bhabinkamtibmas.xlsx: honest sample",
            (ROOT / "fixtures" / "samples" / "01_data_bhabinkamtibmas.xlsx").read_bytes(),
        ),
    ]


# --- the child: read one file as a worker would ---------------------------------------------------


def read_one(root, path, name):
    """Read `path` as the units import of `root` does; print the outcome and measures as JSON."""
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    from imports.kinds import importer_class

    translation.activate("id")
    importer = importer_class("units")(unit=None)
    data = Path(path).read_bytes()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    try:
        table = importer.read(data, name, max_rows=settings.IMPORT_MAX_ROWS)
        outcome = f"read: {len(table.rows)} rows"
    except Exception as exc:  # the outcome is what is measured
        outcome = f"{type(exc).__name__}: {exc}"
    wall = time.perf_counter() - start
    print(
        json.dumps(
            {
                "outcome": outcome,
                "wall": wall,
                "cpu": _cpu_seconds() - cpu_before,
                "own_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


def _cpu_seconds():
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _cap_memory(megabytes):
    resource.setrlimit(resource.RLIMIT_AS, (megabytes * 1024 * 1024, resource.RLIM_INFINITY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


# --- the parent -----------------------------------------------------------------------------------


def measure(root, path, name, timeout, memory_cap):
    """Run read_one in a child; return (outcome, read s, CPU s, own peak MB, tree peak MB)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--read",
        str(path),
        "--name",
        name,
        "--root",
        str(root),
    ]
    if memory_cap:
        command += ["--memory-cap", str(memory_cap)]
    environment = {**os.environ, "RUST_BACKTRACE": "0"}
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - this script, run by this interpreter
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment
    )
    killed = []
    timer = threading.Timer(timeout, lambda: killed.append(child.kill()))
    timer.start()
    try:
        stdout = child.stdout.read()
        # wait4, not wait: the usage of this child and its reader child, not of every child.
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stdout.close()
    elapsed = time.perf_counter() - started
    tree_peak_mb = usage.ru_maxrss / 1024
    if killed:
        return f"killed after {timeout} s", elapsed, None, None, tree_peak_mb
    if child.returncode < 0:
        signal_name = signal.Signals(-child.returncode).name
        return f"died: {signal_name} (after {elapsed:.1f} s)", elapsed, None, None, tree_peak_mb
    result = json.loads(stdout.decode("utf-8", "replace").strip().splitlines()[-1])
    return (
        result["outcome"],
        result["wall"],
        result["cpu"],
        result["own_peak_kb"] / 1024,
        tree_peak_mb,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the tree whose reader runs")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per file")
    parser.add_argument("--memory-cap", type=int, help="address space of each child, MB")
    parser.add_argument("--read", help=argparse.SUPPRESS)
    parser.add_argument("--name", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        if args.memory_cap:
            _cap_memory(args.memory_cap)
        read_one(args.root.resolve(), args.read, args.name)
        return

    sys.path.insert(0, str(ROOT))
    from tests.imports import hostile

    files = hostile_files(hostile)
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}, reader of {args.root.resolve()}")
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())} at the start\n")
    print(f"{'file':<50} {'bytes':>9} {'read s':>7} {'CPU s':>7} {'own MB':>7} {'tree MB':>8}")
    print("  outcome")
    with tempfile.TemporaryDirectory() as workdir:
        for label, data in files:
            name = label.split(":")[0]
            path = Path(workdir) / name
            path.write_bytes(data)
            outcome, wall, cpu, own, tree = measure(
                args.root, path, name, args.timeout, args.memory_cap
            )
            print(
                f"{label:<50} {len(data):>9,} {wall:>7.2f} {_or_dash(cpu, '7.2f')} "
                f"{_or_dash(own, '7.0f')} {tree:>8.0f}"
            )
            print(f"  {outcome}")
    print(f"\nload average {' '.join(f'{n:.2f}' for n in os.getloadavg())} at the end")


def _or_dash(value, spec):
    width = int(spec.split(".")[0])
    return f"{value:{spec}}" if value is not None else "-".rjust(width)


if __name__ == "__main__":
    main()
