"""The home of a commander or staff: a Kapolsek's Polsek at a glance, or a row per unit for
the Polres and above. Every query goes through `visible_to`."""

import datetime

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from bhabin.models import (
    Assignment,
    AssistedArea,
    Visit,
)
from bhabin.months import default_month, default_month_note
from conflicts.models import Incident
from org.filters import list_url, unit_params
from org.models import PoliceUnit
from org.periods import month_bounds, month_of
from personnel.models import Officer, User

AREAS_WITHOUT_PRIMARY_SHOWN = 20


def unit_home(request):
    """A Kapolsek's summary of their Polsek; a row per unit for everyone else."""
    user = request.user
    now = timezone.localtime()
    # The latest whole month with visits in the user's units, as every dashboard page opens on
    # (bhabin/months.py): the month under way says little on its first days.
    if user.unit_id is not None:
        month_start, has_data = default_month(user, user.unit, today=now.date())
    else:
        month_start, has_data = month_of(now.date()), False
    context = {"month_start": month_start, "month_note": default_month_note(month_start, has_data)}
    if user.role == User.Role.KAPOLSEK:
        context["home_template"] = "dashboard/home_kapolsek.html"
        context.update(_unit_summary(user, month_start, datetime.date(now.year, 1, 1)))
    else:
        context["home_template"] = "dashboard/home_units.html"
        context.update(_unit_table(user, month_start))
    return render(request, "home.html", context)


def _unit_summary(user, month_start, year_start):
    """The figures a Kapolsek watches for their Polsek."""
    areas = AssistedArea.objects.visible_to(user).filter(is_active=True)
    without_primary = areas.filter(~Exists(Assignment.objects.visible_to(user).primary_of()))
    return {
        "areas_count": areas.count(),
        "officers_count": Officer.objects.visible_to(user).bhabin().count(),
        "areas_without_primary_count": without_primary.count(),
        "areas_without_primary": without_primary[:AREAS_WITHOUT_PRIMARY_SHOWN],
        # The month's visits only, as the linked list counts them (a visit dated later is not
        # this month's).
        "visits_this_month": Visit.objects.visible_to(user)
        .filter(occurred_at__range=_month_range(month_start))
        .count(),
        "incidents_this_year": Incident.objects.visible_to(user)
        .filter(occurred_on__gte=year_start)
        .count(),
        "year": year_start.year,
        # Each figure opens the rows it counts (dashboard.links).
        "links": {
            "areas": list_url("bhabin:area-list", cakupan=user.unit.code),
            "officers": list_url("bhabin:officer-list", cakupan=user.unit.code, bhabin=1),
            "unstaffed": list_url("bhabin:area-list", cakupan=user.unit.code, tanpa_bhabin=1),
            "visits": list_url(
                "bhabin:visit-list", cakupan=user.unit.code, period=f"{month_start:%Y-%m}"
            ),
            "incidents": list_url(
                "conflicts:incident-list", cakupan=user.unit.code, tahun=year_start.year
            ),
        },
    }


def _month_range(month_start):
    """The [start, end] of the month for a `__range` lookup that leaves out the next month."""
    start, stop = month_bounds(month_start)
    return start, stop - datetime.timedelta(microseconds=1)


def _count_per_unit(queryset, unit_field):
    """A correlated subquery counting the rows of `queryset` that belong to the outer unit."""
    counts = (
        queryset.filter(**{unit_field: OuterRef("pk")})
        .order_by()
        .values(unit_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def _figure_links(month_start, **units):
    """Where a row's figures lead: the list with exactly the unit filter and month they count."""
    return {
        "areas": list_url("bhabin:area-list", **units),
        "officers": list_url("bhabin:officer-list", **units, bhabin=1),
        "visits": list_url("bhabin:visit-list", **units, period=f"{month_start:%Y-%m}"),
    }


def _unit_table(user, month_start):
    """One row per visible unit, counted in a single query with one subquery per column; each
    figure opens the rows it counts (the unit alone; the totals, every visible unit)."""
    units = list(
        PoliceUnit.objects.visible_to(user).annotate(
            areas_count=_count_per_unit(
                AssistedArea.objects.visible_to(user).filter(is_active=True), "unit"
            ),
            officers_count=_count_per_unit(Officer.objects.visible_to(user).bhabin(), "unit"),
            visits_this_month=_count_per_unit(
                Visit.objects.visible_to(user).filter(occurred_at__range=_month_range(month_start)),
                "area__unit",
            ),
        )
    )
    for unit in units:
        unit.links = _figure_links(month_start, **unit_params(unit, subtree=False))
    # The rows are already in memory: a dozen additions need no further query.
    totals = {
        name: sum(getattr(unit, name) for unit in units)
        for name in ("areas_count", "officers_count", "visits_this_month")
    }
    # The totals add up every unit the user sees: the list with no unit filter shows just those.
    return {"units": units, "totals": totals, "total_links": _figure_links(month_start)}
