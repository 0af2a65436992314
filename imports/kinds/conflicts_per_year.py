"""Kind "conflicts_per_year": the number of social conflicts a unit reported per year (sample 05).

The study's Table 1 lies on its side: a row "TAHUN | 2018 | 2019 ..." and below it a row
"Konflik Sosial | 35 | 28 ...". That layout is read from the grid here; a sheet with the columns
TAHUN and JUMLAH is read as any other table. The counts are kept on the importing unit, one per
year, and compared with the incidents recorded in Sigap.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from conflicts.models import Incident, YearlyConflictCount
from imports.base import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    Finding,
    Importer,
    Plan,
    RowError,
    synonym_table,
)
from imports.normalize import CellError, clean_text, is_empty, name_key, parse_count
from imports.reader import (
    HEADER_SEARCH_ROWS,
    TOTAL_WORDS,
    ReadError,
    is_total_row,
    read_grid,
    read_table,
)

YEAR_WORDS = frozenset({"tahun", "thn", "tahunkejadian"})
FIRST_YEAR, LAST_YEAR = 1900, 2100
NOTE = re.compile(r"(?i)^(sumber|keterangan|catatan|ket)\s*[:.]")


@dataclass
class YearEntry:
    row: int  # the spreadsheet row the count is read from
    year: object  # the raw year cell
    counts: list  # [(row number, raw count cell)], summed when the sheet breaks a year down
    parts: list = field(default_factory=list)  # [(row number, raw)] that should add up to it


@dataclass
class YearTable:
    """What read() returns: years with their counts, whatever the sheet's layout."""

    headers: dict
    entries: list = field(default_factory=list)
    totals: list = field(default_factory=list)  # [(row number, raw printed total)]
    title: str = ""


def parse_year(raw):
    text = clean_text(raw)
    if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise RowError(
            _("Year '%(value)s' is not recognised (for example: 2021).") % {"value": text}
        )
    return int(text)


def _text(row, index):
    return clean_text(row[index]) if index < len(row) else ""


def _cell(row, index):
    return row[index] if index < len(row) else None


def _is_year(value):
    return re.fullmatch(r"\d{4}", clean_text(value)) is not None


def _find_year_row(grid):
    """(row index, column of the TAHUN label) of a transposed table, or None."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        filled = [c for c in range(len(row)) if _text(row, c)]
        if not filled or name_key(_text(row, filled[0])) not in YEAR_WORDS:
            continue
        if any(_is_year(row[c]) for c in filled[1:]):
            return index, filled[0]
    return None


def read_transposed(grid, index, label_column):
    """Pair each year of the TAHUN row with the count(s) in the rows right below it."""
    year_row = grid[index]
    year_columns, total_column = [], None
    for column in range(label_column + 1, len(year_row)):
        text = _text(year_row, column)
        if not text:
            continue
        if name_key(text) in TOTAL_WORDS:
            total_column = column
        else:
            year_columns.append(column)
    rows = []  # (row number, row) of the block below the TAHUN row
    for offset, row in enumerate(grid[index + 1 :]):
        texts = [_text(row, c) for c in range(len(row))]
        if not any(texts) or NOTE.match(next(t for t in texts if t)):
            if rows:
                break
            continue
        rows.append((index + offset + 2, row))
    if not rows:
        raise ReadError(_("There is no row of conflict counts below the TAHUN row."))
    totals = [(number, row) for number, row in rows if is_total_row(row)]
    counted = totals[:1] or rows
    parts = [(number, row) for number, row in rows if not is_total_row(row)] if totals else []
    table = YearTable(headers={"year": _text(year_row, label_column), "count": "JUMLAH"})
    table.title = " ".join(_text(row, 0) for row in grid[:index] if _text(row, 0))
    for column in year_columns:
        table.entries.append(
            YearEntry(
                row=counted[0][0],
                year=year_row[column],
                counts=[(number, _cell(row, column)) for number, row in counted],
                parts=[(number, _cell(row, column)) for number, row in parts],
            )
        )
    if total_column is not None and len(counted) == 1:
        number, row = counted[0]
        table.totals.append((number, _cell(row, total_column)))
    return table


class ConflictsPerYearImporter(Importer):
    kind = "conflicts_per_year"
    label = gettext_lazy("Social conflicts per year (as reported)")
    required = ("year", "count")

    def read(self, data, filename, max_rows=None):
        grid = read_grid(data, filename)
        found = _find_year_row(grid)
        if found is not None:
            table = read_transposed(grid, *found)
        else:
            try:
                columns = read_table(
                    data, filename, synonym_table()[self.kind], self.required, max_rows
                )
            except ReadError:
                raise ReadError(
                    _(
                        "No table of conflicts per year was found. Write one row TAHUN | 2018 | "
                        "2019 ... with the number of conflicts in the row below it, or two "
                        "columns TAHUN and JUMLAH."
                    )
                ) from None
            table = YearTable(headers=columns.headers, title=columns.title)
            table.entries = [
                YearEntry(row.number, row.values["year"], [(row.number, row.values["count"])])
                for row in columns.rows
            ]
            table.totals = [(total.number, total.values.get("count")) for total in columns.totals]
        if max_rows is not None and len(table.entries) > max_rows:
            raise ReadError(
                _("The file holds more than %(limit)s years; split it into several.")
                % {"limit": max_rows}
            )
        return table

    def plan(self, table):
        plan = Plan(kind=self.kind)
        existing = {
            count.year: count for count in YearlyConflictCount.objects.filter(unit=self.root)
        }
        seen = {}
        creates, updates, counted = [], [], {}
        for entry in table.entries:
            label = clean_text(entry.year)
            try:
                year = parse_year(entry.year)
                if year in seen:
                    raise RowError(
                        _("Year %(year)s is already there (row %(row)s).")
                        % {"year": year, "row": seen[year]}
                    )
                seen[year] = entry.row
                count = sum(
                    parse_count(
                        raw,
                        _("Number of conflicts %(year)s (row %(row)s)")
                        % {"year": year, "row": number},
                    )
                    for number, raw in entry.counts
                )
                parts = [
                    parse_count(raw, _("Number of conflicts %(year)s") % {"year": year})
                    for _number, raw in entry.parts
                ]
            except CellError as exc:
                plan.add(entry.row, ERROR, label, str(exc))
                continue
            counted[year] = (entry.row, count)
            if parts and sum(parts) != count:
                plan.findings.append(
                    Finding(
                        "warning",
                        _(
                            "Year %(year)s: the JUMLAH row says %(count)s, but its breakdown adds "
                            "up to %(summed)s (a difference of %(difference)s)."
                        )
                        % {
                            "year": year,
                            "count": count,
                            "summed": sum(parts),
                            "difference": f"{count - sum(parts):+d}",
                        },
                        entry.row,
                    )
                )
            old = existing.get(year)
            if old is None:
                creates.append(YearlyConflictCount(unit=self.root, year=year, count=count))
                plan.add(
                    entry.row,
                    NEW,
                    label,
                    ngettext("%(count)s conflict", "%(count)s conflicts", count) % {"count": count},
                )
            elif old.count == count:
                plan.add(entry.row, UNCHANGED, label)
            else:
                plan.add(
                    entry.row,
                    UPDATE,
                    label,
                    ngettext(
                        "%(old)s -> %(count)s conflict", "%(old)s -> %(count)s conflicts", count
                    )
                    % {"old": old.count, "count": count},
                )
                old.count = count
                updates.append(old)
        plan.work = {"creates": creates, "updates": updates}
        self._check_totals(plan, table, counted)
        self._compare_with_incidents(plan, counted)
        return plan

    def _check_totals(self, plan, table, counted):
        summed = sum(count for _row, count in counted.values())
        for number, raw in table.totals:
            if is_empty(raw):
                continue
            try:
                printed = parse_count(raw)
            except CellError:
                continue
            if printed != summed:
                plan.findings.append(
                    Finding(
                        "warning",
                        _(
                            "JUMLAH says %(printed)s, but the years add up to %(summed)s "
                            "(a difference of %(difference)s)."
                        )
                        % {
                            "printed": printed,
                            "summed": summed,
                            "difference": f"{printed - summed:+d}",
                        },
                        number,
                    )
                )

    def _compare_with_incidents(self, plan, counted):
        if not counted:
            return
        recorded = dict(
            Incident.objects.filter(self.root.subtree("unit"), occurred_on__year__in=list(counted))
            .annotate(year=ExtractYear("occurred_on"))
            .order_by()
            .values("year")
            .annotate(n=Count("pk"))
            .values_list("year", "n")
        )
        for year, (row, count) in sorted(counted.items()):
            actual = recorded.get(year, 0)
            if actual and actual != count:
                plan.findings.append(
                    Finding(
                        "warning",
                        _(
                            "Year %(year)s: the recap gives %(count)s social conflicts, Sigap "
                            "records %(actual)s incidents in %(unit)s and the units below it."
                        )
                        % {
                            "year": year,
                            "count": count,
                            "actual": actual,
                            "unit": self.root.name,
                        },
                        row,
                    )
                )

    def apply(self, plan):
        source = self.options.get("source", "")[:200]
        for count in [*plan.work["creates"], *plan.work["updates"]]:
            count.source = source
        YearlyConflictCount.objects.bulk_create(plan.work["creates"])
        YearlyConflictCount.objects.bulk_update(plan.work["updates"], ["count", "source"])


IMPORTER = ConflictsPerYearImporter
