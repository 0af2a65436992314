"""The monthly report (Laporan Bulanan / Anev) of a unit: its figures, gaps and sentences.

`monthly_report(unit, year, month)` gathers everything the PDF template prints, for the unit and
the units below it. Every figure is an aggregate computed in the database: the number of queries
is fixed whatever the number of units, areas or visits (see tests/demo/test_pdf_demo.py). The
caller decides who may see the unit (`PoliceUnit.objects.visible_to(user)`); nothing here is
scoped to a person, because a report covers a whole unit subtree.

The report covers one whole month, so the visit figures per unit and area (areas visited,
visits per unit, areas not visited) come from the monthly aggregates (`reports.AreaMonth`, kept
equal to the visits by `reports.aggregates`). The visits by activity are not aggregated; they
are counted from the month's visits of the units' areas, which the (area, occurred_at) index
reaches directly. Every query therefore reads the unit subtree's month, never the whole table.

Text in the report is Indonesian: the report is an official document.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone

from bhabin.models import (
    Activity,
    AssistedArea,
    EarlyWarning,
    PoliceUnit,
    ProblemCase,
    Visit,
    VisitSchedule,
)
from bhabin.schedules import month_bounds as schedule_month_bounds
from budget.models import AllowanceRate, BudgetLine, FacilityType
from conflicts.models import Incident
from personnel.models import Officer, OtherDuty
from reports import charts, selectors
from reports.models import AreaMonth
from reports.recaps import bhabin_recap, kompetensi_recap, sarpras_recap
from reports.terbilang import angka, bulan, bulan_romawi, rupiah, tanggal, terbilang

NATIONAL_LETTERHEAD = "KEPOLISIAN NEGARA REPUBLIK INDONESIA"
UNVISITED_AREAS_LISTED = 25
HOTSPOTS_LISTED = 5
HOTSPOT_MONTHS = 12

# Who signs a unit's report, in order of preference, by the unit's level.
SIGNER_POSITIONS = {
    PoliceUnit.Level.POLRES: [Officer.Position.KASAT_BINMAS, Officer.Position.KAPOLRES],
    PoliceUnit.Level.POLSEK: [Officer.Position.KAPOLSEK],
    PoliceUnit.Level.POLDA: [],
}
SIGNER_TITLES = {
    Officer.Position.KASAT_BINMAS: "KASAT BINMAS",
    Officer.Position.KAPOLRES: "KAPOLRES",
    Officer.Position.KAPOLSEK: "KAPOLSEK",
}


@dataclass(frozen=True)
class Money:
    """An amount as a figure and in words: every amount in a report is printed both ways."""

    amount: int
    figure: str
    words: str


def money(amount):
    amount = int(amount or 0)
    words = terbilang(amount) if amount >= 0 else "minus " + terbilang(-amount)
    return Money(amount, rupiah(amount), words)


def percent(part, whole):
    """A whole percentage (half up), or None when there is nothing to divide by."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), "ROUND_HALF_UP"))


@dataclass
class MonthlyReport:
    unit: PoliceUnit
    year: int
    month: int
    data: dict = field(default_factory=dict)

    @property
    def period(self):
        return f"{bulan(self.month)} {self.year}".upper()

    def __getattr__(self, name):
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None


def parse_period(text):
    """'2022-11' -> (2022, 11); ValueError otherwise."""
    year, _, month = text.partition("-")
    if not (len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        raise ValueError(f"Periode harus berbentuk TTTT-BB, bukan {text!r}.")
    return int(year), int(month)


def month_bounds(year, month):
    """The first and last day of a month, and aware datetimes around it in local time."""
    first, last = schedule_month_bounds(year, month)
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time())
    )
    return first, last, start, end


def shift_month(year, month, by):
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def letterhead(unit):
    """The letterhead lines, walking up the unit tree: nation, then each unit from the top."""
    chain = []
    current = unit
    while current is not None:
        chain.append(current.letterhead_name or current.name.upper())
        current = current.parent
    return [NATIONAL_LETTERHEAD, *reversed(chain)]


def signing_place(unit):
    """Where the report is signed: the unit's letterhead line without its level word.

    RESOR METRO BEKASI -> Metro Bekasi; SEKTOR CIKARANG BARAT -> Cikarang Barat.
    """
    name = unit.letterhead_name or unit.name
    words = name.split(" ", 1)
    return (words[1] if len(words) > 1 else name).title()


def signer_for(unit, nrp=None):
    """The signing officer: the one named by NRP, else the unit's head for its level, or None."""
    officers = Officer.objects.filter(is_active=True)
    if nrp:
        return officers.filter(nrp=nrp).first()
    positions = SIGNER_POSITIONS.get(unit.level, [])
    if not positions:
        return None
    candidates = {o.position: o for o in officers.filter(unit=unit, position__in=positions)}
    return next((candidates[p] for p in positions if p in candidates), None)


def signer_title(unit, officer):
    position = officer.position if officer else (SIGNER_POSITIONS.get(unit.level) or [None])[0]
    title = SIGNER_TITLES.get(position, "")
    if position == Officer.Position.KASAT_BINMAS:
        parent = unit.name.upper()
        return f"{title} {parent}"
    return f"{title} {signing_place(unit).upper()}".strip()


def monthly_report(unit, year, month, *, signer_nrp=None, report_date=None):
    """Everything the monthly report prints for `unit` (and the units below it) in a month."""
    first, last, start, end = month_bounds(year, month)
    units = selectors.recap_units(unit)
    ids = [u.pk for u in units]
    report = MonthlyReport(unit=unit, year=year, month=month)
    d = report.data
    d["letterhead"] = letterhead(unit)
    d["is_polres"] = len(units) > 1
    d["report_date"] = report_date or min(last + datetime.timedelta(days=1), timezone.localdate())
    d["report_date_text"] = tanggal(d["report_date"])
    d["number"] = f"R/LAP-      /{bulan_romawi(month)}/{year}"
    d["place"] = signing_place(unit)
    d["month_name"] = bulan(month)

    # II. Personnel and materiel: the recap tables, built by the same builders as `rekap`.
    d["strength"] = bhabin_recap(unit, units)
    d["competency"] = kompetensi_recap(unit, units)
    d["facilities"] = sarpras_recap(unit, units)
    areas_total = d["strength"].total[2]
    officers_total = d["strength"].total[3]
    d["areas_total"] = areas_total
    d["officers_total"] = officers_total

    # III. Duties carried out.
    d["activities"] = _visits_by_activity(ids, start, end)
    per_unit = _visits_per_unit(ids, first)
    schedule = _schedule_per_unit(ids, first, last, start, end)
    d["visits_total"] = sum(a.visits for a in d["activities"])
    d["households_total"] = sum(a.households for a in d["activities"])
    d["people_total"] = sum(a.people for a in d["activities"])
    d["areas_visited"] = sum(row["areas"] for row in per_unit.values())
    d["coverage_pct"] = percent(d["areas_visited"], areas_total)
    d["unit_rows"] = []
    for u, strength_row in zip(units, d["strength"].rows, strict=True):
        areas = strength_row[2]
        visited = per_unit.get(u.pk, {}).get("areas", 0)
        planned = schedule.get(u.pk, {}).get("planned", 0)
        done = schedule.get(u.pk, {}).get("done", 0)
        d["unit_rows"].append(
            {
                "name": u.name,
                "areas": areas,
                "visits": per_unit.get(u.pk, {}).get("visits", 0),
                "visited": visited,
                "coverage_pct": percent(visited, areas),
                "planned": planned,
                "done": done,
                "adherence_pct": percent(done, planned),
            }
        )
    d["planned_total"] = sum(r["planned"] for r in d["unit_rows"])
    d["done_total"] = sum(r["done"] for r in d["unit_rows"])
    d["adherence_pct"] = percent(d["done_total"], d["planned_total"])

    d["warnings"] = _early_warnings(ids, start, end)
    d["cases"] = _problem_cases(ids, first, last)
    d["conflicts"] = _conflicts(ids, year, month)

    # IV. Obstacles, derived from the data.
    d["unvisited"] = _unvisited_areas(ids, first, areas_total - d["areas_visited"])
    d["other_duties"] = _other_duties(ids, first, last)
    d["shortfalls"] = _facility_shortfalls(d["facilities"], officers_total)
    d["budget"] = _budget(ids, year, month)
    d["allowance"] = _allowance(last, officers_total)

    d["charts"] = _charts(report)
    d["conclusions"], d["suggestions"] = _conclusions(report)

    officer = signer_for(unit, signer_nrp)
    d["signer"] = officer
    d["signer_title"] = signer_title(unit, officer)
    return report


@dataclass
class ActivityRow:
    name: str
    visits: int
    households: int
    people: int


def _visits_by_activity(ids, start, end):
    """Every activity with its visits, households and people met in the month. Two queries.

    The visits are grouped from the visits side, so the database reads only the month's visits
    of the units' areas (index on area and time). Counting from Activity with the conditions in
    the aggregate's FILTER made it join every visit ever logged: 2.3 s on 4.9 million visits.
    """
    counted = {
        row["activity_id"]: row
        for row in Visit.objects.filter(
            area__unit_id__in=ids, occurred_at__gte=start, occurred_at__lt=end
        )
        .values("activity_id")
        .annotate(n=Count("pk"), hh=Sum("households_visited"), people=Sum("people_met"))
        .order_by()
    }
    none = {"n": 0, "hh": 0, "people": 0}
    rows = []
    for activity in Activity.objects.order_by("sort_order", "name"):
        row = counted.get(activity.pk, none)
        rows.append(ActivityRow(activity.name, row["n"], row["hh"], row["people"]))
    return rows


def _visits_per_unit(ids, month):
    """Per unit id: visits in the month to its active areas, and how many of those areas were
    visited, from the monthly aggregates (one row per area visited in the month). One query."""
    rows = (
        AreaMonth.objects.filter(month=month, area__unit_id__in=ids, area__is_active=True)
        .values(unit_id=F("area__unit_id"))
        .annotate(visits=Sum("visits"), areas=Count("pk"))
        .order_by()
    )
    return {row["unit_id"]: row for row in rows}


def _schedule_per_unit(ids, first, last, start, end):
    """Per unit id: visits planned in the month and those done on the planned day. One query.

    A planned visit is done when its officer logged a visit to its area on the planned date
    (local time). Every planned date lies in the month, so the visit does too: the bounds on
    `occurred_at` change no answer, and let the check go through the (area, occurred_at) index
    instead of reading all the area's visits to compare their dates.
    """
    done = Exists(
        Visit.objects.annotate(day=TruncDate("occurred_at")).filter(
            officer_id=OuterRef("officer_id"),
            area_id=OuterRef("area_id"),
            occurred_at__gte=start,
            occurred_at__lt=end,
            day=OuterRef("planned_on"),
        )
    )
    rows = (
        VisitSchedule.objects.filter(area__unit_id__in=ids, planned_on__range=(first, last))
        .values(unit_id=F("area__unit_id"))
        .annotate(planned=Count("pk"), done=Count("pk", filter=Q(done)))
        .order_by()
    )
    return {row["unit_id"]: row for row in rows}


def _early_warnings(ids, start, end):
    """Early-detection reports of the month by field, open and closed. One query."""
    rows = (
        EarlyWarning.objects.filter(
            area__unit_id__in=ids, reported_at__gte=start, reported_at__lt=end
        )
        .values("field")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(state=EarlyWarning.State.OPEN)))
        .order_by()
    )
    found = {row["field"]: row for row in rows}
    by_field = [
        {
            "name": FIELD_NAMES[value],
            "n": found.get(value, {}).get("n", 0),
            "open": found.get(value, {}).get("open", 0),
        }
        for value in EarlyWarning.Field.values
    ]
    return {
        "rows": by_field,
        "total": sum(r["n"] for r in by_field),
        "open": sum(r["open"] for r in by_field),
    }


# The report is an Indonesian document whatever the user's language: its labels are fixed here.
FIELD_NAMES = {
    EarlyWarning.Field.ECONOMY: "Ekonomi",
    EarlyWarning.Field.SECURITY: "Keamanan",
    EarlyWarning.Field.POLITICS: "Politik",
    EarlyWarning.Field.SOCIO_CULTURAL: "Sosial budaya",
}
METHOD_NAMES = {
    ProblemCase.Method.CONSULTATION: "Konsultasi",
    ProblemCase.Method.MEDIATION: "Mediasi",
    ProblemCase.Method.NEGOTIATION: "Negosiasi",
    ProblemCase.Method.FACILITATION: "Fasilitasi",
}


def _problem_cases(ids, first, last):
    """Problem-solving cases opened in the month by method, and those closed in it. One query."""
    opened = Q(opened_on__range=(first, last))
    closed = Q(closed_on__range=(first, last))
    rows = (
        ProblemCase.objects.filter(area__unit_id__in=ids)
        .filter(opened | closed)
        .values("method")
        .annotate(
            opened=Count("pk", filter=opened),
            resolved=Count("pk", filter=closed & Q(state=ProblemCase.State.RESOLVED)),
            referred=Count("pk", filter=closed & Q(state=ProblemCase.State.REFERRED)),
        )
        .order_by()
    )
    found = {row["method"]: row for row in rows}
    table = [
        {
            "name": METHOD_NAMES[value],
            **{k: found.get(value, {}).get(k, 0) for k in ("opened", "resolved", "referred")},
        }
        for value in ProblemCase.Method.values
    ]
    return {
        "rows": table,
        "opened": sum(r["opened"] for r in table),
        "resolved": sum(r["resolved"] for r in table),
        "referred": sum(r["referred"] for r in table),
    }


def _conflicts(ids, year, month):
    """Conflicts of the month against the previous month and the same month last year, the
    last twelve months, the categories of the month and the areas with most conflicts.
    Two queries."""
    window_start = datetime.date(*shift_month(year, month, -12), 1)
    _, last, _, _ = month_bounds(year, month)
    incidents = Incident.objects.filter(unit_id__in=ids, occurred_on__range=(window_start, last))
    # One count per month and category (at most 13 x the categories): the months add their
    # categories up, and the report month's rows are its categories. Counting the categories
    # from ConflictCategory instead joined every incident of every unit.
    counted = list(
        incidents.annotate(y=ExtractYear("occurred_on"), m=ExtractMonth("occurred_on"))
        .values("y", "m", "category_id", "category__name", "category__sort_order")
        .annotate(n=Count("pk"))
        .order_by("category__sort_order", "category__name")
    )
    per_month = {}
    for row in counted:
        per_month[row["y"], row["m"]] = per_month.get((row["y"], row["m"]), 0) + row["n"]
    current = per_month.get((year, month), 0)
    prev_year, prev_month = shift_month(year, month, -1)
    previous = per_month.get((prev_year, prev_month), 0)
    last_year = per_month.get((year - 1, month), 0)
    months = [shift_month(year, month, -k) for k in range(11, -1, -1)]

    first, _, _, _ = month_bounds(year, month)
    categories = [
        {"name": row["category__name"], "n": row["n"]}
        for row in counted
        if (row["y"], row["m"]) == (year, month)
    ]
    hotspot_start = datetime.date(*shift_month(year, month, -(HOTSPOT_MONTHS - 1)), 1)
    hotspots = list(
        Incident.objects.filter(
            unit_id__in=ids, occurred_on__range=(hotspot_start, last), area__isnull=False
        )
        .values("area__name", "unit__name")
        .annotate(n=Count("pk"), in_month=Count("pk", filter=Q(occurred_on__gte=first)))
        .order_by("-n", "-in_month", "area__name")[:HOTSPOTS_LISTED]
    )
    return {
        "current": current,
        "previous": previous,
        "last_year": last_year,
        "vs_previous": charts.change_note(current, previous),
        "vs_last_year": charts.change_note(current, last_year),
        "previous_label": f"{bulan(prev_month)} {prev_year}",
        "last_year_label": f"{bulan(month)} {year - 1}",
        "months": [(f"{bulan(m)[:3]} {str(y)[2:]}", per_month.get((y, m), 0)) for y, m in months],
        "twelve_months": sum(per_month.get(key, 0) for key in months),
        "categories": categories,
        "hotspots": hotspots,
        "hotspot_months": HOTSPOT_MONTHS,
    }


def _unvisited_areas(ids, month, count):
    """The first active areas nobody visited in the month, by unit and name: those without an
    aggregate row for the month. One query."""
    visited = Exists(AreaMonth.objects.filter(area_id=OuterRef("pk"), month=month))
    names = list(
        AssistedArea.objects.filter(unit_id__in=ids, is_active=True)
        .exclude(visited)
        .order_by("unit__sort_order", "unit__name", "name")
        .values_list("unit__name", "name")[:UNVISITED_AREAS_LISTED]
    )
    return {"count": count, "listed": names, "more": max(0, count - len(names))}


OTHER_DUTY_NAMES = {
    OtherDuty.Kind.SABHARA_PATROL: "Patroli Sabhara",
    OtherDuty.Kind.MAKO_GUARD: "Jaga Mako",
    OtherDuty.Kind.OTHER: "Tugas lain",
}


def _other_duties(ids, first, last):
    """Hours Bhabin spent on other duties in the month, by kind, and how many officers. One
    query."""
    rows = list(
        OtherDuty.objects.filter(
            officer__unit_id__in=ids,
            officer__position=Officer.Position.BHABIN,
            date__range=(first, last),
        )
        .values("kind")
        .annotate(hours=Sum("hours"), officers=Count("officer_id", distinct=True))
        .order_by("kind")
    )
    table = [
        {
            "name": OTHER_DUTY_NAMES.get(r["kind"], r["kind"]),
            "hours": r["hours"],
            "officers": r["officers"],
        }
        for r in rows
    ]
    return {"rows": table, "hours": sum((r["hours"] for r in table), Decimal(0))}


def _facility_shortfalls(facilities, officers):
    """For each one-per-officer facility type: good items against officers. One query (the
    stock comes from the sarpras recap)."""
    per_officer = set(
        FacilityType.objects.filter(one_per_officer=True).values_list("name", flat=True)
    )
    rows = []
    for row in facilities.rows:
        name, good = row[1], row[3]
        if name in per_officer:
            rows.append(
                {"name": name, "good": good, "needed": officers, "short": max(0, officers - good)}
            )
    return rows


def _budget(ids, year, month):
    """The DIPA lines of the report's fiscal year (or the latest earlier one), with what was
    spent up to the report month and what is left. Two queries."""
    fiscal_year = (
        BudgetLine.objects.filter(unit_id__in=ids, fiscal_year__lte=year)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if fiscal_year is None:
        return None
    through = month if fiscal_year == year else 12
    spent = Q(realisations__month__lte=through)
    lines = (
        BudgetLine.objects.filter(unit_id__in=ids, fiscal_year=fiscal_year)
        .annotate(
            effective=Coalesce("revised_pagu", "pagu"),
            realised=Coalesce(Sum("realisations__amount", filter=spent), 0),
        )
        .order_by("unit__sort_order", "code")
    )
    rows = [
        {
            "name": line.name,
            "pagu": money(line.effective),
            "realised": money(line.realised),
            "left": money(line.effective - line.realised),
            "pct": percent(line.realised, line.effective),
        }
        for line in lines
    ]
    pagu = sum(r["pagu"].amount for r in rows)
    realised = sum(r["realised"].amount for r in rows)
    return {
        "fiscal_year": fiscal_year,
        "is_current": fiscal_year == year,
        "through": bulan(through),
        "rows": rows,
        "pagu": money(pagu),
        "realised": money(realised),
        "left": money(pagu - realised),
        "pct": percent(realised, pagu),
    }


def _allowance(last, officers):
    """The month's Bhabin allowance: the rate in force and the total for the officers. One
    query."""
    rate = AllowanceRate.objects.filter(valid_from__lte=last).order_by("-valid_from").first()
    if rate is None:
        return None
    return {"rate": money(rate.monthly_amount), "total": money(rate.monthly_amount * officers)}


def _charts(report):
    d = report.data
    result = {
        "activities": charts.bar_chart(
            [charts.Bar(_short_activity(a.name), a.visits) for a in d["activities"]],
            title=f"Kunjungan menurut kegiatan, {bulan(report.month)} {report.year}",
            label_width=230,
        ),
        "conflicts": charts.column_chart(
            [label for label, _ in d["conflicts"]["months"]],
            {"Konflik sosial": [n for _, n in d["conflicts"]["months"]]},
            title="Konflik sosial dua belas bulan terakhir",
            height=220,
        ),
    }
    if d["is_polres"]:
        result["coverage"] = charts.bar_chart(
            [
                charts.Bar(
                    row["name"],
                    row["visited"],
                    note=f"dari {row['areas']} ({row['coverage_pct'] or 0}%)",
                )
                for row in d["unit_rows"]
                if row["areas"]
            ],
            title="Wilayah binaan yang dikunjungi per kesatuan",
        )
    return result


def _short_activity(name, limit=26):
    """The first words of a Perkap duty that fit a bar label, enough to tell the bars apart."""
    kept = []
    for word in name.rstrip(";,.").split():
        if len(" ".join([*kept, word])) > limit:
            return " ".join(kept).rstrip(",;") + "…"
        kept.append(word)
    return " ".join(kept)


def _conclusions(report):
    """Sentences for V. Kesimpulan dan Saran, generated from the figures."""
    d = report.data
    period = f"bulan {bulan(report.month)} {report.year}"
    conclusions = []
    suggestions = []
    conclusions.append(
        f"Selama {period} tercatat {angka(d['visits_total'])} kunjungan (sambang) ke "
        f"{angka(d['areas_visited'])} dari {angka(d['areas_total'])} wilayah binaan"
        + (f" ({d['coverage_pct']}%)." if d["coverage_pct"] is not None else ".")
    )
    if d["planned_total"]:
        conclusions.append(
            f"Dari {angka(d['planned_total'])} kunjungan yang dijadwalkan, "
            f"{angka(d['done_total'])} ({d['adherence_pct']}%) terlaksana pada tanggal jadwalnya."
        )
    else:
        conclusions.append("Belum ada jadwal kunjungan yang tercatat untuk bulan ini.")
        suggestions.append(
            "Kapolsek menyusun jadwal kunjungan harian, mingguan dan bulanan Bhabinkamtibmas "
            "dan memajangnya di Mako Polsek."
        )
    c = d["conflicts"]
    if c["current"] > c["previous"]:
        trend = "naik dibanding"
    elif c["current"] < c["previous"]:
        trend = "turun dibanding"
    else:
        trend = "sama dengan"
    conclusions.append(
        f"Konflik sosial {period}: {c['current']} kejadian, {trend} "
        f"{c['previous_label']} ({c['previous']} kejadian) dan {c['last_year']} kejadian pada "
        f"{c['last_year_label']}."
    )
    if c["hotspots"]:
        top = c["hotspots"][0]
        suggestions.append(
            f"Meningkatkan sambang dan deteksi dini di {top['area__name']} ({top['unit__name']}), "
            f"wilayah dengan konflik terbanyak dalam {c['hotspot_months']} bulan terakhir "
            f"({top['n']} kejadian), bersama tokoh agama, tokoh masyarakat dan Babinsa."
        )
    unvisited = d["unvisited"]["count"]
    if unvisited:
        suggestions.append(
            f"Menjadwalkan kunjungan ke {angka(unvisited)} wilayah binaan yang belum dikunjungi "
            f"pada {period}."
        )
    not_yet = d["competency"].total[8]
    if not_yet:
        conclusions.append(
            f"{angka(not_yet)} dari {angka(d['competency'].total[2])} Bhabinkamtibmas belum "
            "mengikuti Dikbangspes Binmas/Polmas."
        )
        suggestions.append(
            f"Mengusulkan Dikbangspes Binmas/Polmas bagi {angka(not_yet)} Bhabinkamtibmas yang "
            "belum mengikutinya, dan pelatihan mandiri di Polsek sementara menunggu kuota."
        )
    short = [s for s in d["shortfalls"] if s["short"]]
    if short:
        worst = max(short, key=lambda s: s["short"])
        conclusions.append(
            f"Sarana belum mencukupi satu per personel: {worst['name']} tersedia "
            f"{angka(worst['good'])} dalam kondisi baik untuk {angka(worst['needed'])} "
            f"Bhabinkamtibmas (kurang {angka(worst['short'])})."
        )
        suggestions.append(
            "Mengusulkan pemenuhan sarana "
            + ", ".join(f"{s['name']} ({angka(s['short'])})" for s in short)
            + " melalui DIPA tahun anggaran berikutnya."
        )
    if d["other_duties"]["hours"]:
        conclusions.append(
            f"Bhabinkamtibmas menjalankan tugas di luar fungsi Binmas selama "
            f"{_hours(d['other_duties']['hours'])} jam pada {period}."
        )
        suggestions.append(
            "Membatasi penugasan rangkap (patroli Sabhara, jaga Mako) agar Bhabinkamtibmas "
            "dapat fokus pada wilayah binaannya."
        )
    budget = d["budget"]
    if budget:
        conclusions.append(
            f"Dukungan anggaran DIPA TA {budget['fiscal_year']} sebesar {budget['pagu'].figure} "
            f"({budget['pagu'].words}); terealisasi {budget['realised'].figure} "
            f"({budget['pct'] or 0}%), sisa {budget['left'].figure} ({budget['left'].words})."
        )
    if d["warnings"]["open"]:
        suggestions.append(
            f"Menindaklanjuti {d['warnings']['open']} laporan deteksi dini yang masih terbuka."
        )
    return conclusions, suggestions


def _hours(value):
    value = Decimal(value)
    return angka(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
