"""Kind "competency": the competency recap each unit reports (sample 02), kept as reported.

One CompetencyRecap per unit, replaced by a newer sheet. The figures are kept as the units wrote
them, faults and all; the checks point the faults out: a totals row that is not the sum of its
column, a row whose parts do not add up to its officers, and a recap that disagrees with the
roster in Sigap.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from imports.base import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    Finding,
    Importer,
    Plan,
    RowError,
    UnitIndex,
    check_totals,
)
from imports.normalize import CellError, clean_text, parse_count
from org.periods import parse_date
from personnel.models import CompetencyRecap
from recaps.selectors import roster_competency

# Sheet columns as counts; the recap stores all but D3 and S2, which the model has no field for.
COUNT_FIELDS = (
    "officers",
    "sma",
    "d3",
    "s1",
    "s2",
    "dikbangspes_done",
    "dikbangspes_not_yet",
    "training_done",
    "training_not_yet",
)
STORED_FIELDS = (
    "officers",
    "sma",
    "s1",
    "dikbangspes_done",
    "dikbangspes_not_yet",
    "training_done",
    "training_not_yet",
)
LABELS = {
    "officers": "JML BABIN",
    "sma": "DIKUM SMA",
    "d3": "DIKUM D3",
    "s1": "DIKUM S1",
    "s2": "DIKUM S2",
    "dikbangspes_done": "DIKBANGSPES SUDAH",
    "dikbangspes_not_yet": "DIKBANGSPES BELUM",
    "training_done": "PELATIHAN SUDAH",
    "training_not_yet": "PELATIHAN BELUM",
}
# Parts that must add up to the officers of a row: (name of the check, its columns).
PART_CHECKS = (
    ("DIKUM", ("sma", "d3", "s1", "s2")),
    ("DIKBANGSPES", ("dikbangspes_done", "dikbangspes_not_yet")),
    ("PELATIHAN", ("training_done", "training_not_yet")),
)
PART_WORDS = {
    "sma": "SMA",
    "d3": "D3",
    "s1": "S1",
    "s2": "S2",
    "dikbangspes_done": "SUDAH",
    "dikbangspes_not_yet": "BELUM",
    "training_done": "SUDAH",
    "training_not_yet": "BELUM",
}
# Recap figures compared with the roster: (field, how the message names it).
ROSTER_CHECKS = (
    ("officers", gettext_lazy("Bhabinkamtibmas")),
    ("sma", gettext_lazy("with SMA education")),
    ("s1", gettext_lazy("with S1 education")),
    ("dikbangspes_done", gettext_lazy("who have done Dikbangspes Binmas/Polmas")),
)


class CompetencyImporter(Importer):
    kind = "competency"
    label = gettext_lazy("Bhabinkamtibmas competency recap per unit")
    required = ("unit", "officers", "sma", "s1", "dikbangspes_done", "dikbangspes_not_yet")

    def as_of(self):
        value = self.options.get("as_of")
        if isinstance(value, str):
            return parse_date(value)
        return value or timezone.localdate()

    def plan(self, table):
        plan = Plan(kind=self.kind)
        units = UnitIndex(self.root)
        columns = [name for name in COUNT_FIELDS if name in table.headers]
        existing = {
            recap.unit_id: recap for recap in CompetencyRecap.objects.filter(unit__in=units.units)
        }
        seen = {}
        figures_by_row = []  # (row, unit, figures) of the rows that could be read
        creates, updates = [], []
        for row in table.rows:
            label = clean_text(row.values.get("unit"))
            try:
                if not label:
                    raise RowError(_("The unit's name is empty."))
                unit = units.find(row.values.get("unit"))
                if unit.pk in seen:
                    raise RowError(
                        _("Unit '%(unit)s' is already on row %(row)s.")
                        % {"unit": label, "row": seen[unit.pk]}
                    )
                seen[unit.pk] = row.number
                figures = {
                    name: parse_count(row.values.get(name), LABELS[name]) for name in columns
                }
            except CellError as exc:
                plan.add(row.number, ERROR, label, str(exc))
                continue
            figures_by_row.append((row, unit, figures))
            self._check_parts(plan, row, label, figures)
            old = existing.get(unit.pk)
            stored = {name: figures.get(name) for name in STORED_FIELDS}
            if old is None:
                values = {name: value or 0 for name, value in stored.items()}
                creates.append(CompetencyRecap(unit=unit, **values))
                plan.add(row.number, NEW, label)
                continue
            # A column the sheet lacks keeps the figure already recorded.
            values = {n: getattr(old, n) if v is None else v for n, v in stored.items()}
            if all(getattr(old, name) == value for name, value in values.items()):
                plan.add(row.number, UNCHANGED, label)
                continue
            changed = [LABELS[n] for n, v in values.items() if getattr(old, n) != v]
            for name, value in values.items():
                setattr(old, name, value)
            updates.append(old)
            plan.add(
                row.number, UPDATE, label, _("changed: %(fields)s") % {"fields": ", ".join(changed)}
            )
        plan.work = {"creates": creates, "updates": updates}
        check_totals(plan, table, columns, parse_count, LABELS)
        self._note_unstored_columns(plan, table)
        self._compare_with_roster(plan, figures_by_row)
        return plan

    def _check_parts(self, plan, row, label, figures):
        officers = figures["officers"]
        for name, parts in PART_CHECKS:
            present = [part for part in parts if part in figures]
            if not present:
                continue
            summed = sum(figures[part] for part in present)
            if summed != officers:
                sums = " + ".join(f"{PART_WORDS[part]} {figures[part]}" for part in present)
                plan.findings.append(
                    Finding(
                        "warning",
                        _(
                            "%(label)s: %(name)s %(sums)s = %(summed)s, but JML BABIN is "
                            "%(officers)s (a difference of %(difference)s)."
                        )
                        % {
                            "label": label,
                            "name": name,
                            "sums": sums,
                            "summed": summed,
                            "officers": officers,
                            "difference": f"{officers - summed:+d}",
                        },
                        row.number,
                    )
                )

    def _note_unstored_columns(self, plan, table):
        unstored = [LABELS[name] for name in ("d3", "s2") if name in table.headers]
        if unstored:
            plan.findings.append(
                Finding(
                    "warning",
                    ngettext(
                        "Column %(columns)s is only used to check the DIKUM sum; Sigap's recap "
                        "stores SMA and S1 only.",
                        "Columns %(columns)s are only used to check the DIKUM sum; Sigap's recap "
                        "stores SMA and S1 only.",
                        len(unstored),
                    )
                    % {"columns": f" {_('and')} ".join(unstored)},
                )
            )

    def _compare_with_roster(self, plan, figures_by_row):
        """Each reported figure against the roster, per unit, and for the whole file when the
        roster covers every unit in it. A unit with no Bhabin on the roster is not compared: its
        roster has not been imported yet."""
        roster = roster_competency([unit for _row, unit, _figures in figures_by_row])
        totals = {name: [0, 0] for name, _words in ROSTER_CHECKS}
        for row, unit, figures in figures_by_row:
            counted = roster.get(unit.pk)
            if counted is None:
                continue
            for name, words in ROSTER_CHECKS:
                if name not in figures:
                    continue
                reported, actual = figures[name], counted[name]
                totals[name][0] += reported
                totals[name][1] += actual
                if reported != actual:
                    plan.findings.append(
                        Finding(
                            "warning",
                            _(
                                "%(unit)s: the recap gives %(reported)s %(words)s, Sigap's "
                                "roster records %(actual)s."
                            )
                            % {
                                "unit": clean_text(row.values.get("unit")),
                                "reported": reported,
                                "words": words,
                                "actual": actual,
                            },
                            row.number,
                        )
                    )
        if not roster or len(roster) < len(figures_by_row):
            return
        for name, words in ROSTER_CHECKS:
            reported, actual = totals[name]
            if reported != actual:
                plan.findings.append(
                    Finding(
                        "warning",
                        _(
                            "Whole file: the recap gives %(reported)s %(words)s, Sigap's roster "
                            "records %(actual)s (a difference of %(difference)s)."
                        )
                        % {
                            "reported": reported,
                            "words": words,
                            "actual": actual,
                            "difference": f"{reported - actual:+d}",
                        },
                    )
                )

    def apply(self, plan):
        source = self.options.get("source", "")[:200]
        as_of = self.as_of()
        for recap in [*plan.work["creates"], *plan.work["updates"]]:
            recap.as_of = as_of
            recap.source = source
        CompetencyRecap.objects.bulk_create(plan.work["creates"])
        CompetencyRecap.objects.bulk_update(
            plan.work["updates"], [*STORED_FIELDS, "as_of", "source"]
        )


IMPORTER = CompetencyImporter
