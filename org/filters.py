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

from org.periods import parse_year


def text(value):
    """Free text (a search, a code), trimmed; blank is no filter."""
    return value.strip()[:100] or None


def flag(value):
    """A checkbox: any non-blank value but "0" turns it on."""
    return True if value.strip() not in ("", "0") else None


def year(value):
    """A four-digit year within the years org.periods accepts."""
    return parse_year(value)


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

    @property
    def query(self):
        """The query string that selects the same rows again (for the export and the pages)."""
        return urlencode(self.raw)

    @property
    def is_active(self):
        return bool(self.values)
