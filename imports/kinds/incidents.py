"""Kind "incidents": the social-conflict list (sample 07), one row per incident.

An incident is known by its police report number (NO LP) when the sheet has one; otherwise by a
reference derived from what identifies it (date, time, unit, TKP, category), so that importing the
same list again changes nothing. An incident already recorded by hand or by the demo with the same
date, time, unit, TKP and category is the same incident, whatever its reference. Correcting one of
those five cells in a sheet without NO LP therefore makes a new incident: the old one stays.
"""

import contextlib
import datetime
import hashlib
from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from conflicts.models import ConflictCategory, Incident, YearlyConflictCount
from conflicts.services import incidents_import
from imports.base import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    Finding,
    Importer,
    LockedMonths,
    Plan,
    ReferenceIndex,
    RowError,
    UnitIndex,
)
from imports.kinds.roster import AreaIndex
from imports.normalize import (
    CellError,
    clean_text,
    is_empty,
    name_key,
    parse_casualty,
    parse_rank,
    parse_time,
    split_date_time,
)
from personnel.models import Officer

Handling = Incident.Handling
Outcome = Incident.Outcome

# Stems found in the PENANGANAN cell, after lower-casing and dropping spaces and punctuation.
HANDLING_STEMS = (
    ("mediasi", Handling.MEDIATION),
    ("diversi", Handling.MEDIATION),
    ("musyawarah", Handling.MEDIATION),
    ("kekeluargaan", Handling.MEDIATION),
    ("damai", Handling.MEDIATION),
    ("restorati", Handling.MEDIATION),  # restoratif, restorative justice
    ("problemsolving", Handling.MEDIATION),
    ("sidik", Handling.LAW_ENFORCEMENT),  # sidik, proses sidik
    ("lidik", Handling.LAW_ENFORCEMENT),  # lidik, penyelidikan
    ("penyidikan", Handling.LAW_ENFORCEMENT),
    ("proseshukum", Handling.LAW_ENFORCEMENT),
    ("penegakanhukum", Handling.LAW_ENFORCEMENT),
    ("gakkum", Handling.LAW_ENFORCEMENT),
    ("pantau", Handling.MONITORING),  # pantau, dipantau
    ("mantau", Handling.MONITORING),  # pemantauan, dalam pemantauan
    ("monitor", Handling.MONITORING),
)
OUTCOME_STEMS = (
    ("selesai", Outcome.RESOLVED),
    ("tuntas", Outcome.RESOLVED),
    ("sepakat", Outcome.RESOLVED),
    ("berdamai", Outcome.RESOLVED),
    ("proses", Outcome.IN_PROCESS),
    ("pantau", Outcome.MONITORING),
    ("mantau", Outcome.MONITORING),
    ("monitor", Outcome.MONITORING),
)
# When the cell names no outcome: an investigation is still running, monitoring is monitoring.
DEFAULT_OUTCOME = {
    Handling.MEDIATION: Outcome.UNKNOWN,
    Handling.LAW_ENFORCEMENT: Outcome.IN_PROCESS,
    Handling.MONITORING: Outcome.MONITORING,
}
INCIDENT_DATE = gettext_lazy("Incident date")
INCIDENT_TIME = gettext_lazy("Incident time")
DEATHS = gettext_lazy("Deaths")
INJURIES = gettext_lazy("Injured")
HANDLING_WORDS = {
    Handling.MEDIATION: "mediasi",
    Handling.LAW_ENFORCEMENT: "penegakan hukum",
    Handling.MONITORING: "pemantauan",
}
FIELDS = (
    "unit_id", "occurred_on", "date_precision", "occurred_time", "area_id", "place",
    "category_id", "modus_operandi", "side_a", "side_b", "deaths", "injuries", "handling",
    "outcome", "handling_officer_id", "handling_officer_text",
)  # fmt: skip


def parse_handling(raw):
    """ "Selesai (mediasi)" -> (mediation, resolved); "Proses sidik" -> (law enforcement, ...)."""
    text = clean_text(raw)
    key = name_key(text)
    if not key:
        raise RowError(
            _("Handling is required (e.g. Selesai (mediasi), Proses sidik, Pemantauan).")
        )
    found = {handling for stem, handling in HANDLING_STEMS if stem in key}
    if not found:
        raise RowError(
            _(
                "Handling '%(value)s' is not known; write mediasi/diversi, sidik/lidik, "
                "or dalam pemantauan."
            )
            % {"value": text}
        )
    if len(found) > 1:
        named = ", ".join(HANDLING_WORDS[h] for h in Handling if h in found)
        raise RowError(
            _("Handling '%(value)s' names more than one way (%(named)s); choose one.")
            % {"value": text, "named": named}
        )
    handling = found.pop()
    outcome = next((o for stem, o in OUTCOME_STEMS if stem in key), DEFAULT_OUTCOME[handling])
    return handling, outcome


def split_rank(text):
    """ "BRIPKA Cecep Pratama" -> ("BRIPKA", "Cecep Pratama"); a name without rank -> ("", name)."""
    words = clean_text(text).split()
    for size in (3, 2, 1):  # "Brig. Pol. Budi", "Brigadir Polisi Budi", "BRIPKA Budi"
        if len(words) > size:
            with contextlib.suppress(CellError):
                return parse_rank(" ".join(words[:size])), " ".join(words[size:])
    return "", " ".join(words)


def derived_reference(occurred_on, occurred_time, unit, place, category):
    """A reference that stays the same for the same incident: IMP- and 12 hex digits."""
    parts = [
        occurred_on.isoformat(),
        occurred_time.strftime("%H:%M") if occurred_time else "",
        unit.code,
        name_key(place),
        category.code,
    ]
    return "IMP-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def content_key(unit_id, occurred_on, occurred_time, place, category_id):
    return (unit_id, occurred_on, occurred_time, name_key(place), category_id)


class CategoryIndex(ReferenceIndex):
    """Conflict categories by name, code or an alias from the synonym table."""

    column = "incident_category"

    def __init__(self, *, unit, mapping=None):
        super().__init__(ConflictCategory.objects.all(), unit=unit, mapping=mapping)

    def find(self, raw):
        known = "; ".join(c.name for c in self.rows)
        return self.lookup(
            raw,
            missing=_("The conflict category is required."),
            unknown=lambda text: (
                _("Conflict category '%(value)s' is not known. Choices: %(known)s.")
                % {"value": text, "known": known}
            ),
        )


class OfficerNames:
    """Officers of the import's units by name within a unit, to read "BRIPKA Cecep Pratama"."""

    def __init__(self, units):
        self.by_name = {}
        for officer_id, unit_id, name, rank in Officer.objects.filter(unit__in=units).values_list(
            "id", "unit_id", "name", "rank"
        ):
            self.by_name.setdefault((unit_id, name_key(name)), []).append((officer_id, rank))

    def find(self, unit, text):
        """The officer's id, or None when the name is absent or ambiguous."""
        rank, name = split_rank(text)
        candidates = self.by_name.get((unit.pk, name_key(name)), [])
        if len(candidates) > 1 and rank:
            candidates = [c for c in candidates if c[1] == rank]
        return candidates[0][0] if len(candidates) == 1 else None


class IncidentsImporter(Importer):
    kind = "incidents"
    label = gettext_lazy("List of social conflict incidents")
    required = ("date", "unit", "place", "category", "handling")

    def plan(self, table):
        plan = Plan(kind=self.kind)
        units = UnitIndex(self.root, mapping=self.mapping("unit"))
        areas = AreaIndex(units.units)
        categories = CategoryIndex(unit=self.root, mapping=self.mapping("incident_category"))
        officers = OfficerNames(units.units)
        today = datetime.date.today()
        source = self.options.get("source", "")[:200]

        parsed = []  # (row, label, data, reference, whether the sheet gave the reference)
        for row in table.rows:
            values = row.values
            label = " ".join(
                clean_text(values.get(f)) for f in ("date", "place") if values.get(f) is not None
            )
            try:
                data = self._row_data(values, units, areas, categories, officers, today)
            except CellError as exc:
                plan.fail(row.number, label, exc)
                continue
            label = f"{data['occurred_on']:%Y-%m-%d} {data['place']}"
            explicit = clean_text(values.get("reference"))
            reference = explicit or derived_reference(
                data["occurred_on"],
                data["occurred_time"],
                data["unit"],
                data["place"],
                data["category"],
            )
            parsed.append((row, label, data, reference, bool(explicit)))

        scope_ids = {u.pk for u in units.units}
        existing = self._existing(parsed)
        seen = {}
        creates, updates = [], []
        unmatched_officers = unmatched_places = 0
        per_year = Counter()
        locks = LockedMonths(
            [(d["unit_id"], d["occurred_on"]) for _row, _label, d, _ref, _exp in parsed]
            + [(i.unit_id, i.occurred_on) for i in existing["by_reference"].values()]
            + [(i.unit_id, i.occurred_on) for i in existing["by_content"].values()]
        )
        for row, label, data, reference, explicit in parsed:
            key = content_key(
                data["unit_id"],
                data["occurred_on"],
                data["occurred_time"],
                data["place"],
                data["category_id"],
            )
            # Two reports may share date, TKP and category; only a sheet without NO LP is
            # deduplicated by content.
            keys = [reference] if explicit else [reference, key]
            duplicate = next((seen[k] for k in keys if k in seen), None)
            if duplicate:
                plan.add(
                    row.number,
                    ERROR,
                    label,
                    _(
                        "Duplicate incident: the same as row %(row)s (report number, or date, "
                        "time, unit, TKP and conflict category)."
                    )
                    % {"row": duplicate},
                )
                continue
            for k in keys:
                seen[k] = row.number
            incident = existing["by_reference"].get(reference)
            if incident is None and not explicit:
                incident = existing["by_content"].get(key)
            if incident is not None and incident.unit_id not in scope_ids:
                plan.add(
                    row.number,
                    ERROR,
                    label,
                    _("Number %(reference)s is already used by another unit.")
                    % {"reference": reference},
                )
                continue
            per_year[data["occurred_on"].year] += 1
            unmatched_officers += (
                bool(data["handling_officer_text"]) and not data["handling_officer_id"]
            )
            unmatched_places += data["area_id"] is None
            fields = {k: v for k, v in data.items() if k in FIELDS}
            changes = incident is None or any(getattr(incident, f) != fields[f] for f in FIELDS)
            refusal = changes and locks.refusal(
                (data["unit_id"], data["occurred_on"]),
                *([(incident.unit_id, incident.occurred_on)] if incident is not None else []),
            )
            if refusal:
                plan.add(row.number, ERROR, label, refusal)
                continue
            if incident is None:
                creates.append(Incident(reference=reference, source=source, **fields))
                plan.add(row.number, NEW, label)
            elif all(getattr(incident, f) == fields[f] for f in FIELDS):
                plan.add(row.number, UNCHANGED, label)
            else:
                for name, value in fields.items():
                    setattr(incident, name, value)
                incident.source = source
                updates.append(incident)
                plan.add(row.number, UPDATE, label)
        plan.work = {"creates": creates, "updates": updates}
        self._warn(plan, unmatched_officers, unmatched_places, per_year)
        return plan

    def _row_data(self, values, units, areas, categories, officers, today):
        unit = units.find(values.get("unit"))
        # The time may share the date's cell ("04/01/2022 07.30"); a time column wins.
        occurred_on, cell_time = split_date_time(values.get("date"), INCIDENT_DATE, INCIDENT_TIME)
        if occurred_on > today:
            raise RowError(
                _("Incident date %(date)s has not happened yet.")
                % {"date": f"{occurred_on:%d-%m-%Y}"}
            )
        place = clean_text(values.get("place"))
        if not place:
            raise RowError(_("TKP is required."))
        if len(place) > 200:
            raise RowError(_("TKP is too long (more than 200 letters)."))
        category = categories.find(values.get("category"))
        handling, outcome = parse_handling(values.get("handling"))
        reference = clean_text(values.get("reference"))
        if len(reference) > 60:
            raise RowError(_("The report number is too long (more than 60 letters)."))
        area = None
        with contextlib.suppress(RowError):  # a TKP need not be an assisted area
            area = areas.find(unit, values.get("area_code"), place)
        officer_text = clean_text(values.get("officer"))[:160]
        return {
            "unit": unit,
            "unit_id": unit.pk,
            "occurred_on": occurred_on,
            "date_precision": Incident.DatePrecision.DAY,
            "occurred_time": parse_time(values.get("time"), INCIDENT_TIME)
            if not is_empty(values.get("time"))
            else cell_time,
            "area_id": area.pk if area else None,
            "place": place,
            "category": category,
            "category_id": category.pk,
            "modus_operandi": _text(values, "modus_operandi"),
            "side_a": _text(values, "side_a"),
            "side_b": _text(values, "side_b"),
            "deaths": parse_casualty(values.get("deaths"), DEATHS),
            "injuries": parse_casualty(values.get("injuries"), INJURIES),
            "handling": handling,
            "outcome": outcome,
            "handling_officer_id": officers.find(unit, officer_text) if officer_text else None,
            "handling_officer_text": officer_text,
        }

    def _existing(self, parsed):
        """Incidents the file may repeat, by reference and by content over its dates: 2 queries."""
        by_reference, by_content = {}, {}
        if not parsed:
            return {"by_reference": by_reference, "by_content": by_content}
        references = [reference for _row, _label, _data, reference, _exp in parsed]
        for incident in Incident.objects.filter(reference__in=references):
            by_reference[incident.reference] = incident
        dates = [d["occurred_on"] for _row, _label, d, _ref, _exp in parsed]
        for incident in Incident.objects.filter(
            unit_id__in={d["unit_id"] for _row, _label, d, _ref, _exp in parsed},
            occurred_on__range=(min(dates), max(dates)),
        ):
            key = content_key(
                incident.unit_id,
                incident.occurred_on,
                incident.occurred_time,
                incident.place,
                incident.category_id,
            )
            by_content.setdefault(key, by_reference.get(incident.reference, incident))
        return {"by_reference": by_reference, "by_content": by_content}

    def _warn(self, plan, unmatched_officers, unmatched_places, per_year):
        if unmatched_officers:
            plan.findings.append(
                Finding(
                    "warning",
                    ngettext(
                        "%(count)s Bhabinkamtibmas name does not match an officer of its unit; "
                        "it is kept as text only.",
                        "%(count)s Bhabinkamtibmas names do not match an officer of their unit; "
                        "they are kept as text only.",
                        unmatched_officers,
                    )
                    % {"count": unmatched_officers},
                )
            )
        if unmatched_places:
            plan.findings.append(
                Finding(
                    "warning",
                    ngettext(
                        "%(count)s TKP does not match an assisted area of its unit; "
                        "that incident is kept without an assisted area.",
                        "%(count)s TKPs do not match an assisted area of their unit; "
                        "those incidents are kept without an assisted area.",
                        unmatched_places,
                    )
                    % {"count": unmatched_places},
                )
            )
        reported = dict(
            YearlyConflictCount.objects.filter(unit=self.root, year__in=per_year).values_list(
                "year", "count"
            )
        )
        for year in sorted(per_year):
            if year in reported and reported[year] != per_year[year]:
                plan.findings.append(
                    Finding(
                        "warning",
                        _(
                            "Year %(year)s: the file holds %(in_file)s incidents, while the "
                            "yearly report of %(unit)s records %(reported)s."
                        )
                        % {
                            "year": year,
                            "in_file": per_year[year],
                            "unit": self.root.name,
                            "reported": reported[year],
                        },
                    )
                )

    def apply(self, plan):
        incidents_import(
            creates=plan.work["creates"], updates=plan.work["updates"], fields=[*FIELDS, "source"]
        )


def _text(values, field):
    return "" if is_empty(values.get(field)) else clean_text(values.get(field))[:200]


IMPORTER = IncidentsImporter
