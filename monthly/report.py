"""The report: its letterhead and signer, and `monthly_report`, which gathers sections I-VI."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from monthly import conclusions, duties, obstacles
from monthly.amounts import percent
from org.letterhead import letterhead, signing_place
from org.models import PoliceUnit
from org.periods import month_bounds, month_days, reports_due
from personnel.models import Officer
from recaps import selectors
from recaps.completeness import completeness
from recaps.tables import bhabin_recap, kompetensi_recap, sarpras_recap
from reports.terbilang import bulan, bulan_romawi, tanggal

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


ONE_DAY = datetime.timedelta(days=1)


def _completeness_rows(tree):
    """The lines below the root of a completeness summary, in order: each unit followed by its
    officers (the root is the total line)."""
    for line in tree.children:
        yield line
        if line.level != "personel":
            yield from _completeness_rows(line)


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
    first, last = month_days(datetime.date(year, month, 1))
    start, end = month_bounds(first)
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
    d["activities"] = duties.visits_by_activity(ids, start, end)
    per_unit = duties.visits_per_unit(ids, first)
    schedule = duties.schedule_per_unit(ids, first, last, start, end)
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

    d["warnings"] = duties.early_warnings(ids, start, end)
    d["cases"] = duties.problem_cases(ids, first, last)
    d["conflicts"] = duties.conflicts(ids, year, month)

    # III.6 Completeness and timeliness: the same summary as `rekap kelengkapan`.
    tree = completeness(unit, first)
    d["completeness"] = tree
    d["completeness_rows"] = list(_completeness_rows(tree))
    # The due day itself (the moment is the end of it).
    d["reports_due_text"] = tanggal(timezone.localtime(reports_due(first)).date() - ONE_DAY)

    # IV. Obstacles, derived from the data.
    d["unvisited"] = obstacles.unvisited_areas(ids, first, areas_total - d["areas_visited"])
    d["other_duties"] = obstacles.other_duties(ids, first, last)
    d["shortfalls"] = obstacles.facility_shortfalls(d["facilities"], officers_total)
    d["budget"] = obstacles.budget(ids, year, month)
    d["allowance"] = obstacles.allowance(last, officers_total)

    d["charts"] = duties.report_charts(report)
    d["conclusions"], d["suggestions"] = conclusions.sentences(report)

    officer = signer_for(unit, signer_nrp)
    d["signer"] = officer
    d["signer_title"] = signer_title(unit, officer)
    return report
