"""Time of the MOTUL planning sheet with the longest text its fields allow (issue 16, item 8).

    .venv/bin/python bench/motul_pdf_bench.py [--runs 3]

A temporary SQLite database (migrated, removed at the end) holds one Polsek, one area and one
plan per shape of text: every step and the objective at their limits (motul.models) as prose, as
the most lines, and as one unbroken word; then a plan whose steps were stored before the limits
(100,000 lines each, written past the service) and are printed cut. Prints, per shape and run, the
seconds to render the PDF, its pages and bytes, then the load average, since other work on the
machine stretches the times. Nothing is asserted: the page bound is
tests/security/test_pdf_text_limits.py.
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORKDIR = Path(tempfile.mkdtemp(prefix="sigap-motul-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from bhabin.models import AssistedArea  # noqa: E402
from motul import plans as motul  # noqa: E402
from motul.models import (  # noqa: E402
    OBJECTIVE_MAX_CHARS,
    OBJECTIVE_MAX_LINES,
    STEP_MAX_CHARS,
    STEP_MAX_LINES,
    MotulPlanStep,
)
from motul.views import MOTUL_SHEET, motul_sheet_context  # noqa: E402
from org.models import PoliceUnit  # noqa: E402
from personnel.models import User  # noqa: E402
from reports.pdf import render_document  # noqa: E402

SHAPES = {
    "prose": lambda chars, lines: ("Pengamanan kegiatan warga " * (chars // 26 + 1))[:chars],
    "most lines": lambda chars, lines: "\n".join("x" * (chars // lines - 1) for _ in range(lines)),
    "one word": lambda chars, lines: "W" * chars,
}


def world():
    polda = PoliceUnit.objects.create(code="B-POLDA", name="Polda Bench", level="polda")
    polres = PoliceUnit.objects.create(
        code="B-POLRES", name="Polres Bench", level="polres", parent=polda
    )
    polsek = PoliceUnit.objects.create(
        code="B-POLSEK", name="Polsek Bench", level="polsek", parent=polres
    )
    area = AssistedArea.objects.create(unit=polsek, name="Desa Bench")
    user = User.objects.create(username="bench", role=User.Role.KAPOLSEK, unit=polsek)
    return user, area


def plan_with(user, area, objective, step_text, *, past_the_service=False):
    plan = motul.motul_plan_create(
        user=user,
        title="Sambang " * 25,
        objective=objective,
        planned_on=datetime.date(2022, 12, 5),
        areas=[area],
    )
    if past_the_service:
        MotulPlanStep.objects.filter(plan=plan).update(content=step_text)
    else:
        steps = plan.steps.all()
        motul.motul_plan_steps_update(
            plan=plan, contents={step.step_id: step_text for step in steps}
        )
    return plan


def measure(label, plan, area, runs):
    steps = list(plan.steps.select_related("step").order_by("step__number"))
    stored = sum(len(step.content) for step in steps) + len(plan.objective)
    for run in range(1, runs + 1):
        start = time.perf_counter()
        with translation.override("id"):
            document = render_document(
                MOTUL_SHEET, motul_sheet_context(plan, steps, [area], people=None)
            )
            pdf = document.write_pdf()
        seconds = time.perf_counter() - start
        print(
            f"{label:<28} {run:>3} {stored:>10,} {seconds:>8.2f} "
            f"{len(document.pages):>6} {len(pdf):>10,}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        user, area = world()
        print(f"{'text':<28} run {'chars':>10} {'seconds':>8} {'pages':>6} {'pdf_bytes':>10}")
        for label, shape in SHAPES.items():
            plan = plan_with(
                user,
                area,
                shape(OBJECTIVE_MAX_CHARS, OBJECTIVE_MAX_LINES),
                shape(STEP_MAX_CHARS, STEP_MAX_LINES),
            )
            measure(f"at the limits, {label}", plan, area, args.runs)
        plan = plan_with(user, area, "", "Baris lama\n" * 100_000, past_the_service=True)
        measure("stored before, printed cut", plan, area, args.runs)
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
