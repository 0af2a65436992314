"""Pages for conflict incidents; every query goes through `visible_to`."""

from django.core.paginator import Paginator
from django.shortcuts import render

from bhabin.scoping import get_visible_object_or_404
from conflicts.models import Incident, Involvement

PAGE_SIZE = 50


def incident_list(request):
    incidents = Incident.objects.visible_to(request.user).select_related("unit", "area", "category")
    year = request.GET.get("tahun", "")
    if year.isdigit():
        incidents = incidents.filter(occurred_on__year=int(year))
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "conflicts/incident_list.html", {"page": page, "year": year})


def incident_detail(request, pk):
    incident = get_visible_object_or_404(
        Incident.objects.select_related("unit", "area", "category", "handling_officer"),
        request.user,
        pk=pk,
    )
    # Involvements are empty for roles that may not see people involved (see PEOPLE_INVOLVED_ROLES).
    involvements = (
        Involvement.objects.visible_to(request.user).filter(incident=incident).select_related("person")
    )
    return render(
        request, "conflicts/incident_detail.html", {"incident": incident, "involvements": involvements}
    )
