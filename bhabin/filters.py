"""The filters of the area, officer, visit, early-detection and case lists, shared by each list
and its export. A figure elsewhere links to its list with the parameters that select exactly the
rows it counts (`org.filters.list_url`): a unit alone (`satuan`) or with the units below it
(`cakupan`), a period (`period`, or `from` and `to`), an area (`wilayah`), an officer
(`personel`). The dashboard's completeness figures (dashboard/completeness.py) add the areas
assigned on the period's last day (`ditugaskan`), the visits recorded by the reports' due day
(`tepat_waktu`) or after it (`terlambat`), and the scheduled visits done (`terlaksana`)."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from bhabin.models import Assignment, EarlyWarning, ProblemCase, Visit
from bhabin.schedules import visit_done
from org.filters import PERIOD_PARAMETERS, ListFilter, flag, row_id, text, year
from org.periods import reports_due


class ScopedFilter(ListFilter):
    """The unit parameters every list shares; `unit_relation` is the path to the rows' unit."""

    unit_relation = "unit"

    def apply(self, rows):
        if self.get("satuan"):
            rows = rows.filter(**{f"{self.unit_relation}__code": self.get("satuan")})
        tree = self.unit_tree(self.unit_relation)
        if tree is not None:
            rows = rows.filter(tree)
        return rows


class AreaFilter(ScopedFilter):
    """Areas by name (`q`), unit, those with no active primary officer, those visited in a
    period (`dikunjungi` with the period), those with an assignment in force on the period's
    last day (`ditugaskan`; today without a period). With an officer (`personel`): the areas
    assigned to them on that day, and `dikunjungi` counts their own visits only."""

    parameters = {
        "q": text,
        "satuan": text,
        "cakupan": text,
        "personel": row_id,
        "tanpa_bhabin": flag,
        "dikunjungi": flag,
        "ditugaskan": flag,
        **PERIOD_PARAMETERS,
    }

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("q"):
            rows = rows.filter(name__icontains=self.get("q"))
        if self.get("tanpa_bhabin"):
            rows = rows.filter(~Exists(Assignment.objects.visible_to(self.user).primary_of()))
        period = self.period()
        officer = {"officer_id": self.get("personel")} if self.get("personel") else {}
        if self.get("ditugaskan") or officer:
            on = period.end if period is not None else timezone.localdate()
            assigned = (
                Assignment.objects.visible_to(self.user)
                .active(on)
                .filter(area=OuterRef("pk"), **officer)
            )
            rows = rows.filter(Exists(assigned))
        if self.get("dikunjungi") and period is not None:
            start, stop = period.bounds()
            visited = Visit.objects.visible_to(self.user).filter(
                area=OuterRef("pk"), occurred_at__gte=start, occurred_at__lt=stop, **officer
            )
            rows = rows.filter(Exists(visited))
        return rows


class OfficerFilter(ScopedFilter):
    """Officers by name or NRP (`q`), unit, the active Bhabinkamtibmas (`bhabin`), and those
    with no active assignment (`tanpa_wilayah`) or no phone number (`tanpa_telepon`)."""

    parameters = {
        "q": text,
        "satuan": text,
        "cakupan": text,
        "bhabin": flag,
        "tanpa_wilayah": flag,
        "tanpa_telepon": flag,
    }

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("q"):
            rows = rows.filter(Q(name__icontains=self.get("q")) | Q(nrp=self.get("q")))
        if self.get("bhabin"):
            rows = rows.bhabin()
        if self.get("tanpa_wilayah"):
            assigned = (
                Assignment.objects.visible_to(self.user).active().filter(officer=OuterRef("pk"))
            )
            rows = rows.bhabin().filter(~Exists(assigned))
        if self.get("tanpa_telepon"):
            rows = rows.bhabin().filter(phone="")
        return rows


class FieldReportFilter(ScopedFilter):
    """A kind of field report by unit, area (`wilayah`), officer (`personel`) and period; a
    subclass names its date field (a datetime is compared from local midnight)."""

    unit_relation = "area__unit"
    date_field = ""
    is_datetime = False

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("wilayah"):
            rows = rows.filter(area_id=self.get("wilayah"))
        if self.get("personel"):
            rows = rows.filter(officer_id=self.get("personel"))
        period = self.period()
        if period is not None:
            if self.is_datetime:
                start, stop = period.bounds()
                rows = rows.filter(
                    **{f"{self.date_field}__gte": start, f"{self.date_field}__lt": stop}
                )
            else:
                rows = rows.filter(**{f"{self.date_field}__range": (period.start, period.end)})
        return rows


FIELD_REPORT_PARAMETERS = {
    "satuan": text,
    "cakupan": text,
    "wilayah": row_id,
    "personel": row_id,
    **PERIOD_PARAMETERS,
}


class VisitFilter(FieldReportFilter):
    """Visits by year (`tahun`), unit, area, officer and period; with a period, those the
    officers recorded by the reports' due day after the period's last month (`tepat_waktu`) or
    after it (`terlambat`). Both leave out the visits of an imported log, whose recording time
    says nothing about when the officer reported (recaps/completeness.py counts alike)."""

    parameters = {"tahun": year, "tepat_waktu": flag, "terlambat": flag, **FIELD_REPORT_PARAMETERS}
    date_field, is_datetime = "occurred_at", True

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("tahun"):
            rows = rows.filter(occurred_at__year=self.get("tahun"))
        period = self.period()
        if period is not None and (self.get("tepat_waktu") or self.get("terlambat")):
            rows = rows.exclude(source=Visit.Source.IMPORT)
            due = reports_due(period.end)
            if self.get("tepat_waktu"):
                rows = rows.filter(created_at__lt=due)
            if self.get("terlambat"):
                rows = rows.filter(created_at__gte=due)
        return rows


class ScheduleFilter(FieldReportFilter):
    """Scheduled visits by unit, area, officer and period (planned), and those done
    (`terlaksana`: a visit by the same officer to the same area on the planned day)."""

    parameters = {"terlaksana": flag, **FIELD_REPORT_PARAMETERS}
    date_field = "planned_on"

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("terlaksana"):
            rows = rows.annotate(is_done=visit_done()).filter(is_done=True)
        return rows


class EarlyWarningFilter(FieldReportFilter):
    """Early-detection reports by unit, area, officer, period (reported) and the open ones
    (`terbuka`)."""

    parameters = {"terbuka": flag, **FIELD_REPORT_PARAMETERS}
    date_field, is_datetime = "reported_at", True

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("terbuka"):
            rows = rows.filter(state=EarlyWarning.State.OPEN)
        return rows


class ProblemCaseFilter(FieldReportFilter):
    """Problem-solving cases by unit, area, officer, period (opened) and the open ones
    (`terbuka`)."""

    parameters = {"terbuka": flag, **FIELD_REPORT_PARAMETERS}
    date_field = "opened_on"

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("terbuka"):
            rows = rows.filter(state=ProblemCase.State.OPEN)
        return rows
