"""Pages for conflict incidents; every query goes through `visible_to`."""

from django.core.paginator import Paginator
from django.shortcuts import render

from audit.models import AccessLog
from audit.services import access_log_record
from bhabin.scoping import get_visible_object_or_404
from conflicts.models import PEOPLE_INVOLVED_ROLES, ConflictCategory, Incident, Involvement

PAGE_SIZE = 50


def incident_list(request):
    visible = Incident.objects.visible_to(request.user)
    incidents = visible.select_related("unit", "area", "category")
    year = request.GET.get("tahun", "").strip()
    if year.isdigit():
        incidents = incidents.filter(occurred_on__year=int(year))
    category_code = request.GET.get("kategori", "").strip()
    if category_code:
        incidents = incidents.filter(category__code=category_code)
    context = {
        "page": Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page")),
        "year": year,
        "category_code": category_code,
        "years": visible.dates("occurred_on", "year", order="DESC"),
        "categories": ConflictCategory.objects.visible_to(request.user),
    }
    return render(request, "conflicts/incident_list.html", context)


def incident_detail(request, pk):
    user = request.user
    incident = get_visible_object_or_404(
        Incident.objects.select_related("unit", "area", "category", "handling_officer"),
        user,
        pk=pk,
    )
    # Involvements are empty for roles that may not see people involved (see PEOPLE_INVOLVED_ROLES).
    involvements = list(
        Involvement.objects.visible_to(user).filter(incident=incident).select_related("person")
    )
    # Reading people involved is recorded (UU PDP 27/2022); one insert, only when any are shown.
    access_log_record(
        user=user,
        person_ids=[involvement.person_id for involvement in involvements],
        via=AccessLog.Via.INCIDENT_PAGE,
        path=request.path,
    )
    context = {
        "incident": incident,
        "involvements": involvements,
        "can_see_people": user.is_superuser or user.role in PEOPLE_INVOLVED_ROLES,
    }
    return render(request, "conflicts/incident_detail.html", context)
