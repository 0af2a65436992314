"""The filters of the area, officer and visit lists, shared by each list and its export."""

from django.db.models import Exists, OuterRef, Q

from bhabin.models import Assignment
from org.filters import ListFilter, flag, text, year


class AreaFilter(ListFilter):
    """Areas by name (`q`), unit code (`satuan`), and those with no active primary officer."""

    parameters = {"q": text, "satuan": text, "tanpa_bhabin": flag}

    def apply(self, rows):
        if self.get("q"):
            rows = rows.filter(name__icontains=self.get("q"))
        if self.get("satuan"):
            rows = rows.filter(unit__code=self.get("satuan"))
        if self.get("tanpa_bhabin"):
            rows = rows.filter(~Exists(Assignment.objects.visible_to(self.user).primary_of()))
        return rows


class OfficerFilter(ListFilter):
    """Officers by name or NRP (`q`), unit code, and the Bhabinkamtibmas with no active
    assignment (`tanpa_wilayah`) or no phone number (`tanpa_telepon`)."""

    parameters = {"q": text, "satuan": text, "tanpa_wilayah": flag, "tanpa_telepon": flag}

    def apply(self, rows):
        if self.get("q"):
            rows = rows.filter(Q(name__icontains=self.get("q")) | Q(nrp=self.get("q")))
        if self.get("satuan"):
            rows = rows.filter(unit__code=self.get("satuan"))
        if self.get("tanpa_wilayah"):
            assigned = (
                Assignment.objects.visible_to(self.user).active().filter(officer=OuterRef("pk"))
            )
            rows = rows.bhabin().filter(~Exists(assigned))
        if self.get("tanpa_telepon"):
            rows = rows.bhabin().filter(phone="")
        return rows


class VisitFilter(ListFilter):
    """Visits by year (`tahun`) and unit code of the area (`satuan`)."""

    parameters = {"tahun": year, "satuan": text}

    def apply(self, rows):
        if self.get("tahun"):
            rows = rows.filter(occurred_at__year=self.get("tahun"))
        if self.get("satuan"):
            rows = rows.filter(area__unit__code=self.get("satuan"))
        return rows
