"""The filters of a list page, defined once and applied alike to the page and to its export.

A subclass names its query-string parameters and the parser of each, and says in `apply` what
each does to the queryset. A value that does not parse is ignored and reported in `errors` (a
list page says so; it never fails), so a link with a filter opens the same rows on the page and
in the xlsx.

    class VisitFilter(ListFilter):
        parameters = {"satuan": text, "tahun": year}

        def apply(self, rows):
            ...

    listed = VisitFilter(request.GET, user=request.user)
    visits = listed.apply(Visit.objects.visible_to(request.user))
    # the export link: {% url 'bhabin:visit-export' %}?{{ listed.query }}
"""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org.models import PoliceUnit
from org.periods import Period, parse_date, parse_month, parse_year


def text(value):
    """Free text (a search, a code), trimmed; blank is no filter."""
    return value.strip()[:100] or None


def flag(value):
    """A checkbox: any non-blank value but "0" turns it on."""
    return True if value.strip() not in ("", "0") else None


def year(value):
    """A four-digit year within the years org.periods accepts."""
    return parse_year(value)


def month(value):
    """A month, YYYY-MM (its first day)."""
    return parse_month(value)


def date(value):
    """A day, YYYY-MM-DD."""
    return parse_date(value)


# The largest id a database column holds (a 64-bit signed integer): a larger "id" would not
# select nothing, it would make the database driver raise.
MAX_ROW_ID = 2**63 - 1


def row_id(value):
    """The id of a row (an area, an officer); what is not a positive number that a database id
    can be selects nothing."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_ROW_ID:
        raise ValueError(_("“%(value)s” is not a row number.") % {"value": value[:20]})
    return int(value)


# The parameters of a period, read by `ListFilter.period()`: a month, or from and to (both days).
PERIOD_PARAMETERS = {"period": month, "from": date, "to": date}


def list_url(name, **params):
    """The address of a list page (a URL name) with the filter parameters given, blank and None
    ones left out: how a figure links to the rows it counts."""
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def unit_params(unit, *, subtree):
    """The list parameter that selects the rows of a unit: `cakupan` (the unit and every unit
    below it) or `satuan` (the unit alone)."""
    return {"cakupan" if subtree else "satuan": unit.code}


# How the filter line above a list names each parameter (the value follows it).
LABELS = {
    "q": gettext_lazy("Search"),
    "tahun": gettext_lazy("Year"),
    "kategori": gettext_lazy("Category"),
    "satuan": gettext_lazy("Unit"),
    "cakupan": gettext_lazy("Unit and the units below it"),
    "wilayah": gettext_lazy("Area no."),
    "personel": gettext_lazy("Officer no."),
    "period": gettext_lazy("Month"),
    "from": gettext_lazy("From"),
    "to": gettext_lazy("to"),
    "dikunjungi": gettext_lazy("Visited in the period"),
    "bhabin": gettext_lazy("Active Bhabinkamtibmas"),
    "terbuka": gettext_lazy("Open"),
    "tanpa_bhabin": gettext_lazy("Without an active primary officer"),
    "tanpa_wilayah": gettext_lazy("Without an active assignment"),
    "tanpa_telepon": gettext_lazy("Without a phone number"),
    "ditugaskan": gettext_lazy("Assigned on the period's last day"),
    "tepat_waktu": gettext_lazy("Reported on time"),
    "terlambat": gettext_lazy("Reported late"),
    "terlaksana": gettext_lazy("Done"),
}


class ListFilter:
    """What a list shows, read once from its query string (see the module docstring)."""

    parameters = {}

    def __init__(self, data, *, user):
        self.user = user
        self.values, self.raw, self.errors = {}, {}, []
        for name, parser in self.parameters.items():
            given = str(data.get(name, "") or "")
            if not given.strip():
                continue
            try:
                value = parser(given)
            except ValueError as error:
                self.errors.append(str(error))
                continue
            if value is not None:
                self.values[name] = value
                self.raw[name] = given.strip()

    def get(self, name):
        return self.values.get(name)

    def apply(self, rows):
        raise NotImplementedError

    def period(self):
        """The period asked for (`from` and `to`, else `period`), or None."""
        start, end = self.get("from"), self.get("to")
        if start and end and start <= end:
            return Period.of(start, end)
        return Period.month(self.get("period")) if self.get("period") else None

    def unit_tree(self, relation):
        """The filter of `cakupan` (a unit code: that unit and the units below it) through the
        relation path to the rows' unit, or None without it. One query (the unit, visible to
        the user); a unit the user may not see selects nothing."""
        code = self.get("cakupan")
        if not code:
            return None
        unit = PoliceUnit.objects.visible_to(self.user).filter(code=code).first()
        if unit is None:
            return Q(pk__in=[])
        return unit.subtree(relation)

    @property
    def query(self):
        """The query string that selects the same rows again (for the export and the pages)."""
        return urlencode(self.raw)

    @property
    def summary(self):
        """The filter in force, as (label, value) pairs for the line above the list; a flag has
        no value."""
        return [
            (LABELS.get(name, name), "" if self.parameters[name] is flag else self.raw[name])
            for name in self.raw
        ]

    @property
    def is_active(self):
        return bool(self.values)
