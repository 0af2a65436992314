"""Pages for units, assisted areas and visits; every query goes through `visible_to`."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from bhabin.models import (
    Assignment,
    AssistedArea,
    CommunityFigure,
    PoliceUnit,
    ReviewStatus,
    SecurityPost,
    Visit,
)
from bhabin.scoping import get_visible_object_or_404
from bhabin.views_field import can_review
from conflicts.models import Incident

PAGE_SIZE = 50
RECENT_ROWS = 20


def _with_primary_officers(areas, user):
    """Attach `primary_assignments`: the area's active primary assignments, in one extra query."""
    return areas.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.visible_to(user)
            .active()
            .filter(role=Assignment.Role.PRIMARY)
            .select_related("officer"),
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


def area_list(request):
    areas = (
        AssistedArea.objects.visible_to(request.user)
        .filter(is_active=True)
        .select_related("unit", "region")
    )
    query = request.GET.get("q", "").strip()
    if query:
        areas = areas.filter(name__icontains=query)
    unit_code = request.GET.get("satuan", "").strip()
    if unit_code:
        areas = areas.filter(unit__code=unit_code)
    context = {
        "page": Paginator(areas, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query,
        "unit_code": unit_code,
        "units": PoliceUnit.objects.visible_to(request.user),
    }
    return render(request, "bhabin/area_list.html", context)


def area_detail(request, pk):
    user = request.user
    area = get_visible_object_or_404(
        AssistedArea.objects.select_related("unit", "region"), user, pk=pk
    )
    context = {
        "area": area,
        "assignments": Assignment.objects.visible_to(user)
        .active()
        .filter(area=area)
        .select_related("officer"),
        "community_figures": CommunityFigure.objects.visible_to(user).filter(area=area),
        "security_posts": SecurityPost.objects.visible_to(user).filter(area=area),
        "visits": Visit.objects.visible_to(user)
        .filter(area=area)
        .select_related("officer", "activity")[:RECENT_ROWS],
        "incidents": Incident.objects.visible_to(user)
        .filter(area=area)
        .select_related("category")[:RECENT_ROWS],
    }
    return render(request, "bhabin/area_detail.html", context)


def visit_list(request):
    visits = Visit.objects.visible_to(request.user).select_related("officer", "area", "activity")
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bhabin/visit_list.html", {"page": page})


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
        "can_review": can_review(request.user) and visit.status == ReviewStatus.SUBMITTED,
    }
    return render(request, "bhabin/visit_detail.html", context)
