"""Time of the demo Polres's optimisation PDF, next to the layout it replaced, in one run.

    DATABASE_URL=... .venv/bin/python manage.py seed_demo
    DATABASE_URL=... .venv/bin/python bench/optimisation_pdf_bench.py [--runs 3] [--unit PMJ-BKS]

The report is gathered once (`optimisation.views.report_context`, what the PDF view does; its
time is printed apart), then laid out alternately with the PDF template
(`optimisation/pdf.html`) and with the layout it replaced: the web page's sections
(`optimisation/_report.html`) in one landscape document, as the PDF was made before issue 14.
Printed per run: seconds to render the HTML, to lay it out and to write the PDF, the CPU
seconds of the three, and the pages;
the load average beside them, since the machine may be shared. Goal: the PDF at most 5 s for
the demo Polres. Nothing is asserted.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.template import engines  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from weasyprint import HTML  # noqa: E402

from optimisation import views  # noqa: E402
from personnel.models import User  # noqa: E402
from reports.pdf import BASE_URL, SafeURLFetcher  # noqa: E402

# The PDF before issue 14: the page's sections in one landscape document.
BEFORE = """{% load i18n %}<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: sans-serif; font-size: 8pt; color: #111; }
h1 { font-size: 13pt; } h2 { font-size: 11pt; margin-top: 8mm; } h3 { font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #999; padding: 1mm; vertical-align: top; }
.num { text-align: right; } .muted { color: #4a4a4a; }
</style></head><body><h1>{{ unit.name }}</h1>
{% include "optimisation/_report.html" with pdf=True %}</body></html>"""


def lay_out(html):
    started = time.perf_counter()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher()).render()
    laid = time.perf_counter()
    document.write_pdf()
    return laid - started, time.perf_counter() - laid, len(document.pages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", default="PMJ-BKS")
    parser.add_argument("--as-of", default="2022-11-30")
    parser.add_argument("--user", default="kasat")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    translation.activate("id")
    request = RequestFactory().get(f"/optimasi/{args.unit}.pdf", {"tanggal": args.as_of})
    request.user = User.objects.get(username=args.user)
    started = time.perf_counter()
    context = views.report_context(request, args.unit)
    context["generated_at"] = timezone.localtime()
    context["per_unit"] = views._per_unit(context)
    print(
        f"{args.unit} as of {args.as_of}: report gathered and solved in "
        f"{time.perf_counter() - started:.2f} s (load {os.getloadavg()[0]:.1f})"
    )
    before = engines["django"].from_string(BEFORE)
    print("run  layout   html_s  layout_s  write_s  total_s  cpu_s  pages  load1")
    for run in range(1, args.runs + 1):
        for name in ("before", "pdf.html"):
            started, cpu = time.perf_counter(), time.process_time()
            if name == "before":
                html = before.render(context, request)
            else:
                html = render_to_string("optimisation/pdf.html", context, request=request)
            rendered = time.perf_counter() - started
            layout, write, pages = lay_out(html)
            total = rendered + layout + write
            # This process's CPU seconds: what the layout costs, whoever else shares the cores.
            cpu = time.process_time() - cpu
            print(
                f"{run:>3}  {name:<8} {rendered:6.2f}  {layout:8.2f}  {write:7.2f}  {total:7.2f}"
                f"  {cpu:5.2f}  {pages:5d}  {os.getloadavg()[0]:5.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
