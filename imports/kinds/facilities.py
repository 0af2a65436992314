"""Kind "facilities": facility stock by type and condition (sample 03, the study's Table 3).

Each row is a facility type with its quantities in good, lightly and heavily damaged condition.
They become stock rows (not issued to an officer) of the importing unit, or of the row's unit when
the sheet has a KESATUAN column. A condition with quantity 0 has no stock row, so that importing
the same sheet again changes nothing.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.models import Facility, FacilityType
from imports.base import (
    NEW,
    UNCHANGED,
    UPDATE,
    Finding,
    Importer,
    Plan,
    ReferenceIndex,
    RowError,
    UnitIndex,
    check_totals,
)
from imports.normalize import CellError, clean_text, is_empty, parse_count

CONDITIONS = {
    "good": Facility.Condition.GOOD,
    "light_damage": Facility.Condition.LIGHT_DAMAGE,
    "heavy_damage": Facility.Condition.HEAVY_DAMAGE,
}
LABELS = {
    "total": "JUMLAH",
    "good": "BAIK",
    "light_damage": "RUSAK RINGAN",
    "heavy_damage": "RUSAK BERAT",
}


class FacilityTypeIndex(ReferenceIndex):
    """Facility types found by name, code, an alias, or the words in or before brackets."""

    column = "facility_type"

    def __init__(self, *, unit, mapping=None):
        super().__init__(
            FacilityType.objects.order_by("sort_order", "name"), unit=unit, mapping=mapping
        )

    def find(self, raw):
        known = ", ".join(facility_type.name for facility_type in self.rows)
        return self.lookup(
            raw,
            missing=_("The facility type is empty."),
            unknown=lambda text: (
                _("Facility type '%(value)s' is not known. Known types: %(known)s.")
                % {"value": text, "known": known}
            ),
        )


class FacilitiesImporter(Importer):
    kind = "facilities"
    label = gettext_lazy("Facilities and equipment (sarpras)")
    required = ("facility_type", "good")

    def plan(self, table):
        plan = Plan(kind=self.kind)
        types = FacilityTypeIndex(unit=self.root, mapping=self.mapping("facility_type"))
        per_row_unit = "unit" in table.headers
        units = UnitIndex(self.root) if per_row_unit else None
        conditions = [name for name in CONDITIONS if name in table.headers]
        stock = {
            (item.unit_id, item.facility_type_id, item.condition): item
            for item in Facility.objects.filter(
                unit__in=units.units if units else [self.root], officer__isnull=True
            )
        }
        seen = {}
        creates, updates, deletes = [], [], []
        for row in table.rows:
            label = clean_text(row.values.get("facility_type"))
            try:
                unit = units.find(row.values.get("unit")) if per_row_unit else self.root
                facility_type = types.find(row.values.get("facility_type"))
                label = f"{facility_type.name} ({unit.name})" if per_row_unit else label
                key = (unit.pk, facility_type.pk)
                if key in seen:
                    raise RowError(
                        _("%(type)s in %(unit)s is already on row %(row)s.")
                        % {"type": facility_type.name, "unit": unit.name, "row": seen[key]}
                    )
                seen[key] = row.number
                quantities = {
                    name: parse_count(row.values.get(name), LABELS[name]) for name in conditions
                }
                total = (
                    None
                    if is_empty(row.values.get("total"))
                    else parse_count(row.values.get("total"), LABELS["total"])
                )
            except CellError as exc:
                plan.fail(row.number, label, exc)
                continue
            if total is not None and total != sum(quantities.values()):
                parts = " + ".join(f"{LABELS[name]} {quantities[name]}" for name in conditions)
                plan.findings.append(
                    Finding(
                        "warning",
                        _(
                            "%(label)s: JUMLAH says %(total)s, but %(parts)s = %(summed)s. "
                            "The figures per condition are the ones stored."
                        )
                        % {
                            "label": label,
                            "total": total,
                            "parts": parts,
                            "summed": sum(quantities.values()),
                        },
                        row.number,
                    )
                )
            changed = []
            for name, quantity in quantities.items():
                condition = CONDITIONS[name]
                item = stock.get((unit.pk, facility_type.pk, condition))
                if item is None and quantity:
                    creates.append(
                        Facility(
                            unit=unit,
                            facility_type=facility_type,
                            condition=condition,
                            quantity=quantity,
                        )
                    )
                elif item is not None and not quantity:
                    deletes.append(item.pk)
                elif item is not None and item.quantity != quantity:
                    item.quantity = quantity
                    updates.append(item)
                else:
                    continue
                changed.append(f"{LABELS[name]} {quantity}")
            had_stock = any(
                (unit.pk, facility_type.pk, condition) in stock for condition in CONDITIONS.values()
            )
            if not changed:
                plan.add(row.number, UNCHANGED, label)
            else:
                status = UPDATE if had_stock else NEW
                plan.add(row.number, status, label, ", ".join(changed))
        plan.work = {"creates": creates, "updates": updates, "deletes": deletes}
        check_totals(plan, table, ["total", *conditions], parse_count, LABELS)
        return plan

    def apply(self, plan):
        Facility.objects.filter(pk__in=plan.work["deletes"]).delete()
        Facility.objects.bulk_update(plan.work["updates"], ["quantity"])
        Facility.objects.bulk_create(plan.work["creates"])


IMPORTER = FacilitiesImporter
