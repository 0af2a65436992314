"""What every import kind shares: a plan of row outcomes and data-quality findings, then writes.

An importer reads a Table (imports.reader), plans every row without writing anything (new,
update, unchanged, or error with its reason in Indonesian), and applies the plan in bulk. The
service (imports.services) decides whether a plan may be applied and wraps it in a transaction.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy

from imports.normalize import CellError, clean_text, name_key, unit_key
from imports.reader import read_table

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("new"),
    UPDATE: gettext_lazy("updated"),
    UNCHANGED: gettext_lazy("unchanged"),
    ERROR: gettext_lazy("error"),
}


@cache
def synonym_table():
    """The header synonym table, a data file beside this module."""
    data = json.loads((Path(__file__).with_name("synonyms.json")).read_text(encoding="utf-8"))
    data.pop("_comment", None)
    return data


@dataclass
class Outcome:
    row: int
    status: str
    key: str
    message: str = ""

    def as_list(self):
        return [self.row, self.status, self.key, self.message]


@dataclass
class Finding:
    """A data-quality observation: an error blocks the import, a warning is shown beside it."""

    level: str  # "error" or "warning"
    message: str
    row: int | None = None

    def as_dict(self):
        return {"level": self.level, "message": self.message, "row": self.row}


@dataclass
class Plan:
    kind: str
    outcomes: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    work: dict = field(default_factory=dict)  # what apply() writes, prepared by plan()

    def add(self, row, status, key, message=""):
        self.outcomes.append(Outcome(row, status, key, message))

    def counts(self):
        counts = {NEW: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts

    @property
    def is_valid(self):
        return not any(o.status == ERROR for o in self.outcomes) and not any(
            f.level == "error" for f in self.findings
        )

    @property
    def changes_anything(self):
        counts = self.counts()
        return bool(counts[NEW] or counts[UPDATE])

    def report(self):
        return {
            "counts": self.counts(),
            "rows": [o.as_list() for o in self.outcomes],
            "findings": [f.as_dict() for f in self.findings],
        }


class RowError(CellError):
    """A row that cannot be imported as it is."""


class Importer:
    """Base of every import kind. Subclasses set the class attributes and plan()/apply()."""

    kind = ""
    label = ""
    required = ()

    def __init__(self, *, unit, options=None, actor=None):
        self.root = unit
        self.options = options or {}
        # Who writes the rows: the user who confirmed, or org.scoping.COMMAND_LINE. Services
        # that check the writer's rights (the unit tree) are asked in their name.
        self.actor = actor

    def header_synonyms(self):
        """This kind's header synonyms; keys starting with "_" hold value aliases, not columns."""
        return {k: v for k, v in synonym_table()[self.kind].items() if not k.startswith("_")}

    def aliases(self, name):
        """A value-alias table of this kind in the synonym file (e.g. "_categories")."""
        return synonym_table()[self.kind].get(name, {})

    def read(self, data, filename, max_rows=None):
        return read_table(
            data, filename, self.header_synonyms(), required=self.required, max_rows=max_rows
        )

    def plan(self, table):
        raise NotImplementedError

    def apply(self, plan):
        raise NotImplementedError


class UnitIndex:
    """The units an import may touch (the importing unit and those below it), found by any name."""

    def __init__(self, root):
        from org.models import PoliceUnit

        self.root = root
        self.units = list(PoliceUnit.objects.filter(root.subtree("id")))
        self.by_key = {}
        for unit in self.units:
            for name in (unit.name, unit.code, unit.letterhead_name):
                if name:
                    self.by_key.setdefault(unit_key(name), unit)

    def find(self, name):
        unit = self.by_key.get(unit_key(name))
        if unit is None:
            raise RowError(
                f"Satuan '{clean_text(name)}' tidak dikenal di {self.root.name} "
                "(atau di luar wewenang Anda)."
            )
        return unit


class ReferenceIndex:
    """Reference rows (activities, conflict categories, facility types) found by name, code or an
    alias from the synonym table. `keys` turns a text into the keys it may be found under."""

    def __init__(self, rows, aliases, keys=None):
        self.rows = list(rows)
        self.keys = keys or (lambda text: [name_key(text)])
        self.by_key = {}
        for row in self.rows:
            for name in (row.name, row.code, *aliases.get(row.code, [])):
                for key in self.keys(name):
                    if key:
                        self.by_key.setdefault(key, row)

    def lookup(self, raw, *, missing, unknown):
        """The row a cell names; RowError(missing) for a blank cell, RowError(unknown(text))."""
        text = clean_text(raw)
        if not text:
            raise RowError(missing)
        for key in self.keys(text):
            if key in self.by_key:
                return self.by_key[key]
        raise RowError(unknown(text))


def check_totals(plan, table, columns, parse, labels=None):
    """Compare a sheet's totals row with the sum of its column: a finding per difference."""
    for total in table.totals:
        for column in columns:
            if column not in total.values:
                continue
            try:
                printed = parse(total.values[column])
                summed = sum(parse(row.values.get(column)) for row in table.rows)
            except CellError:
                continue
            if printed != summed:
                label = (labels or {}).get(column) or table.headers.get(column, column)
                plan.findings.append(
                    Finding(
                        "warning",
                        f"Baris JUMLAH kolom {label} tertulis {printed}, padahal jumlah kolomnya "
                        f"{summed} (selisih {printed - summed:+d}).",
                        total.number,
                    )
                )
