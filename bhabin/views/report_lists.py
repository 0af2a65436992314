"""The lists of early-detection reports and problem-solving cases, the rows behind the open
counts of the dashboard; every query goes through `visible_to`."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from bhabin.filters import EarlyWarningFilter, ProblemCaseFilter
from bhabin.models import EarlyWarning, ProblemCase

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
