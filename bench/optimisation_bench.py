"""The optimisation's area risks from the aggregates, against the code that joined every visit.

Run from the project root on a database filled by generate_scale (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/speed_scale \\
        .venv/bin/python bench/optimisation_bench.py [--prefix SC] [--repeat 3] [--baseline main]

For one Polres (`<prefix>-R01`) and for the whole Polda (`<prefix>-POLDA`), as of today and as
of the 15th of three months ago (a past date reads the as-of month's visits up to that day):
  - `optimisation.risk.area_risks` of this tree (last visit from the monthly aggregates and the
    as-of month's visits), p50 over --repeat runs, and its queries;
  - the same function as the --baseline revision has it (its source read with `git show` and
    run in this process: `Max("visits__occurred_at")` over the areas joined to every visit),
    and whether both give the same last visit and score for every area;
  - the whole report (`optimisation.report.build_report`, what the page and the command
    build), once, with this tree's code.
The load average is printed beside the figures. No assertions.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def load_average():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def baseline_module(revision):
    source = subprocess.run(  # noqa: S603
        ["git", "show", f"{revision}:optimisation/risk.py"],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("baseline_risk")
    exec(compile(source, f"{revision}:optimisation/risk.py", "exec"), module.__dict__)  # noqa: S102
    return module


def timed(call, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, result, queries = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return result, statistics.median(times), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", default="SC")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default="main", help="git revision of the old risk.py")
    parser.add_argument("--no-report", action="store_true", help="skip build_report")
    args = parser.parse_args()

    import django

    django.setup()
    from django.utils import timezone

    from bhabin.models import AreaMonth, AssistedArea, Visit
    from optimisation import risk
    from optimisation.report import build_report
    from org.models import PoliceUnit
    from org.scoping import COMMAND_LINE

    old = baseline_module(args.baseline)
    today = timezone.localdate()
    past = (today.replace(day=1) - datetime.timedelta(days=62)).replace(day=15)
    print(
        f"{Visit.objects.count():,} visits, {AreaMonth.objects.count():,} area months, "
        f"{AssistedArea.objects.count():,} areas; load {load_average()}"
    )
    header = (
        f"{'scope':<12} {'as of':<11} {'areas':>6} {'before ms':>10} {'q':>2} "
        f"{'now ms':>8} {'q':>2} {'ratio':>7} {'same':>5}  load"
    )
    print(header)
    for code in (f"{args.prefix}-R01", f"{args.prefix}-POLDA"):
        unit = PoliceUnit.objects.get(code=code)
        areas = AssistedArea.objects.filter(unit__path__startswith=unit.path, is_active=True)
        for as_of in (today, past):
            before, before_ms, before_q = timed(
                lambda areas=areas, as_of=as_of: old.area_risks(areas, as_of=as_of), args.repeat
            )
            now, now_ms, now_q = timed(
                lambda areas=areas, as_of=as_of: risk.area_risks(areas, as_of=as_of), args.repeat
            )
            same = [(r.area_id, r.last_visit, round(r.score, 9)) for r in before] == [
                (r.area_id, r.last_visit, round(r.score, 9)) for r in now
            ]
            print(
                f"{code:<12} {as_of.isoformat():<11} {len(now):>6} {before_ms:>10.0f} "
                f"{before_q:>2} {now_ms:>8.0f} {now_q:>2} {before_ms / now_ms:>6.1f}x "
                f"{str(same):>5}  {load_average()}"
            )
    if args.no_report:
        return
    print("\nwhole report (build_report, this tree, one run):")
    for code in (f"{args.prefix}-R01", f"{args.prefix}-POLDA"):
        unit = PoliceUnit.objects.get(code=code)
        started = time.perf_counter()
        report = build_report(unit, as_of=today, user=COMMAND_LINE)
        total = time.perf_counter() - started
        parts = ", ".join(
            f"{key} {value:.2f}"
            for key, value in report.timings.items()
            if key in ("queries", "c:plans", "total")
        )
        print(f"  {code:<12} {total:6.2f} s ({parts}; {len(report.risks)} areas)  {load_average()}")


if __name__ == "__main__":
    main()
