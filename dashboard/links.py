"""Where each dashboard figure leads: the list page with exactly the filter that produced it
(`org.filters.list_url`), so that the list shows the same number at its top. Kept beside the
selectors they mirror: a selector that changes what it counts changes its link here too, and
tests/demo/test_figure_links.py opens every link and compares."""

import datetime

from org.filters import list_url, unit_params
from org.periods import Period


def coverage_window(period, days):
    """The days the "areas visited in the last N days" figure covers."""
    return Period.of(period.end - datetime.timedelta(days=days - 1), period.end)


def period_params(period):
    if period.is_month:
        return {"period": f"{period.start:%Y-%m}"}
    return {"from": f"{period.start:%Y-%m-%d}", "to": f"{period.end:%Y-%m-%d}"}


def unit_links(unit, *, subtree, period, window):
    """The links of a unit's figures (a row of the overview, or its totals with `subtree`)."""
    units = unit_params(unit, subtree=subtree)
    return {
        "areas": list_url("bhabin:area-list", **units),
        "officers": list_url("bhabin:officer-list", **units, bhabin=1),
        "unstaffed": list_url("bhabin:area-list", **units, tanpa_bhabin=1),
        "areas_window": list_url(
            "bhabin:area-list", **units, dikunjungi=1, **period_params(window)
        ),
        "areas_period": list_url(
            "bhabin:area-list", **units, dikunjungi=1, **period_params(period)
        ),
        "visits": list_url("bhabin:visit-list", **units, **period_params(period)),
        "planned": list_url("bhabin:schedule-list", **units, **period_params(period)),
        "done": list_url("bhabin:schedule-list", **units, **period_params(period), terlaksana=1),
        "incidents": list_url("conflicts:incident-list", **units, **period_params(period)),
        "open_warnings": list_url("bhabin:early-warning-list", **units, terbuka=1),
        "open_cases": list_url("bhabin:problem-case-list", **units, terbuka=1),
    }


def incidents_of_year(root, year):
    return list_url("conflicts:incident-list", cakupan=root.code, tahun=year)


def incidents_of_month(root, month):
    return list_url("conflicts:incident-list", cakupan=root.code, period=f"{month:%Y-%m}")


def incidents_of_category(root, category, period):
    return list_url(
        "conflicts:incident-list",
        cakupan=root.code,
        kategori=category.code,
        **period_params(period),
    )


def area_links(area_pk, *, period, hotspot):
    """The links of one area's figures: its visits in the period, its incidents in the hotspot
    months, its open early-detection reports and cases."""
    return {
        "visits": list_url("bhabin:visit-list", wilayah=area_pk, **period_params(period)),
        "incidents": list_url("conflicts:incident-list", wilayah=area_pk, **period_params(hotspot)),
        "open_warnings": list_url("bhabin:early-warning-list", wilayah=area_pk, terbuka=1),
        "open_cases": list_url("bhabin:problem-case-list", wilayah=area_pk, terbuka=1),
    }


def officer_links(officer_pk, *, period):
    return {
        "visits": list_url("bhabin:visit-list", personel=officer_pk, **period_params(period)),
        "open_warnings": list_url("bhabin:early-warning-list", personel=officer_pk, terbuka=1),
        "open_cases": list_url("bhabin:problem-case-list", personel=officer_pk, terbuka=1),
    }
