"""The monthly report (Laporan Bulanan / Anev) of a unit: its figures, gaps and sentences.

`monthly_report(unit, year, month)` gathers everything the PDF template prints, for the unit and
the units below it. Every figure is an aggregate computed in the database: the number of queries
is fixed whatever the number of units, areas or visits (see tests/demo/test_pdf_demo.py). The
caller decides who may see the unit (`PoliceUnit.objects.visible_to(user)`); nothing here is
scoped to a person, because a report covers a whole unit subtree.

The report covers one whole month, so the visit figures per unit and area (areas visited,
visits per unit, areas not visited) come from the monthly aggregates (`reports.AreaMonth`, kept
equal to the visits by `reports.aggregates`). The visits by activity are not aggregated; they
are counted from the month's visits of the units' areas, which the (area, occurred_at) index
reaches directly. Every query therefore reads the unit subtree's month, never the whole table.

`report` holds the report, its letterhead and signer and gathers the sections; `duties` (III),
`obstacles` (IV) and `conclusions` (V) compute them; `period` and `amounts` are shared helpers.

Text in the report is Indonesian: the report is an official document.
"""

from reports.monthly.amounts import Money, money, percent
from reports.monthly.duties import (
    FIELD_NAMES,
    HOTSPOT_MONTHS,
    HOTSPOTS_LISTED,
    METHOD_NAMES,
    ActivityRow,
)
from reports.monthly.obstacles import OTHER_DUTY_NAMES, UNVISITED_AREAS_LISTED
from reports.monthly.period import month_bounds, parse_period, shift_month
from reports.monthly.report import (
    NATIONAL_LETTERHEAD,
    SIGNER_POSITIONS,
    SIGNER_TITLES,
    MonthlyReport,
    letterhead,
    monthly_report,
    signer_for,
    signer_title,
    signing_place,
)

__all__ = [
    "FIELD_NAMES",
    "HOTSPOTS_LISTED",
    "HOTSPOT_MONTHS",
    "METHOD_NAMES",
    "NATIONAL_LETTERHEAD",
    "OTHER_DUTY_NAMES",
    "SIGNER_POSITIONS",
    "SIGNER_TITLES",
    "UNVISITED_AREAS_LISTED",
    "ActivityRow",
    "Money",
    "MonthlyReport",
    "letterhead",
    "money",
    "month_bounds",
    "monthly_report",
    "parse_period",
    "percent",
    "shift_month",
    "signer_for",
    "signer_title",
    "signing_place",
]
