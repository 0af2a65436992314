"""Kind "visits": a historic visit log as Binmas Online exports it, one row per visit.

Each visit gets a client id derived from what it is (NRP, date and time, area code, activity code,
narrative), so that importing the same log again adds nothing; visits already stored are left as
they are. Logs run to tens of thousands of rows, so everything the rows refer to is fetched once
before the loop (a fixed number of queries, whatever the length of the file) and every cell value
is parsed once per distinct value.
"""

import contextlib
import copy
import datetime
import gc
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bhabin.models import Activity, ReviewStatus, Visit
from bhabin.services import field_reports_import
from imports.base import (
    ERROR,
    NEW,
    UNCHANGED,
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
    parse_count,
    parse_nrp,
    parse_time,
    split_date_time,
)
from imports.reader import ReadError
from personnel.models import Officer

CLIENT_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "sigap:imports:visits")
LOOKUP_CHUNK = 2000  # ids per IN (...) query: below every backend's parameter limit


def client_id(nrp, occurred_at, area_code, activity_code, narrative):
    """The visit's stable id: the same row always gives the same uuid."""
    key = "|".join([nrp, occurred_at.isoformat(), area_code, activity_code, narrative])
    return uuid.uuid5(CLIENT_ID_NAMESPACE, key)


VISIT_DATE = gettext_lazy("Visit date")
VISIT_TIME = gettext_lazy("Visit time")


def split_datetime(value):
    """A date cell, possibly carrying a time ("2022-08-01 09:15", a datetime) -> (date, time)."""
    return split_date_time(value, VISIT_DATE, VISIT_TIME)


@contextlib.contextmanager
def without_gc_pauses():
    """Hold off the cyclic garbage collector while a large file's rows are built.

    Reading and planning create a few hundred thousand long-lived objects (cells, rows,
    outcomes) and no reference cycles; each full collection would walk them all again, which
    made a 50,000-row log about a quarter slower. Reference counting still frees what it can.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Memo:
    """A parser that remembers its answer (or its error message) per distinct cell value."""

    def __init__(self, parse):
        self.parse = parse
        self.answers = {}

    def __call__(self, *key):
        try:
            answer = self.answers[key]
        except KeyError:
            try:
                answer = self.parse(*key)
            except CellError as exc:
                answer = Failed(exc)
            self.answers[key] = answer
        if isinstance(answer, Failed):
            # A new exception each time: re-raising one instance would keep growing its traceback.
            raise copy.copy(answer.error)
        return answer


class Failed:
    """A remembered CellError (its kind and what it carries: an unknown value's proposal)."""

    __slots__ = ("error",)

    def __init__(self, error):
        self.error = error.with_traceback(None)


class ActivityIndex(ReferenceIndex):
    """Activities by name, code or a synonym (Sambang, DDS, "Giat Binluh", Mediasi ...)."""

    column = "activity"

    def __init__(self, *, unit, mapping=None, heading="KEGIATAN"):
        super().__init__(Activity.objects.filter(is_active=True), unit=unit, mapping=mapping)
        self.heading = heading

    def find(self, raw):
        codes = ", ".join(a.code for a in self.rows[:4])
        return self.lookup(
            raw,
            missing=_("%(heading)s is required.") % {"heading": self.heading},
            unknown=lambda text: (
                _(
                    "%(heading)s '%(value)s' is not a known activity. Known are e.g. Sambang, "
                    "DDS, Penyuluhan, Silaturahmi, Siskamling, Mediasi, or an activity code "
                    "(%(codes)s, ...)."
                )
                % {"heading": self.heading, "value": text, "codes": codes}
            ),
        )


class VisitsImporter(Importer):
    kind = "visits"
    label = gettext_lazy("Bhabinkamtibmas visit log (history)")
    required = ("date", "nrp", "activity", "narrative")

    def read(self, data, filename, max_rows=None):
        with without_gc_pauses():
            table = super().read(data, filename, max_rows=max_rows)
        if "area" not in table.headers and "area_code" not in table.headers:
            raise ReadError(
                _("Required column not found: the assisted area (DESA/KEL) or KODE WILAYAH.")
            )
        return table

    def plan(self, table):
        with without_gc_pauses():
            return self._plan(table)

    def _plan(self, table):
        plan = Plan(kind=self.kind)
        units = UnitIndex(self.root)
        scope_ids = {u.pk for u in units.units}
        areas = AreaIndex(units.units, root=self.root, mapping=self.mapping("area"))
        heading = table.headers.get
        activities = ActivityIndex(
            unit=self.root,
            mapping=self.mapping("activity"),
            heading=heading("activity", "KEGIATAN"),
        )
        nrp = Memo(parse_nrp)
        officers = self._officers(table, nrp)
        tz = timezone.get_default_timezone()
        now = timezone.now()

        def find_officer(raw):
            number = nrp(raw)
            officer = officers.get(number)
            if officer is None:
                raise RowError(
                    _("%(heading)s %(nrp)s is not registered; import the roster first.")
                    % {"heading": heading("nrp", "NRP"), "nrp": number}
                )
            if officer.unit_id not in scope_ids:
                # Which other unit is not the importer's to know.
                raise RowError(
                    _("%(heading)s %(nrp)s is registered in another unit.")
                    % {"heading": heading("nrp", "NRP"), "nrp": number}
                )
            return officer

        officer_of = Memo(find_officer)
        area_of = Memo(lambda unit_id, code, name: areas.find(units_by_id[unit_id], code, name))
        units_by_id = {u.pk: u for u in units.units}
        activity_of = Memo(activities.find)
        date_of = Memo(split_datetime)
        time_of = Memo(lambda raw: parse_time(raw, VISIT_TIME))
        count_of = Memo(parse_count)
        households_label, residents_label = _("Households"), _("Number of residents")

        rows = []  # (row number, label, Visit)
        area_units = {}
        seen = {}
        for row in table.rows:
            values = row.values
            raw_nrp = values.get("nrp")
            label = clean_text(raw_nrp)
            try:
                officer = officer_of(raw_nrp)
                day, moment = date_of(values.get("date"))
                label = f"{officer.nrp} {day.isoformat()}"
                raw_time = values.get("time")
                if not is_empty(raw_time):
                    moment = time_of(raw_time)
                occurred_at = datetime.datetime.combine(day, moment or datetime.time(), tz)
                if occurred_at > now:
                    raise RowError(
                        _("%(heading)s %(moment)s has not happened yet.")
                        % {
                            "heading": heading("date", "TANGGAL"),
                            "moment": f"{occurred_at:%d-%m-%Y %H:%M}",
                        }
                    )
                code, name = values.get("area_code"), values.get("area")
                area = area_of(officer.unit_id, code if not is_empty(code) else name, name)
                activity = activity_of(values.get("activity"))
                narrative = clean_text(values.get("narrative"))
                if not narrative:
                    raise RowError(
                        _("%(heading)s is required.") % {"heading": heading("narrative", "URAIAN")}
                    )
                households = count_of(values.get("households"), households_label)
                people = count_of(values.get("people_met"), residents_label)
            except CellError as exc:
                plan.fail(row.number, label, exc)
                continue
            visit_id = client_id(officer.nrp, occurred_at, area.code, activity.code, narrative)
            if visit_id in seen:
                plan.add(
                    row.number,
                    ERROR,
                    label,
                    _("A duplicate visit: the same as row %(row)s.") % {"row": seen[visit_id]},
                )
                continue
            seen[visit_id] = row.number
            area_units[area.pk] = area.unit_id
            rows.append(
                (
                    row.number,
                    label,
                    visit_id,
                    officer.pk,
                    area.pk,
                    occurred_at,
                    activity.pk,
                    households,
                    people,
                    narrative,
                )
            )
        stored = self._stored_client_ids(list(seen))
        locks = LockedMonths({(area_units[row[4]], row[5]) for row in rows})
        creates = []
        for number, label, visit_id, *fields in rows:
            if visit_id in stored:
                plan.add(number, UNCHANGED, label)
                continue
            officer_id, area_id, occurred_at, activity_id, households, people, narrative = fields
            refusal = locks.refusal((area_units[area_id], occurred_at))
            if refusal:
                plan.add(number, ERROR, label, refusal)
                continue
            creates.append(
                Visit(
                    client_id=visit_id,
                    officer_id=officer_id,
                    area_id=area_id,
                    occurred_at=occurred_at,
                    activity_id=activity_id,
                    households_visited=households,
                    people_met=people,
                    narrative=narrative,
                    status=ReviewStatus.ACCEPTED,
                    source=Visit.Source.IMPORT,
                )
            )
            plan.add(number, NEW, label)
        plan.outcomes.sort(key=lambda outcome: outcome.row)
        plan.work = {"creates": creates}
        return plan

    def _officers(self, table, nrp):
        """The file's officers by NRP, with their unit: one query per 2,000 distinct NRPs."""
        numbers = set()
        for row in table.rows:
            try:
                numbers.add(nrp(row.values.get("nrp")))
            except CellError:
                continue
        numbers = sorted(numbers)
        officers = {}
        for start in range(0, len(numbers), LOOKUP_CHUNK):
            chunk = numbers[start : start + LOOKUP_CHUNK]
            for officer in Officer.objects.filter(nrp__in=chunk).select_related("unit"):
                officers[officer.nrp] = officer
        return officers

    def _stored_client_ids(self, ids):
        """Which of these client ids are already stored: one query per 2,000 ids."""
        stored = set()
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[start : start + LOOKUP_CHUNK]
            stored.update(
                Visit.objects.filter(client_id__in=chunk).values_list("client_id", flat=True)
            )
        return stored

    def apply(self, plan):
        with without_gc_pauses():
            field_reports_import(reports=plan.work["creates"])


IMPORTER = VisitsImporter
