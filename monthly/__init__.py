"""The monthly report (Laporan Bulanan / Anev) of a unit: its figures, gaps and sentences.

`monthly_report(unit, year, month)` gathers everything the PDF template prints, for the unit and
the units below it. Every figure is an aggregate computed in the database: the number of queries
is fixed whatever the number of units, areas or visits (see tests/demo/test_pdf_demo.py). The
caller decides who may see the unit (`PoliceUnit.objects.visible_to(user)`); nothing here is
scoped to a person, because a report covers a whole unit subtree.

The report covers one whole month, so the visit figures per unit and area (areas visited,
visits per unit, areas not visited) come from the monthly aggregates (`bhabin.AreaMonth`, kept
equal to the visits by `bhabin.services`). The visits by activity are not aggregated; they
are counted from the month's visits of the units' areas, which the (area, occurred_at) index
reaches directly. Every query therefore reads the unit subtree's month, never the whole table.

`report` holds the report, its letterhead and signer and gathers the sections; `duties` (III),
`obstacles` (IV) and `conclusions` (V) compute them; `amounts` holds the money and percent
helpers; months come from org.periods. `views` serves the index and the PDF.

Text in the report is Indonesian: the report is an official document.
"""
