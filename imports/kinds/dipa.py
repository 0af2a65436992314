"""Kind "dipa": the DIPA budget lines of one fiscal year for the importing unit (sample 04).

A line is keyed by its code ("a." is stored as "a"); its pagu and optional revised pagu are
Rupiah. Optional monthly columns (JANUARI..DESEMBER) are the realisation per month; a month with
0 or "-" has no realisation row. The remainder is derived when shown, never stored.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.models import BudgetLine, Realisation
from imports.base import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    Finding,
    Importer,
    Plan,
    RowError,
    check_totals,
)
from imports.normalize import CellError, clean_text, is_empty, parse_rupiah

MONTHS = range(1, 13)
ACTIVITY_NAME = gettext_lazy("Activity name")
DESCRIPTION = gettext_lazy("Description")
MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
YEAR_IN_TITLE = re.compile(r"(?i)\b(?:tahun\s+anggaran|t\.?\s?a\.?)\s*(\d{4})\b")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_field(month):
    return f"realisation_{month}"


def rupiah(amount):
    return "Rp" + f"{amount:,}".replace(",", ".")


def parse_code(raw):
    """ "a." -> "a", "1" -> "1", "521211." -> "521211"."""
    code = clean_text(raw).rstrip(". )").strip()
    if not code:
        raise RowError(_("The budget line's NO/KODE is empty."))
    if len(code) > 40:
        raise RowError(_("Code '%(code)s' is too long (at most 40 characters).") % {"code": code})
    return code


def bounded_text(raw, what, limit):
    text = "" if is_empty(raw) else clean_text(raw)
    if len(text) > limit:
        raise RowError(
            _("%(what)s is too long (%(length)s characters, at most %(limit)s).")
            % {"what": what, "length": len(text), "limit": limit}
        )
    return text


class DipaImporter(Importer):
    kind = "dipa"
    label = gettext_lazy("DIPA (ceiling and realisation) per fiscal year")
    required = ("name", "pagu")

    def fiscal_year(self, table):
        """The option --year, else the year in the title ("TAHUN ANGGARAN 2021"), else None."""
        if self.options.get("year"):
            return int(self.options["year"])
        match = YEAR_IN_TITLE.search(table.title or "")
        return int(match.group(1)) if match else None

    def plan(self, table):
        plan = Plan(kind=self.kind)
        year = self.fiscal_year(table)
        if year is None:
            plan.findings.append(
                Finding(
                    "error", _("The fiscal year was not found in the sheet's title; give --year.")
                )
            )
            return plan
        if not FIRST_YEAR <= year <= LAST_YEAR:
            plan.findings.append(
                Finding("error", _("Fiscal year %(year)s is implausible.") % {"year": year})
            )
            return plan
        plan.work["year"] = year
        months = [m for m in MONTHS if month_field(m) in table.headers]
        lines = {
            line.code: line for line in BudgetLine.objects.filter(unit=self.root, fiscal_year=year)
        }
        realised = {}
        for item in Realisation.objects.filter(line__in=lines.values()):
            realised[(item.line_id, item.month)] = item
        seen = {}
        creates, updates, realisations = [], [], []
        for row in table.rows:
            values = row.values
            label = clean_text(values.get("name")) or clean_text(values.get("code"))
            try:
                code = parse_code(values.get("code")) if "code" in table.headers else None
                name = bounded_text(values.get("name"), ACTIVITY_NAME, 200)
                if not name:
                    raise RowError(_("KEGIATAN is empty."))
                code = code or name[:40]
                label = f"{code}. {name}"
                if code in seen:
                    raise RowError(
                        _("Code '%(code)s' is already on row %(row)s.")
                        % {"code": code, "row": seen[code]}
                    )
                seen[code] = row.number
                if is_empty(values.get("pagu")):
                    raise RowError(_("PAGU is empty."))
                data = {"name": name, "pagu": parse_rupiah(values.get("pagu"), "PAGU")}
                if "description" in table.headers:
                    data["description"] = bounded_text(values.get("description"), DESCRIPTION, 250)
                if "revised_pagu" in table.headers:
                    revised = values.get("revised_pagu")
                    data["revised_pagu"] = (
                        None if is_empty(revised) else parse_rupiah(revised, "PAGU REVISI")
                    )
                amounts = {
                    month: parse_rupiah(
                        values.get(month_field(month)),
                        _("Realisation %(month)s") % {"month": MONTH_NAMES[month - 1]},
                    )
                    for month in months
                }
                reported_total = (
                    parse_rupiah(values.get("realisation"), "REALISASI")
                    if "realisation" in table.headers
                    else None
                )
            except CellError as exc:
                plan.add(row.number, ERROR, label, str(exc))
                continue
            line = lines.get(code)
            changed = []
            if line is None:
                line = BudgetLine(unit=self.root, fiscal_year=year, code=code, **data)
                creates.append(line)
            else:
                changed = [key for key, value in data.items() if getattr(line, key) != value]
                if changed:
                    for key, value in data.items():
                        setattr(line, key, value)
                    updates.append(line)
            for month, amount in amounts.items():
                item = realised.get((line.pk, month)) if line.pk else None
                if (item.amount if item else 0) != amount:
                    realisations.append((line, month, amount, item))
                    changed.append(_("realisation %(month)s") % {"month": MONTH_NAMES[month - 1]})
            self._check_realisation(plan, row, label, line, amounts, realised, reported_total)
            if line.pk is None:
                plan.add(row.number, NEW, label)
            elif changed:
                plan.add(
                    row.number,
                    UPDATE,
                    label,
                    _("changed: %(fields)s") % {"fields": ", ".join(changed)},
                )
            else:
                plan.add(row.number, UNCHANGED, label)
        plan.work.update(creates=creates, updates=updates, realisations=realisations)
        columns = ["pagu", "revised_pagu", "realisation", *map(month_field, months)]
        check_totals(plan, table, columns, parse_rupiah, {"pagu": "PAGU"})
        return plan

    def _check_realisation(self, plan, row, label, line, amounts, realised, reported_total):
        """Realisation above the line's (revised) pagu is an error, whatever the months."""
        other_months = sum(
            item.amount
            for (line_id, month), item in realised.items()
            if line.pk and line_id == line.pk and month not in amounts
        )
        total = sum(amounts.values()) + other_months
        if amounts and reported_total is not None and reported_total != sum(amounts.values()):
            plan.findings.append(
                Finding(
                    "warning",
                    _(
                        "%(label)s: the REALISASI column says %(reported)s, but the monthly "
                        "realisation adds up to %(summed)s."
                    )
                    % {
                        "label": label,
                        "reported": rupiah(reported_total),
                        "summed": rupiah(sum(amounts.values())),
                    },
                    row.number,
                )
            )
        if not amounts and reported_total is not None:
            total = reported_total
        ceiling = line.effective_pagu
        if total > ceiling:
            plan.findings.append(
                Finding(
                    "error",
                    _(
                        "%(label)s: realisation %(total)s exceeds the ceiling %(ceiling)s"
                        " (by %(excess)s)."
                    )
                    % {
                        "label": label,
                        "total": rupiah(total),
                        "ceiling": rupiah(ceiling),
                        "excess": rupiah(total - ceiling),
                    },
                    row.number,
                )
            )

    def apply(self, plan):
        BudgetLine.objects.bulk_create(plan.work["creates"])
        BudgetLine.objects.bulk_update(
            plan.work["updates"], ["name", "description", "pagu", "revised_pagu"]
        )
        deletes, changes, creates = [], [], []
        for line, month, amount, item in plan.work["realisations"]:
            if item is not None and not amount:
                deletes.append(item.pk)
            elif item is not None:
                item.amount = amount
                changes.append(item)
            else:
                creates.append(Realisation(line=line, month=month, amount=amount))
        Realisation.objects.filter(pk__in=deletes).delete()
        Realisation.objects.bulk_update(changes, ["amount"])
        Realisation.objects.bulk_create(creates)


IMPORTER = DipaImporter
