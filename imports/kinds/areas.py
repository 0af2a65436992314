"""Kind "areas": assisted areas (wilayah binaan) with population, households, km² and Kakerda."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bhabin.models import AssistedArea
from imports.base import ERROR, NEW, UNCHANGED, UPDATE, Importer, Plan, RowError, UnitIndex
from imports.normalize import CellError, clean_text, is_empty, name_key, parse_count, parse_decimal
from org.models import Region

KIND_WORDS = {
    "desa": AssistedArea.Kind.DESA,
    "kelurahan": AssistedArea.Kind.KELURAHAN,
    "kel": AssistedArea.Kind.KELURAHAN,
    "kawasan": AssistedArea.Kind.KAWASAN,
    "perumahan": AssistedArea.Kind.KAWASAN,
    "kawasanindustri": AssistedArea.Kind.KAWASAN,
    "industri": AssistedArea.Kind.KAWASAN,
}
KAKERDA_WORDS = {
    "rendah": AssistedArea.KakerdaLevel.LOW,
    "low": AssistedArea.KakerdaLevel.LOW,
    "sedang": AssistedArea.KakerdaLevel.MEDIUM,
    "medium": AssistedArea.KakerdaLevel.MEDIUM,
    "tinggi": AssistedArea.KakerdaLevel.HIGH,
    "high": AssistedArea.KakerdaLevel.HIGH,
    "rawan": AssistedArea.KakerdaLevel.HIGH,
}
VILLAGE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.([12])\d{3}$")
FIELDS = (
    "name", "kind", "unit_id", "region_id", "population", "households", "area_km2",
    "kakerda_level", "kakerda_notes",
)  # fmt: skip


def parse_kind(raw, code, name):
    key = name_key(raw)
    if key:
        if key not in KIND_WORDS:
            raise RowError(
                _("Area kind '%(value)s' is not known (DESA/KELURAHAN/KAWASAN).")
                % {"value": clean_text(raw)}
            )
        return KIND_WORDS[key]
    match = VILLAGE_CODE.match(code)
    if match:
        return AssistedArea.Kind.KELURAHAN if match.group(1) == "1" else AssistedArea.Kind.DESA
    if re.match(r"(?i)(perumahan|kawasan|komplek|cluster)\b", name):
        return AssistedArea.Kind.KAWASAN
    raise RowError(_("The area kind cannot be determined; fill in the JENIS column."))


def parse_kakerda(raw):
    key = name_key(raw)
    if not key:
        return AssistedArea.KakerdaLevel.LOW
    if key not in KAKERDA_WORDS:
        raise RowError(
            _("Risk level '%(value)s' is not known (RENDAH/SEDANG/TINGGI).")
            % {"value": clean_text(raw)}
        )
    return KAKERDA_WORDS[key]


class AreasImporter(Importer):
    kind = "areas"
    label = gettext_lazy("Assisted areas")
    required = ("unit", "name")

    def plan(self, table):
        plan = Plan(kind=self.kind)
        units = UnitIndex(self.root)
        regions = set(Region.objects.values_list("code", flat=True))
        existing = {a.code: a for a in AssistedArea.objects.filter(unit__in=units.units)}
        foreign_codes = set(
            AssistedArea.objects.exclude(unit__in=units.units).values_list("code", flat=True)
        )
        by_name = {(a.unit_id, name_key(a.name)): a.code for a in existing.values()}
        seen_codes, seen_names = {}, {}
        population, households, size = _("Population"), _("Households"), _("Land area")
        creates, updates = [], []
        for row in table.rows:
            values = row.values
            name = clean_text(values.get("name"))
            try:
                if not name:
                    raise RowError(_("The assisted area's name is empty."))
                unit = units.find(values.get("unit"))
                region_code = clean_text(values.get("region_code"))
                code = clean_text(values.get("code"))
                if not code or code == "-":
                    code = region_code if VILLAGE_CODE.match(region_code or "") else ""
                if not code:
                    raise RowError(
                        _(
                            "The assisted area's code is required"
                            " (the Kemendagri code for a village or kelurahan)."
                        )
                    )
                kind = parse_kind(values.get("kind"), code, name)
                if not region_code and VILLAGE_CODE.match(code):
                    region_code = code
                if region_code and region_code not in regions:
                    raise RowError(
                        _("Village code '%(code)s' is not in the Kemendagri data.")
                        % {"code": region_code}
                    )
                if code in foreign_codes:
                    raise RowError(
                        _("Code '%(code)s' is already used by another unit's assisted area.")
                        % {"code": code}
                    )
                if code in seen_codes:
                    raise RowError(
                        _("Code '%(code)s' is already on row %(row)s.")
                        % {"code": code, "row": seen_codes[code]}
                    )
                name_slot = (unit.pk, name_key(name))
                if name_slot in seen_names:
                    raise RowError(
                        _("Name '%(name)s' is already on row %(row)s.")
                        % {"name": name, "row": seen_names[name_slot]}
                    )
                if by_name.get(name_slot, code) != code:
                    raise RowError(
                        _("%(unit)s already has an area '%(name)s' with code %(code)s.")
                        % {"unit": unit.name, "name": name, "code": by_name[name_slot]}
                    )
                seen_codes[code] = seen_names[name_slot] = row.number
                data = {
                    "name": name,
                    "kind": kind,
                    "unit_id": unit.pk,
                    "region_id": region_code or None,
                    "population": _optional_count(values, "population", population),
                    "households": _optional_count(values, "households", households),
                    "area_km2": parse_decimal(values.get("area_km2"), size),
                    "kakerda_level": parse_kakerda(values.get("kakerda_level")),
                    "kakerda_notes": clean_text(values.get("kakerda_notes")),
                }
            except CellError as exc:
                plan.add(row.number, ERROR, name, str(exc))
                continue
            area = existing.get(code)
            if area is None:
                creates.append(AssistedArea(code=code, **data))
                plan.add(row.number, NEW, name)
            elif all(getattr(area, f) == data[f] for f in FIELDS):
                plan.add(row.number, UNCHANGED, name)
            else:
                for field, value in data.items():
                    setattr(area, field, value)
                updates.append(area)
                plan.add(row.number, UPDATE, name)
        plan.work = {"creates": creates, "updates": updates}
        return plan

    def apply(self, plan):
        AssistedArea.objects.bulk_create(plan.work["creates"], batch_size=1000)
        AssistedArea.objects.bulk_update(plan.work["updates"], FIELDS, batch_size=1000)


def _optional_count(values, field, what):
    """Population and households: blank or "-" means not known here, not zero."""
    return None if is_empty(values.get(field)) else parse_count(values.get(field), what)


IMPORTER = AreasImporter
