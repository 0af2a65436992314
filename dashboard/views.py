"""The Kasat Binmas dashboard: the overview of a unit and its drill-down pages, down to the one
page of an assisted area and of an officer.

A Kapolsek sees their Polsek, the Kasat and leadership the whole Polres; officers get a 403 on
the unit pages (org.roles) but open the page of their own areas and their own record; another
unit's page is a 404. Every figure links to the rows behind it. The queries live in
`dashboard.selectors` (and the recap builders): their number is fixed, whatever the data.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bhabin.models import Assignment, AssistedArea, CommunityFigure, SecurityPost, Visit
from bhabin.months import default_month_note
from budget.models import FacilityType
from conflicts.models import Incident
from dashboard import completeness, links
from dashboard import selectors as sel
from org.models import PoliceUnit
from org.periods import Period, requested_period
from org.roles import may_read_unit_figures
from org.scoping import get_visible_object_or_404
from personnel.models import CompetencyAssessment, Officer, OtherDuty, TrainingRecord
from recaps import tables as recaps
from recaps.selectors import (
    conflict_categories,
    default_recap_root,
    recap_units,
    rollup_for,
    roster_competency,
)
from reports.charts import Bar, bar_chart, change_note, column_chart

# The facility types whose officers-per-item the overview calls out (Table 3).
RATIO_FACILITIES = ("ranmor-r2", "ht")
LIST_ROWS = 10
# Charts narrower than the module's default, so that on a 360 px phone they shrink less and
# their printed numbers stay legible.
CHART_WIDTH = 440
BAR_SIZE = {"width": CHART_WIDTH, "label_width": 160}
PAGE_SIZE = 50
AREA_ROWS = 50


def _check_role(user):
    if not may_read_unit_figures(user):
        raise PermissionDenied


def _root(user, code=None):
    """The unit a page covers: the one named (if visible), else the user's own unit."""
    _check_role(user)
    if code:
        return get_visible_object_or_404(PoliceUnit, user, code=code)
    if user.unit_id is not None:
        return user.unit
    root = default_recap_root()
    if root is None:
        raise Http404
    return root


def _period(request, root):
    """The requested period, or the default one; and a sentence saying which was chosen."""
    period = requested_period(request.GET)
    if period is not None:
        return period, ""
    period, has_data = sel.default_period(request.user, root)
    note = default_month_note(period.start, has_data)
    return period, note


def _ratio(numerator, denominator, places="0.1"):
    if not denominator or numerator is None:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


def _percent(part, whole):
    return None if not whole else round(100 * part / whole)


def _cells(recap):
    """A recap table as header, body and total rows of {value, num} cells."""
    numeric = recap.money_columns | recap.decimal_columns

    def row(values):
        return [
            {"value": v, "num": isinstance(v, (int, Decimal)) or i in numeric}
            for i, v in enumerate(values)
        ]

    return {
        "title": recap.title,
        "header": recap.header,
        "body": [row(values) for values in recap.rows],
        "total": row(recap.total) if recap.total is not None else None,
    }


def _overview_context(request, root, *, with_areas):
    """The panels for a unit and the units below it: a row per unit, or, for a Polda, a row per
    Polres with the totals of its Polsek (361 rows would be unreadable, and slow to build)."""
    user = request.user
    units = recap_units(root)
    rollup = rollup_for(units)
    if with_areas is None:
        # A unit with no unit below it (a Polsek) shows its areas.
        with_areas = len(units) == 1
    period, period_note = _period(request, root)
    query = period.query()
    of = _("of")

    per_area = sel.area_figures_per_unit(user, root, rollup=rollup)
    # A Polda has thousands of areas: a page of them, whatever the subtree.
    area_page = (
        Paginator(sel.area_rows_query(user, root, period), AREA_ROWS).get_page(
            request.GET.get("page")
        )
        if with_areas
        else None
    )
    # The roster per row unit gives the officers of the strength and competency tables both,
    # and their total the facilities table's officers per item.
    roster = roster_competency(units, rollup)
    coverage = sel.coverage_per_unit(user, root, period, rollup)
    schedule = sel.schedule_per_unit(user, root, period, rollup)
    duty_hours = sel.other_duty_hours_per_unit(user, root, period, rollup)
    per_unit_category = sel.incidents_per_unit_category(user, root, period, rollup)

    incidents_by_unit = {}
    incidents_by_category = {}
    # Totals of a few dozen grouped rows (units x categories), not of incidents.
    comparison = dict.fromkeys(("current", "previous", "last_year"), 0)
    for row in per_unit_category:
        n = row["current"]
        incidents_by_unit[row["row_unit"]] = incidents_by_unit.get(row["row_unit"], 0) + n
        incidents_by_category[row["category_id"]] = (
            incidents_by_category.get(row["category_id"], 0) + n
        )
        for key in comparison:
            comparison[key] += row[key]

    # Reversed once, not once per unit: a Polda has 361 rows.
    dashboard_url = reverse("dashboard:overview")
    window = links.coverage_window(period, sel.COVERAGE_DAYS)
    rows = []
    for unit in rollup.units:
        load = per_area.get(unit.pk, {})
        areas, officers = load.get("areas", 0), roster.get(unit.pk, {}).get("officers", 0)
        cov = coverage.get(unit.pk, {})
        plan = schedule.get(unit.pk, {})
        if rollup.totals_subtree(unit):
            # A Polres row of a Polda: its own overview, which breaks the totals down.
            unit_url = f"{dashboard_url}?unit={unit.code}&{query}"
        elif rollup.rolls_up and unit == root:
            # Not the drill-down, which would list every area of the Polda.
            unit_url = f"{dashboard_url}?unit={unit.code}&{query}"
        else:
            unit_url = reverse("dashboard:unit", args=[unit.code]) + f"?{query}"
        rows.append(
            {
                "unit": unit,
                "dashboard_url": unit_url,
                # A row of a Polda totals its Polres' subtree; any other row is its unit alone.
                "links": links.unit_links(
                    unit, subtree=rollup.totals_subtree(unit), period=period, window=window
                ),
                "areas": areas,
                "officers": officers,
                "note": recaps.staffing_note(areas, officers),
                "unstaffed": load.get("unstaffed", 0),
                "visits": cov.get("visits", 0),
                "areas_period": cov.get("areas_period", 0),
                "areas_window": cov.get("areas_window", 0),
                "planned": plan.get("planned", 0),
                "done": plan.get("done_count", 0),
                "adherence": _percent(plan.get("done_count", 0), plan.get("planned", 0)),
                "population": load.get("population") or 0,
                "area_km2": load.get("area_km2") or Decimal(0),
                "areas_per_officer": _ratio(areas, officers),
                "population_per_officer": _ratio(load.get("population"), officers, "1"),
                "km2_per_officer": _ratio(load.get("area_km2"), officers, "0.01"),
                "duty_hours": duty_hours.get(unit.pk) or Decimal(0),
                "incidents": incidents_by_unit.get(unit.pk, 0),
                "open_warnings": load.get("open_warnings", 0),
                "open_cases": load.get("open_cases", 0),
            }
        )
    totals = {
        key: sum(row[key] for row in rows)
        for key in (
            "areas",
            "officers",
            "unstaffed",
            "visits",
            "areas_period",
            "areas_window",
            "planned",
            "done",
            "population",
            "area_km2",
            "duty_hours",
            "incidents",
            "open_warnings",
            "open_cases",
        )
    }
    totals["adherence"] = _percent(totals["done"], totals["planned"])
    totals["areas_per_officer"] = _ratio(totals["areas"], totals["officers"])
    totals["population_per_officer"] = _ratio(totals["population"], totals["officers"], "1")
    totals["km2_per_officer"] = _ratio(totals["area_km2"], totals["officers"], "0.01")

    # Conflicts: Table 1 (per year), the year of the period per month, the period per category
    # and per unit, and the period against the one before and the same one a year earlier.
    konflik = recaps.konflik_recap(root, units, rollup=rollup)
    years = konflik.header[1:-1]
    per_year = konflik.rows[0][1:-1] if years else []
    year = period.end.year
    per_month = sel.incidents_per_month(user, root, year)
    categories = conflict_categories()
    month_labels = [date_format(timezone.datetime(2000, m, 1), "M") for m in range(1, 13)]

    charts = {
        "coverage": bar_chart(
            [
                Bar(
                    row["unit"].name,
                    row["areas_window"],
                    row["dashboard_url"],
                    f"{row['areas_window']} {of} {row['areas']}",
                    of=row["areas"],
                )
                for row in rows
            ],
            title=_("Areas visited in the last %(days)s days") % {"days": sel.COVERAGE_DAYS},
            **BAR_SIZE,
        ),
        "per_year": column_chart(
            years,
            {_("Incidents"): per_year},
            title=_("Social conflicts per year"),
            width=CHART_WIDTH,
            hrefs=[links.incidents_of_year(root, y) for y in years],
        ),
        "per_month": column_chart(
            month_labels,
            {str(year): per_month},
            title=_("Social conflicts per month, %(year)s") % {"year": year},
            width=CHART_WIDTH,
            hrefs=[links.incidents_of_month(root, datetime.date(year, m, 1)) for m in range(1, 13)],
        ),
        "per_category": bar_chart(
            [
                Bar(
                    category.name,
                    incidents_by_category.get(category.pk, 0),
                    links.incidents_of_category(root, category, period),
                )
                for category in categories
            ],
            title=_("Social conflicts in the period by category"),
            **BAR_SIZE,
            color="#c45a00",
        ),
        "per_unit": bar_chart(
            [Bar(row["unit"].name, row["incidents"], row["dashboard_url"]) for row in rows],
            title=_("Social conflicts in the period by unit"),
            **BAR_SIZE,
            color="#c45a00",
        ),
    }

    sarpras = recaps.sarpras_recap(root, units, officers=totals["officers"])
    try:
        dipa_recap = recaps.dipa_recap(root, units)
    except recaps.RecapError:
        dipa_recap = None

    first, last = sel.hotspot_window(period.end)
    return {
        "root": root,
        "units": units,
        "period": period,
        "period_note": period_note,
        "previous": period.previous(),
        "last_year": period.last_year(),
        "query": query,
        "rows": rows,
        "totals": totals,
        "totals_links": links.unit_links(root, subtree=True, period=period, window=window),
        "coverage_days": sel.COVERAGE_DAYS,
        "charts": charts,
        "comparison": {
            **comparison,
            "previous_note": change_note(comparison["current"], comparison["previous"], of=of),
            "last_year_note": change_note(comparison["current"], comparison["last_year"], of=of),
        },
        "konflik": _cells(konflik),
        "hotspots": _with_links(sel.hotspots(user, root, period.end), period),
        "hotspot_first": first,
        "hotspot_last": last,
        "warnings": sel.latest_open(sel.open_warnings(user), root, LIST_ROWS),
        "cases": sel.latest_open(sel.open_cases(user), root, LIST_ROWS),
        "kompetensi": _cells(recaps.kompetensi_recap(root, units, rollup=rollup, roster=roster)),
        "sarpras": _cells(sarpras),
        "facility_ratios": _facility_ratios(sarpras),
        "dipa": _cells(dipa_recap) if dipa_recap else None,
        # The recap's sheet is named "DIPA <year>".
        "dipa_year": dipa_recap.sheet_name.split()[-1] if dipa_recap else None,
        "completeness": completeness.unit_rows(user, root, period, rollup),
        "officer_completeness": (
            completeness.officer_rows(user, root, period) if with_areas else None
        ),
        "area_page": area_page,
        "area_rows": _with_links(list(area_page.object_list), period) if with_areas else None,
        "unit_choices": _unit_choices(user, root, units),
        "with_areas": with_areas,
    }


def _with_links(areas, period):
    """The area rows of a Polsek, each with the links of its figures."""
    hotspot = Period.of(*sel.hotspot_window(period.end))
    for area in areas:
        area.links = links.area_links(area.pk, period=period, hotspot=hotspot)
    return areas


def _unit_choices(user, root, units):
    """The units the unit picker offers: the way down from the user's unit to the page's unit,
    then the units directly below it (a Polda's 20 Polres, not its 361 units). One query."""
    above = [int(pk) for pk in root.path.strip("/").split("/")[:-1] if pk]
    ancestors = sorted(
        PoliceUnit.objects.visible_to(user).filter(pk__in=above), key=lambda unit: len(unit.path)
    )
    return [*ancestors, root, *(unit for unit in units if unit.parent_id == root.pk)]


def _facility_ratios(sarpras):
    """(name, items, officers per item) of the motorbike and HT rows of Table 3. One query."""
    codes = FacilityType.objects.order_by("sort_order", "name").values_list("code", flat=True)
    return [
        {"name": row[1], "items": row[2], "officers": row[6], "per_item": row[7]}
        for code, row in zip(codes, sarpras.rows, strict=False)
        if code in RATIO_FACILITIES
    ]


def overview(request):
    root = _root(request.user, request.GET.get("unit", "").strip() or None)
    context = _overview_context(request, root, with_areas=None)
    return render(request, "dashboard/overview.html", context)


def unit_dashboard(request, code):
    root = _root(request.user, code)
    context = _overview_context(request, root, with_areas=True)
    return render(request, "dashboard/overview.html", context)


def unstaffed_list(request):
    """The active areas without an active primary officer, in a unit and the units below it."""
    user = request.user
    root = _root(user, request.GET.get("unit", "").strip() or None)
    areas = sel.unstaffed_areas(user, root).select_related("unit", "region")
    context = {
        "root": root,
        "page": Paginator(areas.order_by("unit__sort_order", "name"), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
    }
    return render(request, "dashboard/unstaffed.html", context)


def _trend_chart(firsts, counts):
    # Month names only: twelve "Nov 22" labels overlap on a phone; the title gives the years.
    labels = [date_format(first, "M") for first in firsts]
    title = _("Visits per month, %(start)s – %(end)s") % {
        "start": date_format(firsts[0], "M Y"),
        "end": date_format(firsts[-1], "M Y"),
    }
    return column_chart(labels, {_("Visits"): counts}, title=title, width=CHART_WIDTH)


def area_page(request, pk):
    """The one page of an assisted area: its profile, officers, figures and latest rows."""
    user = request.user
    area = get_visible_object_or_404(
        AssistedArea.objects.select_related("unit", "region"), user, pk=pk
    )
    period, period_note = _period(request, area.unit)
    start, stop = period.bounds()
    visits = Visit.objects.visible_to(user).filter(
        area=area, occurred_at__gte=start, occurred_at__lt=stop
    )
    first, last = sel.hotspot_window(period.end)
    incidents = Incident.objects.visible_to(user).filter(
        area=area, occurred_on__gte=first, occurred_on__lte=last
    )
    warnings = sel.open_warnings(user).filter(area=area)
    cases = sel.open_cases(user).filter(area=area)
    context = {
        "area": area,
        # Every list on the page is the rows its figure counts, and says which.
        "figures": {
            "visits": visits.count(),
            "incidents": incidents.count(),
            "open_warnings": warnings.count(),
            "open_cases": cases.count(),
        },
        "links": links.area_links(area.pk, period=period, hotspot=Period.of(first, last)),
        "period": period,
        "period_note": period_note,
        "query": period.query(),
        "assignments": Assignment.objects.visible_to(user)
        .active()
        .filter(area=area)
        .select_related("officer"),
        "community_figures": CommunityFigure.objects.visible_to(user).filter(area=area),
        "security_posts": SecurityPost.objects.visible_to(user).filter(area=area),
        "visits": visits.select_related("officer", "activity")[:LIST_ROWS],
        "visits_chart": _trend_chart(*sel.area_visits_per_month(user, area, period.end)),
        "list_rows": LIST_ROWS,
        "incidents": incidents.select_related("category")[:LIST_ROWS],
        "hotspot_first": first,
        "hotspot_last": last,
        "warnings": warnings.select_related("officer")[:LIST_ROWS],
        "cases": cases.select_related("officer")[:LIST_ROWS],
    }
    return render(request, "dashboard/area.html", context)


def officer_page(request, pk):
    """The one page of an officer: profile, areas, visits, training, other duties."""
    user = request.user
    officer = get_visible_object_or_404(Officer.objects.select_related("unit"), user, pk=pk)
    period, period_note = _period(request, officer.unit)
    visits = Visit.objects.visible_to(user).filter(officer=officer)
    duties = OtherDuty.objects.visible_to(user).filter(officer=officer)
    start, stop = period.bounds()
    context = {
        "officer": officer,
        "figures": {
            "visits": visits.filter(occurred_at__gte=start, occurred_at__lt=stop).count(),
            "open_warnings": sel.open_warnings(user).filter(officer=officer).count(),
            "open_cases": sel.open_cases(user).filter(officer=officer).count(),
        },
        "links": links.officer_links(officer.pk, period=period),
        "period": period,
        "period_note": period_note,
        "query": period.query(),
        "assignments": Assignment.objects.visible_to(user)
        .active()
        .filter(officer=officer)
        .select_related("area"),
        "visits_chart": _trend_chart(*sel.visits_per_month(visits, period.end)),
        "training": TrainingRecord.objects.visible_to(user)
        .filter(officer=officer)
        .select_related("course"),
        "assessments": CompetencyAssessment.objects.visible_to(user)
        .filter(officer=officer)
        .order_by("competency", "-assessed_on"),
        "duty_hours": sel.other_duty_hours_by_kind(duties, period),
        "other_duties": duties[:LIST_ROWS],
    }
    return render(request, "dashboard/officer.html", context)
