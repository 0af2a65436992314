"""Recap tables as pages and xlsx downloads, for the user's unit and the units below it.

A recap is built by the same builders as the `rekap` command (recaps.tables).
"""

import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from org.filters import list_url, unit_params
from org.periods import parse_or_none, parse_year
from org.roles import may_read_unit_figures
from recaps.selectors import default_recap_root
from recaps.tables import RECAPS, YEARLY_RECAPS, RecapError, build_recap
from reports.exports import xlsx_download
from reports.xlsx import write_xlsx

RECAP_TITLES = {
    "bhabin": gettext_lazy("Bhabinkamtibmas per unit"),
    "kompetensi": gettext_lazy("Competency"),
    "sarpras": gettext_lazy("Facilities"),
    "dipa": gettext_lazy("DIPA budget"),
    "konflik": gettext_lazy("Social conflicts"),
}


def cell_links(recap, root, year):
    """Per line of `recap.lines()[1:]`, the list address of each figure that has a list (None
    for the others): the areas and Bhabinkamtibmas of a unit, the incidents of a year and
    category. Facilities, education and courses have no list to open."""
    lines = recap.lines()[1:]
    links = [[None] * len(line) for line in lines]

    def units_links(columns, line, units):
        for column, (name, extra) in columns.items():
            links[line][column] = list_url(name, **units, **extra)

    if recap.name in ("bhabin", "kompetensi"):
        columns = {2: ("bhabin:area-list", {}), 3: ("bhabin:officer-list", {"bhabin": 1})}
        if recap.name == "kompetensi":
            columns = {2: ("bhabin:officer-list", {"bhabin": 1})}
        for line, unit in enumerate(recap.row_units):
            units_links(columns, line, unit_params(unit, subtree=False))
        if recap.total is not None:
            units_links(columns, len(lines) - 1, unit_params(root, subtree=True))
    elif recap.name == "konflik":
        years = recap.header[1:-1]
        for line, category in enumerate(recap.row_categories):
            kind = {"kategori": category.code} if category is not None else {}
            for column, each in enumerate(years, start=1):
                links[line][column] = _incidents(root, tahun=each, **kind)
            links[line][len(years) + 1] = _incidents(root, tahun=year, **kind)
    return links


def _incidents(root, **params):
    return list_url("conflicts:incident-list", **unit_params(root, subtree=True), **params)


def _recap_root(user):
    if user.unit_id is not None and may_read_unit_figures(user):
        return user.unit
    if user.is_superuser:
        root = default_recap_root()
        if root is not None:
            return root
    raise PermissionDenied


def _year(request):
    """The ?tahun= (or ?year=) parameter: a year org.periods accepts, or None."""
    return parse_or_none(parse_year, request.GET.get("tahun") or request.GET.get("year"))


def recap_index(request):
    _recap_root(request.user)
    tables = [(name, RECAP_TITLES[name]) for name in RECAPS]
    return render(request, "recaps/index.html", {"tables": tables})


def _build(request, table):
    if table not in RECAPS:
        raise Http404
    root = _recap_root(request.user)
    year = _year(request) if table in YEARLY_RECAPS else None
    try:
        return root, year, build_recap(table, root, year=year), ""
    except RecapError as error:
        return root, year, None, str(error)


def recap_table(request, table):
    root, year, recap, error = _build(request, table)
    rows = []
    if recap is not None:
        numeric = recap.money_columns | recap.decimal_columns
        links = cell_links(recap, root, year)
        for values, hrefs in zip(recap.lines()[1:], links, strict=True):
            rows.append(
                [
                    {
                        "value": value,
                        "num": isinstance(value, (int, Decimal)),
                        "money": index in numeric,
                        "url": href if isinstance(value, int) else None,
                    }
                    for index, (value, href) in enumerate(zip(values, hrefs, strict=True))
                ]
            )
    context = {
        "name": table,
        "title": RECAP_TITLES[table],
        "root": root,
        "year": year,
        "is_yearly": table in YEARLY_RECAPS,
        "recap": recap,
        "body": rows[:-1] if recap is not None and recap.total is not None else rows,
        "total": rows[-1] if recap is not None and recap.total is not None else None,
        "error": error,
    }
    return render(request, "recaps/table.html", context, status=404 if error else 200)


@never_cache
def recap_xlsx(request, table):
    root, year, recap, error = _build(request, table)
    if recap is None:
        raise Http404(error)
    out = io.BytesIO()
    write_xlsx(recap, out)
    suffix = f"-{year}" if year else ""
    return xlsx_download(out.getvalue(), f"rekap-{table}-{root.code}{suffix}.xlsx")
