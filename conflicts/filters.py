"""The filters of the incident list, shared by the list and its export."""

from org.filters import ListFilter, text, year


class IncidentFilter(ListFilter):
    """Incidents by year (`tahun`), category code (`kategori`) and unit code (`satuan`)."""

    parameters = {"tahun": year, "kategori": text, "satuan": text}

    def apply(self, rows):
        if self.get("tahun"):
            rows = rows.filter(occurred_on__year=self.get("tahun"))
        if self.get("kategori"):
            rows = rows.filter(category__code=self.get("kategori"))
        if self.get("satuan"):
            rows = rows.filter(unit__code=self.get("satuan"))
        return rows
