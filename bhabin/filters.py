"""The filters of the area, officer, visit, early-detection and case lists, shared by each list
and its export. A figure elsewhere links to its list with the parameters that select exactly the
rows it counts (`org.filters.list_url`): a unit alone (`satuan`) or with the units below it
(`cakupan`), a period (`period`, or `from` and `to`), an area (`wilayah`), an officer
(`personel`)."""

from django.db.models import Exists, OuterRef, Q

from bhabin.models import Assignment, EarlyWarning, ProblemCase, Visit
from org.filters import PERIOD_PARAMETERS, ListFilter, flag, row_id, text, year


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
    """Areas by name (`q`), unit, those with no active primary officer, and those visited in a
    period (`dikunjungi` with the period)."""

    parameters = {
        "q": text,
        "satuan": text,
        "cakupan": text,
        "tanpa_bhabin": flag,
        "dikunjungi": flag,
        **PERIOD_PARAMETERS,
    }

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("q"):
            rows = rows.filter(name__icontains=self.get("q"))
        if self.get("tanpa_bhabin"):
            rows = rows.filter(~Exists(Assignment.objects.visible_to(self.user).primary_of()))
        period = self.period()
        if self.get("dikunjungi") and period is not None:
            start, stop = period.bounds()
            visited = Visit.objects.visible_to(self.user).filter(
                area=OuterRef("pk"), occurred_at__gte=start, occurred_at__lt=stop
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
    """Visits by year (`tahun`), unit, area, officer and period."""

    parameters = {"tahun": year, **FIELD_REPORT_PARAMETERS}
    date_field, is_datetime = "occurred_at", True

    def apply(self, rows):
        rows = super().apply(rows)
        if self.get("tahun"):
            rows = rows.filter(occurred_at__year=self.get("tahun"))
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
