"""The Polres recap tables (rekap), computed live, in the layouts the Polres and the study use.

Each builder takes the root unit of the recap and returns a `RecapTable`; `write_csv` here and
`reports.xlsx.write_xlsx` render any table. Column headers are in Indonesian as the Polres
writes them: they are the official layout.
"""

import csv
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, ngettext

from recaps import selectors
from reports.xlsx import safe_cell


class RecapError(Exception):
    """A recap that cannot be built from the data (the message is for the user, in Indonesian)."""


@dataclass
class RecapTable:
    """A recap table: title lines, header, rows, the JUMLAH row and the differences found."""

    name: str
    sheet_name: str
    title: list
    header: list
    rows: list
    total: list | None
    differences: list = field(default_factory=list)
    differences_heading: str = ""
    money_columns: frozenset = frozenset()
    decimal_columns: frozenset = frozenset()
    # What each row counts, for the page's figure links: the unit of a per-unit table's row,
    # the conflict category of Table 1's (None for its "Konflik Sosial" row).
    row_units: list = field(default_factory=list)
    row_categories: list = field(default_factory=list)

    def lines(self):
        """The header, the rows and the total row, as a CSV holds them."""
        return [self.header, *self.rows, *([self.total] if self.total is not None else [])]


def write_csv(table, out):
    """Write a recap table to a text file-like object as CSV (RFC 4180), cells neutralised.

    Only the header, rows and total go in: no title lines, so the file stays machine-readable.
    Open a file for it with newline="".
    """
    writer = csv.writer(out)
    for values in table.lines():
        writer.writerow(["" if value is None else safe_cell(value) for value in values])


def unit_label(unit):
    return unit.name.upper()


def staffing_note(areas, officers):
    """The KET column of Table 2: one officer per area is the rule the study tests."""
    if areas == officers:
        return "1 Bhabin 1 Desa" if areas else ""
    if officers < areas:
        return ngettext("%(n)s officer short", "%(n)s officers short", areas - officers) % {
            "n": areas - officers
        }
    return ngettext("%(n)s officer over", "%(n)s officers over", officers - areas) % {
        "n": officers - areas
    }


def bhabin_recap(root, units, year=None):
    """Table 2: assisted areas and Bhabinkamtibmas per unit."""
    strength = selectors.bhabin_strength(units)
    rows = []
    for number, unit in enumerate(units, start=1):
        areas = strength[unit.pk]["area_count"]
        officers = strength[unit.pk]["officer_count"]
        rows.append([number, unit_label(unit), areas, officers, staffing_note(areas, officers)])
    return RecapTable(
        name="bhabin",
        sheet_name="Bhabin",
        title=[f"DATA BHABINKAMTIBMAS {unit_label(root)}"],
        header=["NO", "POLRES/POLSEK", "JUMLAH DESA/KEL", "JUMLAH BHABIN", "KET"],
        rows=rows,
        total=[None, "JUMLAH", _column_sum(rows, 2), _column_sum(rows, 3), None],
        row_units=list(units),
    )


# The columns a reported competency recap has, with the roster figure each is compared with.
REPORTED_COMPETENCY_COLUMNS = [
    ("JML BABIN", "officers"),
    ("DIKUM SMA", "sma"),
    ("DIKUM S1", "s1"),
    ("DIKBANGSPES SUDAH", "dikbangspes_done"),
    ("DIKBANGSPES BELUM", "dikbangspes_not_yet"),
    ("PELATIHAN SUDAH", "training_done"),
    ("PELATIHAN BELUM", "training_not_yet"),
]


# The roster figures behind the columns after NO and POLRES/POLSEK, in order.
KOMPETENSI_COLUMNS = [
    "officers",
    "sma",
    "d3",
    "s1",
    "s2",
    "dikbangspes_done",
    "dikbangspes_not_yet",
    "training_done",
    "training_not_yet",
]
ROSTER_ZERO = dict.fromkeys(
    ["officers", "sma", "d3", "s1", "s2", "dikbangspes_done", "training_done"], 0
)


def kompetensi_recap(root, units, year=None, *, rollup=None, roster=None):
    """The competency table, from the roster; a reported recap that differs is listed, not used.

    With a `selectors.Rollup` that rolls up (a Polda's dashboard), one row per row unit with its
    subtree's figures, and no differences: the units report their own recaps, not subtrees'.
    `roster` is `selectors.roster_competency` for the same units and rollup, if the caller has
    it already.
    """
    if rollup is not None and not rollup.rolls_up:
        rollup = None
    if roster is None:
        roster = selectors.roster_competency(units, rollup)
    reported = selectors.reported_competency(units) if rollup is None else {}
    rows = []
    figures = {}
    for number, unit in enumerate(units if rollup is None else rollup.units, start=1):
        f = {**ROSTER_ZERO, **roster.get(unit.pk, {})}
        f["dikbangspes_not_yet"] = f["officers"] - f["dikbangspes_done"]
        f["training_not_yet"] = f["officers"] - f["training_done"]
        figures[unit.pk] = f
        rows.append([number, unit_label(unit), *(f[key] for key in KOMPETENSI_COLUMNS)])
    return RecapTable(
        name="kompetensi",
        sheet_name="Kompetensi",
        title=[f"DATA KOMPETENSI BHABINKAMTIBMAS {unit_label(root)}"],
        header=[
            "NO",
            "POLRES/POLSEK",
            "JML BABIN",
            "DIKUM SMA",
            "DIKUM D3",
            "DIKUM S1",
            "DIKUM S2",
            "DIKBANGSPES SUDAH",
            "DIKBANGSPES BELUM",
            "PELATIHAN SUDAH",
            "PELATIHAN BELUM",
        ],
        rows=rows,
        total=[None, "JUMLAH", *(_column_sum(rows, column) for column in range(2, 11))],
        differences=competency_differences(units, figures, reported),
        row_units=list(units if rollup is None else rollup.units),
        differences_heading=gettext(
            "Differences between the reported competency recap and the roster (the table uses "
            "the roster's figures)"
        ),
    )


def competency_differences(units, figures, reported):
    """Each reported figure that differs from the roster, and each reported row that does not
    add up (its parts against its own JML BABIN)."""
    differences = []
    roster_sums = dict.fromkeys((key for _, key in REPORTED_COMPETENCY_COLUMNS), 0)
    reported_sums = dict(roster_sums)
    for unit in units:
        recap = reported.get(unit.pk)
        if recap is None:
            continue
        label = unit_label(unit)
        for column, key in REPORTED_COMPETENCY_COLUMNS:
            ours, theirs = figures[unit.pk][key], getattr(recap, key)
            roster_sums[key] += ours
            reported_sums[key] += theirs
            if ours != theirs:
                differences.append(
                    gettext(
                        "%(unit)s: %(column)s %(ours)s by the roster, %(theirs)s by the "
                        "reported recap"
                    )
                    % {"unit": label, "column": column, "ours": ours, "theirs": theirs}
                )
        for parts, names in [
            ((recap.sma, recap.s1), ("DIKUM SMA", "S1")),
            ((recap.dikbangspes_done, recap.dikbangspes_not_yet), ("DIKBANGSPES SUDAH", "BELUM")),
            ((recap.training_done, recap.training_not_yet), ("PELATIHAN SUDAH", "BELUM")),
        ]:
            if sum(parts) != recap.officers:
                differences.append(
                    gettext(
                        "%(unit)s: the recap reported on %(day)s does not add up: %(sum)s, but "
                        "JML BABIN is %(officers)s"
                    )
                    % {
                        "unit": label,
                        "day": f"{recap.as_of:%d-%m-%Y}",
                        "sum": f"{names[0]} {parts[0]} + {names[1]} {parts[1]} = {sum(parts)}",
                        "officers": recap.officers,
                    }
                )
    if reported:
        for column, key in REPORTED_COMPETENCY_COLUMNS:
            if roster_sums[key] != reported_sums[key]:
                differences.append(
                    gettext(
                        "TOTAL (%(n)s reporting units): %(column)s %(ours)s by the roster, "
                        "%(theirs)s by the reported recaps"
                    )
                    % {
                        "n": len(reported),
                        "column": column,
                        "ours": roster_sums[key],
                        "theirs": reported_sums[key],
                    }
                )
    return differences


def sarpras_recap(root, units, year=None, *, officers=None):
    """Table 3: facilities by type and condition, with the officers each item must serve
    (`officers`: the active Bhabinkamtibmas of the units, if the caller has counted them)."""
    stock = selectors.facility_stock(units)
    if officers is None:
        officers = selectors.bhabin_count(units)
    rows = []
    for number, kind in enumerate(stock, start=1):
        per_item = None
        if kind.total:
            per_item = (Decimal(officers) / Decimal(kind.total)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
        rows.append(
            [
                number,
                kind.name,
                kind.total,
                kind.good,
                kind.light_damage,
                kind.heavy_damage,
                officers,
                per_item,
            ]
        )
    return RecapTable(
        name="sarpras",
        sheet_name="Sarpras",
        title=[f"DATA SARANA DAN PRASARANA BHABINKAMTIBMAS {unit_label(root)}"],
        header=[
            "NO",
            "JENIS ALAT",
            "JUMLAH",
            "BAIK",
            "RUSAK RINGAN",
            "RUSAK BERAT",
            "JUMLAH BHABIN",
            "BHABIN PER UNIT",
        ],
        rows=rows,
        # Officers and the ratio are per facility type; adding them up would mean nothing.
        total=[None, "JUMLAH", *(_column_sum(rows, column) for column in range(2, 6)), None, None],
        decimal_columns=frozenset({7}),
    )


def dipa_recap(root, units, year=None):
    """The DIPA lines of a fiscal year (the latest with lines by default), with the remainder."""
    if year is None:
        year = selectors.latest_dipa_year(units)
        if year is None:
            raise RecapError(
                gettext("No DIPA lines for %(unit)s yet.") % {"unit": unit_label(root)}
            )
    lines = selectors.dipa_lines(units, year)
    rows = [
        [number, line.name, line.description, line.effective, line.realised, line.remainder]
        for number, line in enumerate(lines, start=1)
    ]
    return RecapTable(
        name="dipa",
        sheet_name=f"DIPA {year}",
        title=[f"DUKUNGAN ANGGARAN DIPA SAT BINMAS {unit_label(root)}", f"TAHUN ANGGARAN {year}"],
        header=["NO", "KEGIATAN", "URAIAN", "PAGU (Rp)", "REALISASI (Rp)", "SISA (Rp)"],
        rows=rows,
        total=[None, "JUMLAH", None, *(_column_sum(rows, column) for column in range(3, 6))],
        money_columns=frozenset({3, 4, 5}),
    )


def konflik_recap(root, units, year=None, *, rollup=None):
    """Table 1 in the study's transposed layout: years across, conflicts per year and category.

    With a `selectors.Rollup` that rolls up (a Polda's dashboard, which shows only the table),
    the reported counts are not compared, so the incidents need not be counted per unit.
    """
    per_unit = rollup is None or not rollup.rolls_up
    counts = selectors.incident_counts(units, year, per_unit=per_unit)
    categories = selectors.conflict_categories()
    reported = selectors.reported_conflict_counts(units, year) if per_unit else []

    if year is not None:
        years = [year]
    else:
        seen = {row["year"] for row in counts} | {row.year for row in reported}
        years = list(range(min(seen), max(seen) + 1)) if seen else []

    per_year = dict.fromkeys(years, 0)
    per_category = {category.pk: dict.fromkeys(years, 0) for category in categories}
    per_unit_year = {}
    for row in counts:
        per_year[row["year"]] += row["n"]
        per_category[row["category_id"]][row["year"]] += row["n"]
        if per_unit:
            key = (row["unit_id"], row["year"])
            per_unit_year[key] = per_unit_year.get(key, 0) + row["n"]

    def table_row(label, by_year):
        values = [by_year[y] for y in years]
        return [label, *values, sum(values)]

    rows = [table_row("Konflik Sosial", per_year)]
    rows += [table_row(category.name, per_category[category.pk]) for category in categories]
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else "".join(str(y) for y in years)
    return RecapTable(
        name="konflik",
        sheet_name="Konflik",
        title=[f"DATA KONFLIK SOSIAL WILAYAH HUKUM {unit_label(root)} TAHUN {span}".rstrip()],
        header=["TAHUN", *years, "JUMLAH"],
        rows=rows,
        # The layout is transposed: the JUMLAH column totals each row, and the first row
        # ("Konflik Sosial") is the total of the category rows below it.
        total=None,
        differences=conflict_differences(units, per_unit_year, reported),
        row_categories=[None, *categories],
        differences_heading=gettext(
            "Differences between the reported conflict counts and the incidents (the table uses "
            "the incidents)"
        ),
    )


def conflict_differences(units, per_unit_year, reported):
    """Each reported yearly count that differs from the incidents of the unit and those below it."""
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.pk)
    by_id = {unit.pk: unit for unit in units}
    position = {unit.pk: index for index, unit in enumerate(units)}

    def subtree(unit_id):
        ids, stack = [], [unit_id]
        while stack:
            current = stack.pop()
            ids.append(current)
            stack.extend(children.get(current, []))
        return ids

    differences = []
    for row in sorted(reported, key=lambda r: (position[r.unit_id], r.year)):
        found = sum(per_unit_year.get((unit_id, row.year), 0) for unit_id in subtree(row.unit_id))
        if found != row.count:
            differences.append(
                gettext(
                    "%(unit)s, %(year)s: %(found)s conflicts by the incidents, %(count)s "
                    "by the reported count"
                )
                % {
                    "unit": unit_label(by_id[row.unit_id]),
                    "year": row.year,
                    "found": found,
                    "count": row.count,
                }
            )
    return differences


def _column_sum(rows, column):
    return sum(row[column] for row in rows)


RECAPS = {
    "bhabin": bhabin_recap,
    "kompetensi": kompetensi_recap,
    "sarpras": sarpras_recap,
    "dipa": dipa_recap,
    "konflik": konflik_recap,
}

# The tables that read --year; the others describe the present state.
YEARLY_RECAPS = frozenset({"dipa", "konflik"})


def build_recap(name, root, *, year=None):
    """Build the named recap for a root unit and the units below it."""
    return RECAPS[name](root, selectors.recap_units(root), year)
