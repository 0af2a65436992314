"""Pages for units, assisted areas and visits, and the exports of their lists; every query
goes through `visible_to`. An area's own page is the dashboard's (dashboard:area)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from bhabin.filters import AreaFilter, VisitFilter
from bhabin.models import Assignment, AssistedArea, ReviewStatus, Visit
from org.models import PoliceUnit
from org.roles import may_review
from org.scoping import get_visible_object_or_404
from reports.exports import EXPORT_ROWS_CHUNK, list_download

PAGE_SIZE = 50


def _with_primary_officers(areas, user):
    """Attach `primary_assignments`: the area's active primary assignments, in one extra query."""
    return areas.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.visible_to(user).active_primary().select_related("officer"),
            to_attr="primary_assignments",
        )
    )


def unit_detail(request, code):
    unit = get_visible_object_or_404(
        PoliceUnit.objects.select_related("parent"), request.user, code=code
    )
    areas = _with_primary_officers(
        AssistedArea.objects.visible_to(request.user)
        .filter(unit=unit, is_active=True)
        .select_related("region"),
        request.user,
    )
    context = {
        "unit": unit,
        "children": PoliceUnit.objects.visible_to(request.user).filter(parent=unit),
        "page": Paginator(areas, PAGE_SIZE).get_page(request.GET.get("page")),
        # An officer sees only their own assignments, so a blank would read as "no officer".
        "show_officers": not request.user.is_officer,
    }
    return render(request, "bhabin/unit_detail.html", context)


def _areas(request):
    listed = AreaFilter(request.GET, user=request.user)
    areas = listed.apply(
        AssistedArea.objects.visible_to(request.user)
        .filter(is_active=True)
        .select_related("unit", "region")
    )
    return listed, areas


def area_list(request):
    listed, areas = _areas(request)
    context = {
        "page": Paginator(areas, PAGE_SIZE).get_page(request.GET.get("page")),
        "listed": listed,
        "units": PoliceUnit.objects.visible_to(request.user),
    }
    return render(request, "bhabin/area_list.html", context)


@never_cache
def area_export(request):
    _listed, areas = _areas(request)
    header = [
        _("Kemendagri code"),
        _("Area"),
        _("Kind"),
        _("Unit"),
        _("Desa/kelurahan"),
        _("Population"),
        _("Households"),
        _("Vulnerability"),
    ]
    rows = (
        [
            area.code,
            area.name,
            area.get_kind_display(),
            area.unit.name,
            area.region.name if area.region_id else "",
            area.population,
            area.households,
            area.get_kakerda_level_display(),
        ]
        for area in areas.iterator(chunk_size=EXPORT_ROWS_CHUNK)
    )
    return list_download(
        stem="wilayah-binaan", sheet_name=_("Assisted areas"), header=header, rows=rows
    )


def _visits(request):
    listed = VisitFilter(request.GET, user=request.user)
    visits = listed.apply(
        Visit.objects.visible_to(request.user).select_related(
            "officer", "area", "area__unit", "activity"
        )
    )
    return listed, visits


def visit_list(request):
    listed, visits = _visits(request)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bhabin/visit_list.html", {"page": page, "listed": listed})


@never_cache
def visit_export(request):
    _listed, visits = _visits(request)
    header = [
        _("Time"),
        _("Officer"),
        _("NRP"),
        _("Area"),
        _("Unit"),
        _("Activity"),
        _("Households"),
        _("People met"),
        _("Complaints and aspirations heard"),
        _("Narrative"),
        _("Follow-up"),
        _("Status"),
    ]
    rows = (
        [
            visit.occurred_at,
            visit.officer.name,
            visit.officer.nrp,
            visit.area.name,
            visit.area.unit.name,
            visit.activity.name,
            visit.households_visited,
            visit.people_met,
            visit.complaints,
            visit.narrative,
            visit.follow_up,
            visit.get_status_display(),
        ]
        for visit in visits.iterator(chunk_size=EXPORT_ROWS_CHUNK)
    )
    return list_download(stem="kunjungan", sheet_name=_("Visits"), header=header, rows=rows)


def visit_detail(request, pk):
    visit = get_visible_object_or_404(
        Visit.objects.select_related("officer", "area", "area__unit", "activity"),
        request.user,
        pk=pk,
    )
    context = {
        "visit": visit,
        "history": visit.review_events.select_related("actor"),
        "can_correct": request.user.is_officer and visit.status == ReviewStatus.RETURNED,
        "can_review": may_review(request.user) and visit.status == ReviewStatus.SUBMITTED,
    }
    return render(request, "bhabin/visit_detail.html", context)
