"""What every import kind shares: a plan of row outcomes and data-quality findings, then writes.

An importer reads a Table (imports.reader), plans every row without writing anything (new,
update, unchanged, or error with its reason in Indonesian), and applies the plan in bulk. The
service (imports.services) decides whether a plan may be applied and wraps it in a transaction.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.normalize import CellError, clean_text, unit_key
from imports.reader import read_table
from imports.vocabulary import key as vocabulary_key
from imports.vocabulary import raw_key
from org.locks import locked_message, periods_locked
from org.periods import month_of


def synonym_key(text):
    return vocabulary_key(text) or raw_key(text)


NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
# A row the operator set aside in the mapping step ("reject these rows"): not written, and not
# an error that stops the rest of the file.
SKIPPED = "skipped"
STATUS_LABELS = {
    NEW: gettext_lazy("new"),
    UPDATE: gettext_lazy("updated"),
    UNCHANGED: gettext_lazy("unchanged"),
    ERROR: gettext_lazy("error"),
    SKIPPED: gettext_lazy("set aside"),
}
# How many row numbers the mapping step shows per unknown value.
ROWS_PER_VALUE = 5


class LockedMonths:
    """The locked (approved) months among an import's rows, found in one read, and the
    refusal of a row that would write into one (the row is an error: all or nothing holds)."""

    def __init__(self, unit_days):
        self.locked = periods_locked(unit_days=unit_days)
        self.messages = {}

    def refusal(self, *unit_days):
        """The reason to refuse a row writing these (unit id, date) pairs, or None."""
        for unit_id, day in unit_days:
            period = self.locked.get((unit_id, month_of(day)))
            if period is None:
                continue
            if period.pk not in self.messages:
                with translation.override("id"):
                    self.messages[period.pk] = locked_message(period)
            return self.messages[period.pk]
        return None


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
    # column -> value as written -> {"count", "proposal", "how", "rows"}: the mapping step.
    unknowns: dict = field(default_factory=dict)
    _spellings: dict = field(default_factory=dict, repr=False)
    header_row: int = 0  # the sheet's (last) header row, for the error workbook

    def add(self, row, status, key, message=""):
        self.outcomes.append(Outcome(row, status, key, message))

    def fail(self, row, key, error):
        """A row that cannot be imported: an error, or set aside by the operator's choice; an
        unknown value is counted for the mapping step."""
        if isinstance(error, RowSetAside):
            self.add(row, SKIPPED, key, str(error))
            return
        if isinstance(error, UnknownValue) and error.column:
            # One entry per value whatever its case or spacing, under its first spelling.
            written = self._spellings.setdefault(
                (error.column, synonym_key(error.text)), error.text
            )
            entry = self.unknowns.setdefault(error.column, {}).setdefault(
                written, {"count": 0, "proposal": error.proposal, "how": error.how, "rows": []}
            )
            entry["count"] += 1
            if len(entry["rows"]) < ROWS_PER_VALUE:
                entry["rows"].append(row)
        self.add(row, ERROR, key, str(error))

    def counts(self):
        counts = {NEW: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
        for outcome in self.outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
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
            "unknowns": self.unknowns,
            "header_row": self.header_row,
        }


class RowError(CellError):
    """A row that cannot be imported as it is."""


class UnknownValue(RowError):
    """A coded cell whose value no word of its column matches; `proposal` is a code proposed
    for the operator to accept or not, never applied without their choice."""

    def __init__(self, message, column="", text="", proposal=None, how=""):
        super().__init__(message)
        self.column, self.text, self.proposal, self.how = column, text, proposal, how


class RowSetAside(CellError):
    """A row whose value the operator chose to reject in the mapping step."""


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

    def mapping(self, column):
        """This batch's choices from the mapping step for a column: value -> code, or "" for
        "reject these rows"."""
        return (self.options.get("mapping") or {}).get(column, {})

    def read(self, data, filename, max_rows=None):
        return read_table(
            data, filename, self.header_synonyms(), required=self.required, max_rows=max_rows
        )

    def plan(self, table):
        raise NotImplementedError

    def apply(self, plan):
        raise NotImplementedError


class UnitIndex:
    """The units an import may touch (the importing unit and those below it), found by any name.

    A name, code or letterhead name is found by its key at once; any other value goes through
    the unit column's vocabulary (imports.synonyms: the shared and the Polres's synonyms, then
    a close match among these units, proposed and never applied), built at the first such
    value and answering once per distinct value. `mapping` is this batch's choices of the
    mapping step; None for a kind without that step, which is told of an unknown unit as before,
    without a proposal it could not offer.
    """

    column = "unit"

    def __init__(self, root, mapping=None):
        from org.models import PoliceUnit

        self.root = root
        self.mapping = mapping
        self.units = list(PoliceUnit.objects.filter(root.subtree("id")))
        self.by_key = {}
        for unit in self.units:
            for name in (unit.name, unit.code, unit.letterhead_name):
                if name:
                    self.by_key.setdefault(unit_key(name), unit)
        self.by_code = {unit.code: unit for unit in self.units}
        self._vocabulary = None

    def find(self, name):
        unit = self.by_key.get(unit_key(name))
        if unit is not None:
            return unit
        if not clean_text(name):
            raise RowError(self._unknown(name))
        return resolve(
            self.column,
            name,
            self.vocabulary().match(name),
            self.by_code,
            missing=self._unknown(name),
            unknown=self._unknown,
            propose=self.mapping is not None,
        )

    def _unknown(self, name):
        return _("Unit '%(name)s' is not known in %(root)s (or is outside your authority).") % {
            "name": clean_text(name),
            "root": self.root.name,
        }

    def vocabulary(self):
        if self._vocabulary is None:
            from imports.synonyms import vocabulary

            entries = [
                (
                    unit.code,
                    [n for n in (unit.name, unit.letterhead_name, unit_key(unit.name)) if n],
                )
                for unit in self.units
            ]
            self._vocabulary = vocabulary(self.column, self.root, self.mapping, entries=entries)
        return self._vocabulary


class ReferenceIndex:
    """Reference rows (activities, conflict categories, facility types) found through the
    column's vocabulary (imports.synonyms): names, codes, shared and the Polres's synonyms, and
    this batch's mapping choices. An unknown value raises UnknownValue with a proposal if any."""

    column = ""

    def __init__(self, rows, *, unit, mapping=None):
        from imports.synonyms import vocabulary

        self.rows = list(rows)
        self.by_code = {row.code: row for row in self.rows}
        self.vocabulary = vocabulary(self.column, unit, mapping)

    def lookup(self, raw, *, missing, unknown):
        """The row a cell names; RowError(missing) for a blank cell, UnknownValue(unknown(text))
        for a value not known, RowSetAside for one the operator rejected."""
        return resolve(
            self.column,
            raw,
            self.vocabulary.match(clean_text(raw)),
            self.by_code,
            missing=missing,
            unknown=unknown,
        )


def resolve(column, raw, match, by_code, *, missing, unknown, propose=True):
    """The row a column's Vocabulary match names (`by_code`: code -> row with a name).

    RowError(missing) for a blank cell, RowSetAside for a value the operator rejected, else
    UnknownValue(unknown(text)) with the proposal, if any, for the mapping step; with `propose`
    False (a kind without the mapping step) a plain RowError(unknown(text)).
    """
    text = clean_text(raw)
    if not text:
        raise RowError(missing)
    if match.code in by_code:
        return by_code[match.code]
    if not propose or not synonym_key(text):
        # A value of punctuation alone ("???", "—") can be no word for anything: nothing could be
        # remembered for it, so it is an error of its row, not a value to map.
        raise RowError(unknown(text))
    if match.how == "rejected":
        raise RowSetAside(
            _("Set aside: rows with '%(value)s' were rejected in the mapping step.")
            % {"value": text}
        )
    message = unknown(text)
    proposal = match.proposal if match.proposal in by_code else None
    if proposal:
        message += " " + _("Proposed: %(name)s; choose in the mapping step.") % {
            "name": by_code[proposal].name
        }
    raise UnknownValue(message, column, text, match.proposal or None, match.how)


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
                        _(
                            "The totals row says %(printed)s in column %(label)s, but the "
                            "column adds up to %(summed)s (a difference of %(difference)s)."
                        )
                        % {
                            "printed": printed,
                            "label": label,
                            "summed": summed,
                            "difference": f"{printed - summed:+d}",
                        },
                        total.number,
                    )
                )
