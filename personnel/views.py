"""Pages for officers; every query goes through `visible_to`."""

from django.core.paginator import Paginator
from django.shortcuts import render

from bhabin.models import Assignment
from bhabin.scoping import get_visible_object_or_404
from personnel.models import CompetencyAssessment, Officer, OtherDuty, TrainingRecord

PAGE_SIZE = 50
RECENT_ROWS = 20


def officer_list(request):
    officers = Officer.objects.visible_to(request.user).select_related("unit")
    query = request.GET.get("q", "").strip()
    if query:
        officers = officers.filter(name__icontains=query) | officers.filter(nrp=query)
    page = Paginator(officers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "personnel/officer_list.html", {"page": page, "query": query})


def officer_detail(request, pk):
    user = request.user
    officer = get_visible_object_or_404(Officer.objects.select_related("unit"), user, pk=pk)
    context = {
        "officer": officer,
        "assignments": Assignment.objects.visible_to(user)
        .active()
        .filter(officer=officer)
        .select_related("area"),
        "training": TrainingRecord.objects.visible_to(user)
        .filter(officer=officer)
        .select_related("course"),
        "assessments": CompetencyAssessment.objects.visible_to(user)
        .filter(officer=officer)
        .order_by("competency", "-assessed_on"),
        "other_duties": OtherDuty.objects.visible_to(user).filter(officer=officer)[:RECENT_ROWS],
    }
    return render(request, "personnel/officer_detail.html", context)
