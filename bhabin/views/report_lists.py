"""The lists of early-detection reports, problem-solving cases and scheduled visits, the rows
behind the open counts and the completeness figures of the dashboard; every query goes through
`visible_to`."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from bhabin.filters import EarlyWarningFilter, ProblemCaseFilter, ScheduleFilter
from bhabin.models import EarlyWarning, ProblemCase, VisitSchedule
from bhabin.schedules import visit_done

PAGE_SIZE = 50

LISTS = {
    "deteksi-dini": (EarlyWarning, EarlyWarningFilter, gettext_lazy("Early-detection reports")),
    "kasus": (ProblemCase, ProblemCaseFilter, gettext_lazy("Problem-solving cases")),
}


def field_report_list(request, kind):
    model, filter_class, title = LISTS[kind]
    listed = filter_class(request.GET, user=request.user)
    rows = listed.apply(
        model.objects.visible_to(request.user).select_related("officer", "area", "area__unit")
    )
    context = {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "listed": listed,
        "title": title,
        "kind": kind,
    }
    return render(request, "bhabin/field_report_list.html", context)


def schedule_list(request):
    """The scheduled visits a figure counts (planned in a month, done), each saying whether it
    was done."""
    listed = ScheduleFilter(request.GET, user=request.user)
    rows = listed.apply(
        VisitSchedule.objects.visible_to(request.user)
        .select_related("officer", "area", "area__unit")
        .annotate(done=visit_done())
        .order_by("planned_on", "officer__name", "pk")
    )
    context = {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "listed": listed,
    }
    return render(request, "bhabin/schedule_list.html", context)
