"""Kind "units": the Bhabin strength recap per unit (sample 01, the study's Table 2).

Each row names a unit of the importing Polres; a Polsek not yet known is created under it. The
figures as reported (areas, officers) are kept as a StrengthRecap and compared with the database.
"""

import re

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bhabin.models import StrengthRecap
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
from imports.normalize import CellError, clean_text, parse_count, unit_key
from org.models import PoliceUnit
from org.services import unit_save
from personnel.models import Officer

VILLAGES = gettext_lazy("Number of villages")
BHABINS = gettext_lazy("Number of Bhabins")
DIFFERENT_AREAS = gettext_lazy(
    "%(unit)s: the recap gives %(reported)s assisted areas, Sigap's data records %(actual)s."
)
DIFFERENT_OFFICERS = gettext_lazy(
    "%(unit)s: the recap gives %(reported)s Bhabinkamtibmas, Sigap's data records %(actual)s."
)


def display_name(raw):
    """ "POLSEK CIKARANG BARAT" -> "Polsek Cikarang Barat"."""
    return " ".join(word.capitalize() for word in clean_text(raw).split())


def unit_code(parent, raw):
    words = re.findall(r"[A-Z0-9]+", clean_text(raw).upper())
    words = [w for w in words if w not in {"POLSEK", "POLRES", "SEKTOR"}]
    return f"{parent.code}-{'-'.join(words)}"[:40]


class UnitsImporter(Importer):
    kind = "units"
    label = gettext_lazy("Bhabinkamtibmas recap per unit")
    required = ("unit", "areas", "officers")

    def plan(self, table):
        plan = Plan(kind=self.kind)
        existing = {}
        for unit in PoliceUnit.objects.filter(Q(pk=self.root.pk) | Q(parent=self.root)):
            for name in (unit.name, unit.code, unit.letterhead_name):
                if name:
                    existing.setdefault(unit_key(name), unit)
        recaps = {r.unit_id: r for r in StrengthRecap.objects.filter(unit__in=existing.values())}
        seen = {}
        for row in table.rows:
            raw_name = row.values.get("unit")
            try:
                name = clean_text(raw_name)
                if not name:
                    raise RowError(_("The unit's name is empty."))
                key = unit_key(name)
                if key in seen:
                    raise RowError(
                        _("Unit '%(unit)s' is already on row %(row)s.")
                        % {"unit": name, "row": seen[key]}
                    )
                seen[key] = row.number
                areas = parse_count(row.values.get("areas"), VILLAGES)
                officers = parse_count(row.values.get("officers"), BHABINS)
            except CellError as exc:
                plan.add(row.number, ERROR, clean_text(raw_name), str(exc))
                continue
            unit = existing.get(key)
            recap = {
                "areas": areas,
                "officers": officers,
                "note": clean_text(row.values.get("note")),
            }
            if unit is None:
                if self.root.level != PoliceUnit.Level.POLRES:
                    plan.add(
                        row.number,
                        ERROR,
                        name,
                        _("A new unit can only be created under a Polres."),
                    )
                    continue
                plan.work.setdefault("new_units", []).append((name, recap))
                plan.add(row.number, NEW, name)
                continue
            old = recaps.get(unit.pk)
            if old and (old.areas, old.officers, old.note) == tuple(recap.values()):
                plan.add(row.number, UNCHANGED, unit.name)
            else:
                plan.work.setdefault("recaps", []).append((unit, recap))
                plan.add(row.number, NEW if old is None else UPDATE, unit.name)
        check_totals(plan, table, ["areas", "officers"], parse_count)
        self._compare_with_database(plan, table, existing)
        return plan

    def _compare_with_database(self, plan, table, existing):
        counted = {
            u.pk: u
            for u in PoliceUnit.objects.filter(pk__in=[u.pk for u in existing.values()]).annotate(
                area_count=Count("areas", filter=Q(areas__is_active=True), distinct=True),
                officer_count=Count(
                    "officers",
                    filter=Q(officers__is_active=True, officers__position=Officer.Position.BHABIN),
                    distinct=True,
                ),
            )
        }
        for row in table.rows:
            unit = existing.get(unit_key(row.values.get("unit")))
            if unit is None or unit.pk not in counted:
                continue
            try:
                areas = parse_count(row.values.get("areas"))
                officers = parse_count(row.values.get("officers"))
            except CellError:
                continue
            db = counted[unit.pk]
            for message, reported, actual in (
                (DIFFERENT_AREAS, areas, db.area_count),
                (DIFFERENT_OFFICERS, officers, db.officer_count),
            ):
                if actual and reported != actual:
                    plan.findings.append(
                        Finding(
                            "warning",
                            message % {"unit": unit.name, "reported": reported, "actual": actual},
                            row.number,
                        )
                    )

    def apply(self, plan):
        source = self.options.get("source", "")
        last = PoliceUnit.objects.filter(parent=self.root).order_by("-sort_order").first()
        order = (last.sort_order if last else 0) + 1
        created = []
        for name, recap in plan.work.get("new_units", []):
            bare = re.sub(r"(?i)^polsek\s+", "", name)
            created.append(
                (
                    unit_save(
                        unit=PoliceUnit(
                            code=unit_code(self.root, name),
                            name=display_name(name),
                            level=PoliceUnit.Level.POLSEK,
                            parent=self.root,
                            letterhead_name=f"SEKTOR {clean_text(bare).upper()}",
                            sort_order=order,
                        ),
                        actor=self.actor,
                    ),
                    recap,
                )
            )
            order += 1
        for unit, recap in [*plan.work.get("recaps", []), *created]:
            StrengthRecap.objects.update_or_create(unit=unit, defaults={**recap, "source": source})


IMPORTER = UnitsImporter
