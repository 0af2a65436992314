"""Kind "visits": a historic visit log as Binmas Online exports it, one row per visit.

Each visit gets a client id derived from what it is (NRP, date and time, area code, activity code,
narrative), so that importing the same log again adds nothing; visits already stored are left as
they are. Logs run to tens of thousands of rows, so everything the rows refer to is fetched once
before the loop (a fixed number of queries, whatever the length of the file) and every cell value
is parsed once per distinct value.
"""

import contextlib
import datetime
import gc
import re
import uuid

from django.utils import timezone

from bhabin.models import Activity, ReviewStatus, Visit
from bhabin.services import field_reports_import
from imports.base import ERROR, NEW, UNCHANGED, Importer, Plan, ReferenceIndex, RowError, UnitIndex
from imports.kinds.roster import AreaIndex
from imports.normalize import (
    CellError,
    clean_text,
    is_empty,
    parse_count,
    parse_date,
    parse_nrp,
    parse_time,
)
from imports.reader import ReadError
from personnel.models import Officer

CLIENT_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "sigap:imports:visits")
DATETIME_TEXT = re.compile(r"^(.*\d)[ T](\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)(?:\s*wib)?$", re.I)
LOOKUP_CHUNK = 2000  # ids per IN (...) query: below every backend's parameter limit


def client_id(nrp, occurred_at, area_code, activity_code, narrative):
    """The visit's stable id: the same row always gives the same uuid."""
    key = "|".join([nrp, occurred_at.isoformat(), area_code, activity_code, narrative])
    return uuid.uuid5(CLIENT_ID_NAMESPACE, key)


def split_datetime(value):
    """A date cell, possibly carrying a time ("2022-08-01 09:15", a datetime) -> (date, time)."""
    if isinstance(value, datetime.datetime):
        moment = value.time()
        return value.date(), (moment if moment != datetime.time() else None)
    if isinstance(value, float) and not value.is_integer():  # an Excel date-time serial
        return parse_date(value, "Tanggal kunjungan"), parse_time(value % 1, "Waktu kunjungan")
    if isinstance(value, str):
        match = DATETIME_TEXT.match(value.strip())
        if match:
            return (
                parse_date(match.group(1), "Tanggal kunjungan"),
                parse_time(match.group(2).replace(".", ":"), "Waktu kunjungan"),
            )
    return parse_date(value, "Tanggal kunjungan"), None


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
                answer = Failed(str(exc))
            self.answers[key] = answer
        if isinstance(answer, Failed):
            # A new exception each time: re-raising one instance would keep growing its traceback.
            raise CellError(answer.message)
        return answer


class Failed:
    """A remembered CellError message."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


class ActivityIndex(ReferenceIndex):
    """Activities by name, code or an alias from the synonym table (Sambang, DDS, Mediasi ...)."""

    def __init__(self, aliases):
        super().__init__(Activity.objects.filter(is_active=True), aliases)

    def find(self, raw):
        return self.lookup(
            raw,
            missing="Kegiatan wajib diisi.",
            unknown=lambda text: (
                f"Kegiatan '{text}' tidak dikenal. Contoh yang dikenal: Sambang, DDS, "
                "Penyuluhan, Silaturahmi, Siskamling, Mediasi, atau kode kegiatan "
                f"({', '.join(a.code for a in self.rows[:4])}, ...)."
            ),
        )


class VisitsImporter(Importer):
    kind = "visits"
    label = "Log kunjungan Bhabinkamtibmas (riwayat)"
    required = ("date", "nrp", "activity", "narrative")

    def read(self, data, filename, max_rows=None):
        with without_gc_pauses():
            table = super().read(data, filename, max_rows=max_rows)
        if "area" not in table.headers and "area_code" not in table.headers:
            raise ReadError(
                "Kolom wajib tidak ditemukan: wilayah binaan (DESA/KEL) atau KODE WILAYAH."
            )
        return table

    def plan(self, table):
        with without_gc_pauses():
            return self._plan(table)

    def _plan(self, table):
        plan = Plan(kind=self.kind)
        units = UnitIndex(self.root)
        scope_ids = {u.pk for u in units.units}
        areas = AreaIndex(units.units)
        activities = ActivityIndex(self.aliases("_activities"))
        nrp = Memo(parse_nrp)
        officers = self._officers(table, nrp)
        tz = timezone.get_default_timezone()
        now = timezone.now()

        def find_officer(raw):
            number = nrp(raw)
            officer = officers.get(number)
            if officer is None:
                raise RowError(f"NRP {number} tidak terdaftar; impor data personel lebih dulu.")
            if officer.unit_id not in scope_ids:
                # Which other unit is not the importer's to know.
                raise RowError(f"NRP {number} terdaftar di satuan lain.")
            return officer

        officer_of = Memo(find_officer)
        area_of = Memo(lambda unit_id, code, name: areas.find(units_by_id[unit_id], code, name))
        units_by_id = {u.pk: u for u in units.units}
        activity_of = Memo(activities.find)
        date_of = Memo(split_datetime)
        time_of = Memo(lambda raw: parse_time(raw, "Waktu kunjungan"))
        count_of = Memo(parse_count)

        rows = []  # (row number, label, Visit)
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
                    raise RowError(f"Waktu kunjungan {occurred_at:%d-%m-%Y %H:%M} belum terjadi.")
                code, name = values.get("area_code"), values.get("area")
                area = area_of(officer.unit_id, code if not is_empty(code) else name, name)
                activity = activity_of(values.get("activity"))
                narrative = clean_text(values.get("narrative"))
                if not narrative:
                    raise RowError("Uraian kegiatan wajib diisi.")
                households = count_of(values.get("households"), "Jumlah KK")
                people = count_of(values.get("people_met"), "Jumlah warga")
            except CellError as exc:
                plan.add(row.number, ERROR, label, str(exc))
                continue
            visit_id = client_id(officer.nrp, occurred_at, area.code, activity.code, narrative)
            if visit_id in seen:
                plan.add(
                    row.number,
                    ERROR,
                    label,
                    f"Kunjungan ganda: sama dengan baris {seen[visit_id]}.",
                )
                continue
            seen[visit_id] = row.number
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
        creates = []
        for number, label, visit_id, *fields in rows:
            if visit_id in stored:
                plan.add(number, UNCHANGED, label)
                continue
            officer_id, area_id, occurred_at, activity_id, households, people, narrative = fields
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
