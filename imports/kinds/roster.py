"""Kind "roster": officers by NRP, with their unit, rank, education, dikbangspes and area.

An officer's row names the assisted area they hold; the import makes that their active primary
assignment from the effective date (option "as_of", default today), ending the assignment it
replaces, so that an area never has two active primary officers.
"""

import contextlib
import re

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bhabin.models import Assignment, AssistedArea
from bhabin.services import assignments_move
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
    resolve,
)
from imports.normalize import (
    CellError,
    clean_text,
    holds_nrp,
    is_empty,
    name_key,
    parse_nrp,
    parse_phone,
    parse_rank,
    split_nrp,
)
from imports.reader import field_heading, missing_columns_error, read_table
from org.periods import parse_date
from personnel.models import Officer

POSITIONS = {
    "bhabinkamtibmas": Officer.Position.BHABIN,
    "bhabin": Officer.Position.BHABIN,
    "babin": Officer.Position.BHABIN,
    "kapolsek": Officer.Position.KAPOLSEK,
    "kasatbinmas": Officer.Position.KASAT_BINMAS,
    "kapolres": Officer.Position.KAPOLRES,
}
EDUCATION = {
    "sma": "SMA", "slta": "SMA", "smk": "SMA", "ma": "SMA", "d3": "D3", "diii": "D3",
    "diploma": "D3", "s1": "S1", "sarjana": "S1", "d4": "S1", "s2": "S2", "magister": "S2",
}  # fmt: skip
YES = {"sudah", "ya", "y", "yes", "1", "v", "sdh", "done", "lulus"}
NO = {"belum", "tidak", "t", "no", "0", "blm", ""}
BRACKETED_VILLAGE = re.compile(r"^(.*?)\s*\((?:desa|kelurahan|kel\.?|ds\.?)?\s*(.+)\)$", re.I)
FIELDS = ("name", "rank", "position", "unit_id", "phone", "education", "dikbangspes_done")


def person_name(raw):
    """A name as people read it: rosters typed in capitals become "Cecep Pratama"."""
    name = clean_text(raw)
    return name.title() if name.isupper() else name


def parse_education(raw):
    key = name_key(raw)
    if key not in EDUCATION:
        raise RowError(
            _("DIKUM '%(value)s' is not known (SMA, D3, S1, S2).") % {"value": clean_text(raw)}
        )
    return EDUCATION[key]


def parse_yes_no(raw, what):
    key = "" if is_empty(raw) else name_key(raw)
    if key in YES:
        return True
    if key in NO:
        return False
    raise RowError(
        _("%(what)s '%(value)s' must be SUDAH or BELUM.") % {"what": what, "value": clean_text(raw)}
    )


def parse_position(raw):
    key = name_key(raw)
    return POSITIONS.get(key, Officer.Position.BHABIN if not key else Officer.Position.STAFF)


class AreaIndex:
    """Assisted areas of the import's units, found by Kemendagri code or by name in a unit.

    Rosters often write an estate with its village: "Perumahan Griya Asri 3 (Desa Setialaksana)";
    the name before the brackets is matched, and the village in them settles any tie. A name
    found so in no way goes through the area column's vocabulary among the areas of the row's
    unit (imports.synonyms: shared and the Polres's synonyms of the importing `root`, then a
    close match, proposed and never applied); `mapping` is this batch's choices of the mapping
    step, None for a kind without that step (told of an unknown area as before). Without a
    `root` an area is found by its code and name only.
    """

    column = "area"

    def __init__(self, units, *, root=None, mapping=None):
        self.root, self.mapping = root, mapping
        self.by_code = {}
        self.by_name = {}
        self.by_unit = {}
        for area in AssistedArea.objects.filter(unit__in=units, is_active=True).select_related(
            "region"
        ):
            self.by_code[area.code] = area
            self.by_name.setdefault((area.unit_id, name_key(area.name)), []).append(area)
            self.by_unit.setdefault(area.unit_id, []).append(area)
        self._synonyms = None
        self._vocabularies = {}

    def find(self, unit, code, name):
        code = clean_text(code)
        if code and code != "-":
            area = self.by_code.get(code)
            if area is not None and area.unit_id == unit.pk:
                return area
        text = clean_text(name)
        candidates = self.by_name.get((unit.pk, name_key(text)), [])
        village = ""
        match = BRACKETED_VILLAGE.match(text)
        if not candidates and match:
            candidates = self.by_name.get((unit.pk, name_key(match.group(1))), [])
            village = name_key(match.group(2))
        if len(candidates) > 1 and village:
            candidates = [a for a in candidates if a.region and name_key(a.region.name) == village]
        if len(candidates) == 1:
            return candidates[0]
        shown = text or code
        if candidates:
            raise RowError(
                _("Assisted area '%(area)s' in %(unit)s is not unique; give its code.")
                % {"area": shown, "unit": unit.name}
            )

        def unknown(_text):
            return _(
                "Assisted area '%(area)s' was not found in %(unit)s; import the areas first."
            ) % {"area": shown, "unit": unit.name}

        if self.root is None or not any(char.isalpha() for char in text):
            # A code alone is not matched closely: a neighbour's code is one digit away.
            raise RowError(unknown(text))
        vocabulary, by_code = self._vocabulary(unit)
        return resolve(
            self.column,
            text,
            vocabulary.match(text),
            by_code,
            missing=unknown(text),
            unknown=unknown,
            propose=self.mapping is not None,
        )

    def _vocabulary(self, unit):
        """The area vocabulary of one unit, built at its first unknown name."""
        if unit.pk not in self._vocabularies:
            from imports.synonyms import remembered, vocabulary

            if self._synonyms is None:
                self._synonyms = remembered(self.column, self.root)
            areas = self.by_unit.get(unit.pk, [])
            # A name two areas of the unit share means neither: only its code or a synonym does.
            shared = {
                k
                for (unit_id, k), found in self.by_name.items()
                if unit_id == unit.pk and found[1:]
            }
            entries = [
                (area.code, [area.name] if name_key(area.name) not in shared else [])
                for area in areas
            ]
            self._vocabularies[unit.pk] = (
                vocabulary(
                    self.column, self.root, self.mapping, entries=entries, synonyms=self._synonyms
                ),
                {area.code: area for area in areas},
            )
        return self._vocabularies[unit.pk]


class RosterImporter(Importer):
    kind = "roster"
    label = gettext_lazy("Bhabinkamtibmas roster")
    required = ("nrp", "name", "rank", "unit")

    def read(self, data, filename, max_rows=None):
        """The reader's table with a combined column split: rank + NRP ("Bripka / 87011234") or
        name + NRP in one cell, found by its heading (PANGKAT/NRP) or by its content (a PANGKAT
        or NAMA column whose cells carry an NRP, when the sheet has no NRP column)."""
        synonyms = self.header_synonyms()
        table = read_table(data, filename, synonyms, required=(), max_rows=max_rows)
        for combined, part in (("rank_nrp", "rank"), ("name_nrp", "name")):
            if combined in table.headers and part not in table.headers:
                self._split(table, combined, part)
        if "nrp" not in table.headers:
            for part in ("rank", "name"):
                column = [row.values.get(part) for row in table.rows]
                if part in table.headers and holds_nrp(column):
                    self._split(table, part, part)
                    break
        missing = [name for name in self.required if name not in table.headers]
        if missing:
            raise missing_columns_error(
                [field_heading(synonyms, name) for name in missing], table.headers.values()
            )
        return table

    @staticmethod
    def _split(table, combined, part):
        """Each row's combined cell -> its `part` (rank or name) and its NRP; a cell that does not
        split keeps its text and leaves the NRP blank, so the row says what is wrong."""
        heading = table.headers.pop(combined)
        table.headers[part] = heading
        table.headers["nrp"] = heading
        for row in table.rows:
            value = row.values.pop(combined, None)
            try:
                text, nrp = split_nrp(value)
            except CellError:
                text, nrp = value, None
            row.values[part] = text
            row.values["nrp"] = nrp

    def effective_date(self):
        value = self.options.get("as_of")
        if isinstance(value, str):
            return parse_date(value)
        return value or timezone.localdate()

    def plan(self, table):
        plan = Plan(kind=self.kind)
        units = UnitIndex(self.root, mapping=self.mapping("unit"))
        areas = AreaIndex(units.units, root=self.root, mapping=self.mapping("area"))
        nrps = []
        for row in table.rows:
            with contextlib.suppress(CellError):
                nrps.append(parse_nrp(row.values.get("nrp")))
        officers = {o.nrp: o for o in Officer.objects.filter(nrp__in=nrps)}
        scope_ids = {u.pk for u in units.units}
        current = {
            a.officer_id: a
            for a in Assignment.objects.filter(
                officer__in=[o for o in officers.values()],
                role=Assignment.Role.PRIMARY,
                end_date__isnull=True,
            )
        }
        holders = {
            a.area_id: a
            for a in Assignment.objects.filter(
                area__unit__in=units.units, role=Assignment.Role.PRIMARY, end_date__isnull=True
            )
        }
        seen_nrp, claimed = {}, {}
        creates, updates, moves = [], [], []
        for row in table.rows:
            values = row.values
            label = clean_text(values.get("name")) or clean_text(values.get("nrp"))
            try:
                nrp = parse_nrp(values.get("nrp"))
                label = f"{nrp} {clean_text(values.get('name'))}".strip()
                if nrp in seen_nrp:
                    raise RowError(
                        _("NRP %(nrp)s twice: already on row %(row)s.")
                        % {"nrp": nrp, "row": seen_nrp[nrp]}
                    )
                seen_nrp[nrp] = row.number
                name = person_name(values.get("name"))
                if not name:
                    raise RowError(_("A name is required."))
                unit = units.find(values.get("unit"))
                data = {
                    "name": name,
                    "rank": parse_rank(values.get("rank")),
                    "position": parse_position(values.get("position")),
                    "unit_id": unit.pk,
                    "phone": parse_phone(values.get("phone")),
                    "education": parse_education(values.get("education"))
                    if "education" in values
                    else None,
                    "dikbangspes_done": parse_yes_no(values.get("dikbangspes"), "Dikbangspes")
                    if "dikbangspes" in values
                    else None,
                }
                area = None
                if not is_empty(values.get("area_name")) or not is_empty(values.get("area_code")):
                    area = areas.find(unit, values.get("area_code"), values.get("area_name"))
                    if area.pk in claimed:
                        raise RowError(
                            _("Area '%(area)s' was already given to the officer on row %(row)s.")
                            % {"area": area.name, "row": claimed[area.pk]}
                        )
                    claimed[area.pk] = row.number
            except CellError as exc:
                plan.fail(row.number, label, exc)
                continue
            officer = officers.get(nrp)
            if officer is not None and officer.unit_id not in scope_ids:
                message = _("NRP %(nrp)s is registered in another unit.") % {"nrp": nrp}
                plan.add(row.number, ERROR, label, message)
                continue
            if officer is None:
                if data["education"] is None:
                    message = _("DIKUM is required for a new officer.")
                    plan.add(row.number, ERROR, label, message)
                    continue
                data["dikbangspes_done"] = bool(data["dikbangspes_done"])
                officer = Officer(nrp=nrp, **data)
                creates.append(officer)
                status = NEW
            else:
                data = {k: v for k, v in data.items() if v is not None}
                if all(getattr(officer, k) == v for k, v in data.items()):
                    status = UNCHANGED
                else:
                    for key, value in data.items():
                        setattr(officer, key, value)
                    updates.append(officer)
                    status = UPDATE
            message = ""
            if area is not None:
                held = current.get(officer.pk) if officer.pk else None
                if held is None or held.area_id != area.pk:
                    moves.append((officer, area, held, holders.get(area.pk)))
                    message = _("area: %(area)s") % {"area": area.name}
                    status = NEW if status == NEW else UPDATE
            plan.add(row.number, status, label, message)
        plan.work = {"creates": creates, "updates": updates, "moves": moves}
        self._note_officers_missing_from_file(plan, units, seen_nrp)
        return plan

    def _note_officers_missing_from_file(self, plan, units, seen_nrp):
        """Active officers of the file's units and of the kinds the file lists (a Bhabinkamtibmas
        roster says nothing of the commanders and staff of its units) that it leaves out."""
        listed = plan.work["creates"] + plan.work["updates"]
        listed_units = {o.unit_id for o in listed}
        positions = {o.position for o in listed}
        # Only units in the importer's scope: an NRP of another unit's (refused above) must not
        # make the preview count that unit's officers.
        for unit_id, position in Officer.objects.filter(
            nrp__in=seen_nrp, unit__in=units.units
        ).values_list("unit_id", "position"):
            listed_units.add(unit_id)
            positions.add(position)
        missing = (
            Officer.objects.filter(unit_id__in=listed_units, position__in=positions, is_active=True)
            .exclude(nrp__in=seen_nrp)
            .values_list("position")
            .annotate(count=Count("pk"))
            .order_by("position")
        )
        labels = dict(Officer.Position.choices)
        for position, count in missing:
            plan.findings.append(
                Finding(
                    "warning",
                    ngettext(
                        "%(count)s active %(kind)s officer of the units in this file is not in "
                        "the file; they were left as they are.",
                        "%(count)s active %(kind)s officers of the units in this file are not in "
                        "the file; they were left as they are.",
                        count,
                    )
                    % {"count": count, "kind": labels.get(position, position)},
                )
            )

    def apply(self, plan):
        Officer.objects.bulk_create(plan.work["creates"], batch_size=1000)
        Officer.objects.bulk_update(plan.work["updates"], FIELDS, batch_size=1000)
        moves = plan.work["moves"]
        if not moves:
            return
        ending = {held.pk for _, _, held, _ in moves if held is not None}
        ending |= {holder.pk for _, _, _, holder in moves if holder is not None}
        assignments_move(
            ending=ending,
            postings=[(officer, area) for officer, area, _, _ in moves],
            as_of=self.effective_date(),
        )


IMPORTER = RosterImporter
