"""The filters of the incident list, shared by the list and its export."""

from org.filters import PERIOD_PARAMETERS, ListFilter, row_id, text, year


class IncidentFilter(ListFilter):
    """Incidents by year (`tahun`), category code (`kategori`), unit (`satuan` alone,
    `cakupan` with the units below it), area (`wilayah`) and period."""

    parameters = {
        "tahun": year,
        "kategori": text,
        "satuan": text,
        "cakupan": text,
        "wilayah": row_id,
        **PERIOD_PARAMETERS,
    }

    def apply(self, rows):
        if self.get("tahun"):
            rows = rows.filter(occurred_on__year=self.get("tahun"))
        if self.get("kategori"):
            rows = rows.filter(category__code=self.get("kategori"))
        if self.get("satuan"):
            rows = rows.filter(unit__code=self.get("satuan"))
        tree = self.unit_tree("unit")
        if tree is not None:
            rows = rows.filter(tree)
        if self.get("wilayah"):
            rows = rows.filter(area_id=self.get("wilayah"))
        period = self.period()
        if period is not None:
            rows = rows.filter(occurred_on__range=(period.start, period.end))
        return rows
