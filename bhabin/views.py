"""Pages for units, assisted areas and visits; every query goes through `visible_to`."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render

from bhabin.models import AssistedArea, Assignment, PoliceUnit, Visit
from bhabin.scoping import get_visible_object_or_404

PAGE_SIZE = 50


def unit_detail(request, code):
    unit = get_visible_object_or_404(PoliceUnit, request.user, code=code)
    areas = (
        AssistedArea.objects.visible_to(request.user)
        .filter(unit=unit, is_active=True)
        .select_related("region")
        .annotate(
            primary_officers=Count(
                "assignments",
                filter=Q(assignments__role=Assignment.Role.PRIMARY, assignments__end_date__isnull=True),
            )
        )
    )
    return render(request, "bhabin/unit_detail.html", {"unit": unit, "areas": areas})


def area_list(request):
    areas = (
        AssistedArea.objects.visible_to(request.user)
        .filter(is_active=True)
        .select_related("unit", "region")
    )
    query = request.GET.get("q", "").strip()
    if query:
        areas = areas.filter(name__icontains=query)
    page = Paginator(areas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bhabin/area_list.html", {"page": page, "query": query})


def area_detail(request, pk):
    area = get_visible_object_or_404(
        AssistedArea.objects.select_related("unit", "region"), request.user, pk=pk
    )
    context = {
        "area": area,
        "assignments": Assignment.objects.visible_to(request.user)
        .active()
        .filter(area=area)
        .select_related("officer"),
        "community_figures": area.community_figures.all(),
        "security_posts": area.security_posts.all(),
        "visits": Visit.objects.visible_to(request.user)
        .filter(area=area)
        .select_related("officer", "activity")[:20],
    }
    return render(request, "bhabin/area_detail.html", context)


def visit_list(request):
    visits = Visit.objects.visible_to(request.user).select_related("officer", "area", "activity")
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bhabin/visit_list.html", {"page": page})


def visit_detail(request, pk):
    visit = get_visible_object_or_404(
        Visit.objects.select_related("officer", "area", "activity"), request.user, pk=pk
    )
    return render(request, "bhabin/visit_detail.html", {"visit": visit})
